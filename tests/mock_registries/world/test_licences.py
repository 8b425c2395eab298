from __future__ import annotations

from datetime import date

from mock_registries.data import fixtures
from mock_registries.world import World
from mock_registries.world.licences import NEW_LAW, POLICE, luhn_digit, validity


def test_the_fixed_licence(shared_world: World) -> None:
    licence = shared_world.licence(fixtures.LICENCE_AN)
    assert licence is not None and licence.holder.cccd == fixtures.HEAD_AN
    assert [c.klass for c in licence.classes] == ["B2"] and licence.state == "Còn hiệu lực"
    assert shared_world.licences_of(fixtures.HEAD_AN) == (licence,)


def test_validity_by_the_law_at_issue() -> None:
    birth, issued = date(1980, 5, 14), date(2020, 6, 15)
    assert validity("B2", "2008", issued, birth, True) == date(2030, 6, 15)
    assert validity("B1", "2008", issued, birth, True) == date(2040, 5, 14)  # to 60
    assert validity("B1", "2008", date(2032, 1, 5), birth, True) == date(2042, 1, 5)  # after 50
    assert validity("A1", "2024", date(2025, 3, 5), birth, True) is None
    assert validity("B", "2024", date(2025, 3, 5), birth, True) == date(2035, 3, 5)
    assert validity("D", "2024", date(2035, 3, 5), birth, True) == date(2037, 5, 14)  # 57


def test_numbers_and_holders_agree_and_issuers_follow_the_date(shared_world: World) -> None:
    found = 0
    for serial in range(0, 400_000, 997):
        cccd = f"079085{serial:06d}"
        for licence in shared_world.licences_of(cccd):
            found += 1
            assert shared_world.licence(licence.number).holder.cccd == cccd
            assert luhn_digit(licence.number[:11]) == int(licence.number[11])
            for klass in licence.classes:
                assert klass.issuer.startswith("Phòng Cảnh sát") == (klass.issued >= POLICE)
                assert (klass.regime == "2024") == (klass.issued >= NEW_LAW)
    assert found > 100
    assert shared_world.licence("790000000000") is None  # not issued
