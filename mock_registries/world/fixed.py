"""The fixed test identities (``mock_registries/data/fixtures.py``) as the world sees them."""

from __future__ import annotations

from datetime import datetime, timedelta

from mock_registries.data import fixtures
from mock_registries.data.identity import CccdParts, format_cccd, parse_cccd
from mock_registries.world.keys import mix
from mock_registries.world.lives import registration_moment

__all__ = ["FIXED_PEOPLE", "fixed_marriage", "ints", "to_parts"]


def to_parts(cccd: str | None) -> CccdParts | None:
    return None if cccd is None else parse_cccd(cccd)


def ints(parts: CccdParts) -> tuple[int, int, int, int]:
    return parts.province_code, parts.birth_year, int(parts.male), parts.serial


FIXED_PEOPLE = {to_parts(cid): citizen for cid, citizen in fixtures.CITIZENS.items()}


def fixed_marriage(
    parts: CccdParts, spouse: str | None
) -> tuple[CccdParts, CccdParts, datetime] | None:
    """(husband, wife, registration moment) of a fixed couple: a year before the first
    child, or at the husband's 26th birthday — the same under every seed."""
    other = to_parts(spouse)
    if other is None:
        return None
    husband, wife = (parts, other) if parts.male else (other, parts)
    husband_cid = format_cccd(husband)
    kids = [c.birth_date for c in fixtures.CITIZENS.values() if c.father == husband_cid]
    born = FIXED_PEOPLE[husband].birth_date
    day = min(kids) - timedelta(days=420) if kids else born.replace(year=born.year + 26)
    return husband, wife, registration_moment(day, mix(0, 24, *ints(husband)))
