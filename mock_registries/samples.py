"""Sample identifiers for demos and load tests, taken from the world so that every one resolves
in every registry: derived deterministically from an index (so a demo or a locust user can walk
the national population) and the run seed.

- ``cccd``: a living adult who holds a driving licence (dân cư, hộ tịch's birth record);
- ``gplx``: that person's licence number (``World.licences_of``: a number names its holder);
- ``msdn`` / ``enterprise_name``: an active doanh nghiệp (ĐKDN) and its registered name, as a
  dossier submitted to it (``nopHoSo``) must name it;
- ``hkd``: an active hộ kinh doanh by its legacy ``8…`` tax code, drawn like ``msdn``:
  well-formed codes tried in a seeded order until the world has one.

``sample_cooperative`` draws an active hợp tác xã the same way, on demand and from a pool of
1,024 a day: cooperatives are about 4 % of codes, so a draw tries some twenty codes; only
dossiers that ask about one pay for it, and each of the pool's once.
- ``mother`` / ``mother_name``: a married woman of 20–40 of the same province, whose husband is
  alive, as a birth declaration (``dangKyHoTich`` LTKS) would name her.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache

from mock_registries.clock import VIETNAM_TZ, Clock
from mock_registries.data.identity import CccdParts, digest_int, format_cccd, make_mst
from mock_registries.world import DEFAULT_SEED, Enterprise, World
from mock_registries.world.geography import sample_province

__all__ = ["SampleIds", "sample_cooperative", "sample_identifiers"]

_PREFIXES = ("01", "03", "04", "02", "28", "36", "37", "29", "48", "56")


@dataclass(frozen=True, slots=True)
class SampleIds:
    cccd: str
    msdn: str
    gplx: str
    mother: str
    mother_name: str
    enterprise_name: str
    hkd: str


@lru_cache(maxsize=8)
def _world(seed: int) -> World:
    return World(seed, clock=Clock())


def _person(world: World, rng: random.Random, at: datetime, province: int) -> tuple[str, str]:
    while True:
        parts = CccdParts(
            province, rng.randint(1955, 2000), rng.random() < 0.5, rng.randrange(10**6)
        )
        person = world.person(format_cccd(parts), at)
        if person is None or not person.alive or person.permanent_address is None:
            continue
        held = world.licences_of(person.cccd, at)
        if held:
            return person.cccd, held[0].number


def _mother(world: World, rng: random.Random, at: datetime, province: int) -> tuple[str, str]:
    while True:
        year = rng.randint(at.year - 40, at.year - 20)
        parts = CccdParts(province, year, False, rng.randrange(10**6))
        person = world.person(format_cccd(parts), at)
        if person is None or not person.alive or person.marital_status != "2":
            continue
        husband = world.person(person.spouse.cccd, at) if person.spouse else None
        if husband is not None and husband.alive:
            return person.cccd, person.name.full


def _enterprise(
    world: World, rng: random.Random, at: datetime, kind: str, prefixes: tuple[str, ...]
) -> Enterprise:
    while True:
        found = world.enterprise(make_mst(rng, rng.choice(prefixes)), at)
        if found is not None and found.kind == kind and found.status_code == "1":
            return found


@lru_cache(maxsize=65_536)
def _sample(index: int, seed: int, day: date) -> SampleIds:
    world = _world(seed)
    at = datetime.combine(day, time(12), tzinfo=VIETNAM_TZ)
    rng = random.Random(f"sample:{seed}:{index}")
    province = sample_province(rng)
    cccd, gplx = _person(world, rng, at, province)
    mother, mother_name = _mother(world, rng, at, province)
    company = _enterprise(world, rng, at, "DN", _PREFIXES)
    household = _enterprise(world, rng, at, "HKD", ("8",))
    return SampleIds(cccd, company.code, gplx, mother, mother_name, company.name, household.code)


_COOPERATIVES = 1024  # distinct cooperatives a day: each drawn once, then reused


@lru_cache(maxsize=_COOPERATIVES)
def _cooperative(slot: int, seed: int, day: date) -> str:
    at = datetime.combine(day, time(12), tzinfo=VIETNAM_TZ)
    rng = random.Random(f"cooperative:{seed}:{slot}")
    return _enterprise(_world(seed), rng, at, "HTX", _PREFIXES).code


def sample_cooperative(key: str, seed: int = DEFAULT_SEED, at: datetime | None = None) -> str:
    """The MST of an active hợp tác xã of the world ``seed`` on the day of ``at``, one of
    ``_COOPERATIVES`` picked by ``key`` (a dossier's applicant: same key, same cooperative)."""
    moment = at if at is not None else _world(seed).now()
    slot = digest_int(seed, "cooperative", key) % _COOPERATIVES
    return _cooperative(slot, seed, moment.astimezone(VIETNAM_TZ).date())


def sample_identifiers(
    index: int, seed: int = DEFAULT_SEED, at: datetime | None = None
) -> SampleIds:
    """The ``index``-th sample of the world ``seed`` as of the day of ``at`` (default today;
    a run on a simulated clock passes its moment, so its people exist then)."""
    moment = at if at is not None else _world(seed).now()
    return _sample(index, seed, moment.astimezone(VIETNAM_TZ).date())
