"""World check: sample identifiers, check every cross-registry invariant, count per invariant.

    check_world(seed=2024, sample=10_000) -> {"I7 spouses reference each other": Count(…), …}

Identifiers are sampled like residents (province by 2019 census weight, birth year 1925 to
now, either sex); each sampled person is looked up as every registry would show them and
checked against the invariants of world_model_facts §10.2 (I1–I19) and the household rules.
Enterprises and licences are sampled alongside (one random MST and the person's licence per
sample), and a few birth, marriage and death declarations are filed and followed through the
liên thông legs (I18); the dossiers the ĐKDN and GPLX registries list are followed to their
enterprise and licence. A count is (checked, contradictions); a healthy world has 0
contradictions everywhere. Examples of contradictions keep only masked identifiers.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from mock_registries.clock import VIETNAM_TZ, Clock
from mock_registries.data.identity import make_mst
from mock_registries.world.check_dossiers import dossier_checks
from mock_registries.world.check_people import PersonChecks
from mock_registries.world.check_rules import enterprise_checks, flow_checks, sample_people
from mock_registries.world.settings import WorldSettings
from mock_registries.world.world import World

__all__ = ["Count", "check_world", "sample_people"]

DEFAULT_MOMENT = datetime(2026, 6, 15, 10, 0, tzinfo=VIETNAM_TZ)


@dataclass
class Count:
    checked: int = 0
    contradictions: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, ok: bool, example: str = "") -> None:
        self.checked += 1
        if not ok:
            self.contradictions += 1
            if len(self.examples) < 3 and example:
                self.examples.append(example)


def check_world(
    seed: int,
    sample: int,
    *,
    sample_seed: int = 1,
    at: datetime = DEFAULT_MOMENT,
    settings: WorldSettings | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Count]:
    """Counts per invariant over ``sample`` sampled identifiers of the world ``seed``."""
    world = World(seed, settings, clock=Clock.frozen_at(at))
    counts: dict[str, Count] = {}

    def count(name: str) -> Count:
        return counts.setdefault(name, Count())

    rng = random.Random(f"check:{sample_seed}")
    people = PersonChecks(world, at, count)
    for done, parts in enumerate(sample_people(rng, sample, at), start=1):
        people.check(parts)
        prefix = rng.choice(("01", "03", "04", "02", "28", "36", "37", "29"))
        enterprise_checks(world, make_mst(rng, prefix), at, count)
        if progress is not None and done % 1000 == 0:
            progress(done)
    flow_checks(world, rng, at, count, max(3, sample // 2000))
    dossier_checks(world, at, count, max(20, sample // 20))
    return dict(sorted(counts.items()))
