"""Statistics the issue found wrong: name diversity, ethnicity by province, migration."""

from __future__ import annotations

import random
from collections import Counter

from mock_registries.data.identity import format_cccd
from mock_registries.world import Person, World
from mock_registries.world.check_rules import sample_people
from tests.mock_registries.world.conftest import MOMENT


def _people(world: World, count: int, seed: int) -> list[Person]:
    found = (
        world.person(format_cccd(p)) for p in sample_people(random.Random(seed), count, MOMENT)
    )
    return [p for p in found if p is not None]


def test_names_are_diverse_and_fit_the_sex(shared_world: World) -> None:
    rng = random.Random(11)
    names = Counter()
    for parts in sample_people(rng, 20_000, MOMENT):
        if shared_world.facts.generated(parts):
            name = shared_world.lives.name(parts)
            names[name.full] += 1
            assert ("Thị" in name.middle.split()) <= (not parts.male)
    # ≈8.3k distinct per 10k in the real UIT sample (world_model_facts §1): > 70 % here too.
    assert len(names) > 0.7 * sum(names.values())
    assert names.most_common(1)[0][1] < 0.005 * sum(names.values())


def test_ethnicity_follows_the_province(shared_world: World) -> None:
    rng = random.Random(12)
    shares = {}
    for province in (2, 94, 1):
        codes = Counter(
            shared_world.lives.lineage(province, rng.randrange(1000)).ethnicity for _ in range(400)
        )
        shares[province] = codes
    assert shares[2]["08"] > 0.2 * 400  # H'Mông ≈32 % of Hà Giang
    assert shares[94]["05"] > 0.2 * 400  # Khmer ≈31 % of Sóc Trăng
    assert shares[1]["01"] > 0.95 * 400  # Hà Nội is Kinh


def test_migrants_spread_over_destinations(shared_world: World) -> None:
    away = Counter()
    for person in _people(shared_world, 6000, 13):
        here, there = person.permanent_address, person.current_address
        if here is not None and there is not None and here.ward != there.ward:
            away[there.ward.district.province.code] += 1
    total = sum(away.values())
    assert total > 60
    assert away[79] < 0.45 * total  # not everyone moves to TP HCM
    assert len(away) >= 8 and away[74] > 0 and away[1] > 0
