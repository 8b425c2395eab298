"""The one slot ↔ key bijection of the slot registers (ĐKDN amendment dossiers, GPLX renewals):
its outputs are pinned by a digest taken from the two hand-written copies it replaced, and each
key decodes back to its own slot."""

from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta

from mock_registries.data.identity import CccdParts
from mock_registries.world import World

# sha256 of the walk below, computed with the pre-refactor business_dossiers.py / renewals.py
# (main at 7513321): the shared helper must give byte-identical codes, holders and slots.
GOLDEN = "c818d9b1fbd2dc283cde81439901aac55617a8cc31887a63988952ad69eb3841"
EPOCH = date(2020, 1, 1)


def _walk(seed: int, digest: hashlib._Hash) -> None:
    world = World(seed)
    business, renewals = world.business_desk, world.renewal_desk
    for slot in range(0, 3000 * 128, 37):
        day, number = EPOCH + timedelta(days=slot // 128), slot % 128
        code = business.code_of(day, number)
        digest.update(repr((code, code and business.slot_of(code[:9]))).encode())
    for slot in range(0, 3000 * 1024, 301):
        day, number = EPOCH + timedelta(days=slot // 1024), slot % 1024
        holder = renewals.holder_of(day, number)
        digest.update(repr((holder, holder and renewals.slot_of(holder))).encode())
    rng = random.Random(seed)
    for _ in range(20_000):
        digest.update(repr(business.slot_of(f"{rng.randrange(10**9):09d}")).encode())
        holder = CccdParts(
            rng.choice((1, 79, 48, 96)), rng.randint(1940, 2010), rng.random() < 0.5,
            rng.randrange(10**6),
        )  # fmt: skip
        digest.update(repr(renewals.slot_of(holder)).encode())


def test_the_shared_bijection_is_byte_identical_to_the_two_it_replaced() -> None:
    digest = hashlib.sha256()
    for seed in (2024, 7):
        _walk(seed, digest)
    assert digest.hexdigest() == GOLDEN


def test_every_issued_slot_decodes_back_from_its_key() -> None:
    world = World(2024)
    business, renewals = world.business_desk, world.renewal_desk
    day, checked = date(2026, 6, 15), 0
    for number in range(1, business.numbering.count(day) + 1):
        code = business.code_of(day, number)
        if code is not None:
            assert business.slot_of(code[:9]) == (day, number)
            checked += 1
    for number in range(1, renewals.numbering.count(day) + 1):
        holder = renewals.holder_of(day, number)
        assert holder is not None and renewals.slot_of(holder) == (day, number)
        checked += 1
    assert checked > 200
    assert renewals.slot_of(CccdParts(999, 1980, True, 1)) is None  # no such province
    assert business.slot_of("00xxxxxxx") is None
