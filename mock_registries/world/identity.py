"""Identity papers and contacts of a citizen: the old CMND, the CCCD card, the phone number.

- **CMND** (the 9-digit card, issued until 2016 from age 14): a keyed permutation maps a CCCD
  of someone born by 2001 to a local number (``data.identity.cmnd_of``); the ≈5 % whose image
  falls in the 7-digit range held one, so a CMND look-up decodes its holder without an index.
  Fixed test identities keep their documented CMND, and no generated holder shares one.
- **CCCD card** (NgayCapCCCD): the 12-digit cards were issued from 2016 — everyone who was
  already 14 got one during the roll-out (2016 to mid-2024, by a seeded day) — and a card is
  renewed at 25, 40 and 60 (Luật Căn cước 2023 Điều 21), within three months of the birthday,
  on a working day. The answer is the latest card issued by the day asked about.
- **Phone** (SoDienThoai): a mobile number on a real Vietnamese prefix [INF].
"""

from __future__ import annotations

from datetime import date

from mock_registries.data import fixtures
from mock_registries.data.identity import (
    CccdParts,
    cccd_of_cmnd,
    cmnd_of as _cmnd_of,
    parse_cccd,
)
from mock_registries.world.calendar import previous_working_day
from mock_registries.world.fixed import FIXED_PEOPLE
from mock_registries.world.keys import MASK64, SPREAD
from mock_registries.world.people import People

__all__ = ["card_issued", "cmnd_of", "holder_of_cmnd", "phone_of"]

_MOBILE_PREFIXES = ("32", "33", "34", "35", "36", "37", "38", "39", "70", "76", "77", "78", "79",
                    "81", "82", "83", "84", "85", "86", "88", "89", "90", "91", "93", "94", "96",
                    "97", "98")  # fmt: skip
_PREFIXES = len(_MOBILE_PREFIXES)
_FIXED_CMND = {c.cmnd: cid for cid, c in fixtures.CITIZENS.items() if c.cmnd}
_ROLLOUT_ORDINAL = date(2016, 1, 1).toordinal()
_ROLLOUT_DAYS = date(2024, 7, 1).toordinal() - _ROLLOUT_ORDINAL
_RENEWALS = (25, 40, 60)
_AGE_DAYS = {age: int(age * 365.25) + 1 for age in (14, *_RENEWALS)}  # a day past the birthday


def cmnd_of(people: People, parts: CccdParts) -> str | None:
    """The CMND number the citizen ``parts`` held, if any."""
    fixed = FIXED_PEOPLE.get(parts)
    if fixed is not None:
        return fixed.cmnd
    number = _cmnd_of(people.seed, parts)
    return None if number is None or number in _FIXED_CMND else number


def holder_of_cmnd(people: People, cmnd: str) -> CccdParts | None:
    """Whose CMND ``cmnd`` was (None: never issued, or its holder does not exist)."""
    fixed = _FIXED_CMND.get(cmnd)
    if fixed is not None:
        return parse_cccd(fixed)
    cccd = cccd_of_cmnd(people.seed, cmnd)
    parts = None if cccd is None else parse_cccd(cccd)
    if parts is None or parts in FIXED_PEOPLE or not people.facts.generated(parts):
        return None
    return parts


def phone_of(seed: int, parts: CccdParts) -> str:
    h = hash((seed, 71, *parts)) & MASK64  # = mix(seed, 71, *ints(parts)), inlined
    h = (h ^ h >> 32) * SPREAD & MASK64
    h ^= h >> 32
    # the seven digits zero-padded by a leading 1 cut off: cheaper than a format spec
    return f"0{_MOBILE_PREFIXES[h % _PREFIXES]}{str((h >> 8) % 10**7 + 10**7)[1:]}"


def card_issued(seed: int, parts: CccdParts, birth: date, today: date) -> date | None:
    """The issue date of the citizen's current CCCD card on ``today`` (None: none yet).

    Each card is made 10–99 days after its birthday (or on a roll-out day), on the working day
    before: never before the birthday, since no run of days off is longer than nine."""
    h = hash((seed, 72, *parts)) & MASK64  # = mix(…), inlined
    h = (h ^ h >> 32) * SPREAD & MASK64
    h ^= h >> 32
    ordinal = birth.toordinal()
    rollout = _ROLLOUT_ORDINAL + h % _ROLLOUT_DAYS
    latest = max(rollout, ordinal + _AGE_DAYS[14] + 10 + (h >> 16) % 90)
    if latest > today.toordinal():
        return None
    for age in _RENEWALS:
        renewal = ordinal + _AGE_DAYS[age] + 10 + (h >> (20 + age)) % 90
        if latest < renewal <= today.toordinal():
            latest = renewal
    return previous_working_day(date.fromordinal(latest))
