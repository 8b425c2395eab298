"""Golden digest of the world's facts: a speed-up of the world must leave it unchanged.

Samples ``--people`` identifiers like residents (the world check's sampler, a fixed seed) and
hashes, at a fixed moment, what every registry shows of each: the dân cư ``CongDan`` JSON, the
household, the hộ tịch birth/death/marriage records, the GPLX licences, the DNTN and hộ kinh
doanh the person owns and one sampled MST per person (ĐKDN view: members, representatives).
Then a few births, marriages and deaths are filed and their people looked up again after the
processing delays. Look-ups run in two orders (as sampled; then reversed, each person's relatives
looked up in a fresh world) so that a memo leaking order-dependent state changes the digest too.

    .venv/bin/python -m bench.world_digest [--people 3000] [--seed 2024]

Prints one SHA-256 per part and one over all; record them in bench/world_results.txt before
an optimisation and compare after.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
from collections.abc import Iterable
from datetime import datetime, timedelta

import orjson

from mock_registries.clock import VIETNAM_TZ, Clock
from mock_registries.dan_cu.view import congdan_json
from mock_registries.data.identity import CccdParts, format_cccd, make_mst
from mock_registries.dkdn.view import enterprise as enterprise_json
from mock_registries.gplx.view import licence as licence_json
from mock_registries.ho_tich.shapes import book_fields
from mock_registries.world import World
from mock_registries.world.check_rules import flow_checks, sample_people

MOMENT = datetime(2026, 6, 15, 10, 0, tzinfo=VIETNAM_TZ)


def _dump(value: object) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATETIME,
                        default=repr)  # fmt: skip


def _person_facts(world: World, cccd: str) -> Iterable[bytes]:
    person = world.person(cccd, MOMENT)
    yield _dump(None if person is None else congdan_json(person))
    yield repr(person).encode()
    yield repr(world.household_of(cccd, MOMENT)).encode()
    for record in (
        world.birth_record(cccd, MOMENT),
        world.death_record(cccd, MOMENT),
        world.marriage_record(cccd, MOMENT),
    ):
        yield _dump(None if record is None else book_fields(record))
    yield _dump([licence_json(item) for item in world.licences_of(cccd, MOMENT)])
    for code in world.owned_by(cccd, MOMENT):
        found = None if code is None else world.enterprise(code, MOMENT)
        yield _dump(None if found is None else enterprise_json(found))


def digests(seed: int, people: int) -> dict[str, str]:
    rng = random.Random("world-digest")
    ids = [format_cccd(parts) for parts in sample_people(rng, people, MOMENT)]
    codes = [make_mst(rng, rng.choice(("01", "03", "04", "02", "28", "36"))) for _ in ids]
    parts: dict[str, hashlib._Hash] = {
        name: hashlib.sha256() for name in ("people", "reversed, relatives", "enterprises", "flows")
    }
    world = World(seed, clock=Clock.frozen_at(MOMENT))
    for cccd in ids:
        for chunk in _person_facts(world, cccd):
            parts["people"].update(chunk)
    for code in codes:
        found = world.enterprise(code, MOMENT)
        parts["enterprises"].update(_dump(None if found is None else enterprise_json(found)))
    world = World(seed, clock=Clock.frozen_at(MOMENT))  # cold again, another order
    for cccd in reversed(ids):
        person = world.person(cccd, MOMENT)
        relatives = () if person is None else (person.spouse, person.mother, person.father)
        for relative in relatives:
            if relative is not None:
                seen = world.person(relative.cccd, MOMENT)
                parts["reversed, relatives"].update(
                    _dump(None if seen is None else congdan_json(seen))
                )
        parts["reversed, relatives"].update(repr(world.person(cccd, MOMENT)).encode())
    parts["flows"].update(_flows(seed))
    total = hashlib.sha256()
    for value in parts.values():
        total.update(value.digest())
    return {**{name: value.hexdigest() for name, value in parts.items()}, "all": total.hexdigest()}


def _flows(seed: int) -> bytes:
    """Births, marriages and deaths filed at MOMENT, their people a month later."""
    clock = Clock.frozen_at(MOMENT)
    world = World(seed, clock=clock)
    counts: dict[str, list[bool]] = {}

    class _Count:
        def __init__(self, name: str) -> None:
            self.name = name

        def add(self, ok: bool, example: str = "") -> None:
            counts.setdefault(self.name, []).append(ok)

    flow_checks(world, random.Random("world-digest-flows"), MOMENT, _Count, 6)
    later = MOMENT + timedelta(days=30)
    chunks = [_dump(counts)]
    for dossier in world.dossiers():
        chunks.append(repr(dossier).encode())
        for cccd in _cccds(repr(dossier)):
            person = world.person(cccd, later)
            chunks.append(_dump(None if person is None else congdan_json(person)))
    return b"".join(chunks)


def _cccds(text: str) -> list[str]:
    """The people a dossier's repr names (its ``CccdParts``)."""
    found = re.findall(r"CccdParts\(province_code=(\d+), birth_year=(\d+), male=(\w+), "
                       r"serial=(\d+)\)", text)  # fmt: skip
    people = {format_cccd(CccdParts(int(p), int(y), m == "True", int(s))) for p, y, m, s in found}
    return sorted(people)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    for name, value in digests(args.seed, args.people).items():
        print(f"{name:16} {value}")


if __name__ == "__main__":
    main()
