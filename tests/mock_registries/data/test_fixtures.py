from __future__ import annotations

from pathlib import Path

from mock_registries.data import fixtures
from mock_registries.data.identity import parse_cccd, parse_mst

DOC = Path(__file__).resolve().parents[3] / "docs" / "test-identities.md"


def test_every_fixed_identity_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for identifier in (*fixtures.CITIZENS, *fixtures.ENTERPRISES, *fixtures.LICENCES):
        assert f"`{identifier}`" in text, identifier
    for citizen in fixtures.CITIZENS.values():
        assert " ".join(citizen.name) in text


def test_fixed_identities_are_well_formed_and_consistent() -> None:
    for cid, citizen in fixtures.CITIZENS.items():
        parts = parse_cccd(cid)
        assert parts is not None and parts.birth_year == citizen.birth_date.year
        assert parts.male == (
            citizen.relation != "CH02" and not citizen.name.middle.startswith("Thị")
        )
        assert citizen.head in fixtures.CITIZENS
        if citizen.spouse is not None:
            assert fixtures.CITIZENS[citizen.spouse].spouse == cid
    for mst, enterprise in fixtures.ENTERPRISES.items():
        assert parse_mst(mst).branch is None
        assert enterprise.representative in fixtures.CITIZENS
    for licence in fixtures.LICENCES.values():
        assert licence.holder in fixtures.CITIZENS
