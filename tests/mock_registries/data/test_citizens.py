from __future__ import annotations

from collections import Counter
from datetime import date

from mock_registries.data import fixtures
from mock_registries.data.admin_units import PROVINCES
from mock_registries.data.citizens import MARRIED, Population
from mock_registries.data.identity import CccdParts, format_cccd, parse_cccd

TODAY = date(2026, 11, 23)


def _ids(count: int) -> list[str]:
    """Well-formed CCCDs across provinces, birth years 1950–2019 and both genders."""
    return [
        format_cccd(CccdParts(PROVINCES[i % 63].code, 1950 + i % 70, i % 2 == 0, i * 7919 % 10**6))
        for i in range(count)
    ]


def test_record_agrees_with_its_cccd() -> None:
    population = Population(2024, 0.0)
    for cid in _ids(300):
        citizen = population.get(cid, TODAY)
        parts = parse_cccd(cid)
        assert citizen is not None and parts is not None
        assert citizen.birth_date.year == parts.birth_year
        assert citizen.male == parts.male
        assert citizen.birth_place.ward.district.province.code == parts.province_code


def test_same_seed_same_record_other_seed_other_record() -> None:
    first, again, other = Population(1, 0.0), Population(1, 0.0), Population(2, 0.0)
    ids = _ids(50)
    assert [first.get(c, TODAY) for c in ids] == [again.get(c, TODAY) for c in ids]
    assert [first.get(c, TODAY) for c in ids] != [other.get(c, TODAY) for c in ids]


def test_family_links_agree_from_both_ends() -> None:
    population = Population(2024, 0.0)
    checked = 0
    for cid in _ids(400):
        citizen = population.get(cid, TODAY)
        assert citizen is not None
        if citizen.spouse is not None:
            spouse = population.get(citizen.spouse.so_dinh_danh, TODAY)
            assert spouse is not None and spouse.spouse is not None
            assert spouse.spouse.so_dinh_danh == cid
            assert spouse.name == citizen.spouse.name
            assert spouse.tinh_trang_hon_nhan == MARRIED
            checked += 1
        if citizen.father is not None:
            father = population.get(citizen.father.so_dinh_danh, TODAY)
            assert father is not None
            assert father.name == citizen.father.name
            assert father.name.surname == citizen.name.surname
        if citizen.head.so_dinh_danh != cid:
            head = population.get(citizen.head.so_dinh_danh, TODAY)
            assert head is not None and head.head.so_dinh_danh == head.so_dinh_danh
            assert head.thuong_tru == citizen.thuong_tru
            assert head.so_ho_khau == citizen.so_ho_khau
    assert checked > 50


def test_surnames_follow_national_frequencies() -> None:
    population = Population(5, 0.0)
    counts = Counter(population.get(c, TODAY).name.surname for c in _ids(3000))  # type: ignore[union-attr]
    assert 0.28 < counts["Nguyễn"] / 3000 < 0.48
    assert counts["Nguyễn"] > counts["Trần"] > counts["Lý"]


def test_unborn_and_absent_citizens_are_not_found() -> None:
    population = Population(2024, 1.0)
    assert population.get("001227000001", TODAY) is None  # born 2027
    assert population.get("001095123457", TODAY) is None  # not_found_ratio 1.0
    assert population.get(fixtures.HEAD_AN, TODAY) is not None  # fixtures always exist


def test_fixture_household() -> None:
    population = Population(99, 0.5)
    head = population.get(fixtures.HEAD_AN, TODAY)
    son = population.get(fixtures.SON_CHAU, TODAY)
    assert head is not None and son is not None
    assert head.name.full == "Nguyễn Văn An"
    assert son.father is not None and son.father.so_dinh_danh == fixtures.HEAD_AN
    assert son.mother is not None and son.mother.name.full == "Trần Thị Bình"
    assert son.head.so_dinh_danh == fixtures.HEAD_AN and son.relation_to_head == "CH03"
    assert son.so_ho_khau == head.so_ho_khau
