"""The walk-through family of docs/test-identities.md, end to end on the simulated clock."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mock_registries.data import fixtures
from mock_registries.data.identity import format_cccd
from mock_registries.world import (
    BirthDeclaration,
    DeathDeclaration,
    Delays,
    Duplicate,
    MarriageDeclaration,
    NotFound,
    Rejected,
    StoreFull,
    World,
    WorldSettings,
    parse_name,
)
from mock_registries.world.dossiers import DONE, HANDED_OVER, PENDING
from tests.mock_registries.world.conftest import MOMENT

HUNG, HOA, QUAN, HA = (
    fixtures.FATHER_HUNG,
    fixtures.MOTHER_HOA,
    fixtures.GROOM_QUAN,
    fixtures.BRIDE_HA,
)
HOUR = 3600.0


def advance(world: World, hours: float) -> None:
    world.clock.advance(hours * HOUR)


def test_marriage_then_birth_then_death(world: World) -> None:
    dossier = world.register_marriage(MarriageDeclaration(QUAN, HA, one_stop_code="MCDT-1"))
    assert world.person(QUAN).marital_status == "1"  # hộ tịch has not registered it yet
    advance(world, 4)
    groom, bride = world.person(QUAN), world.person(HA)
    assert groom.marital_status == bride.marital_status == "2"
    assert groom.spouse.cccd == HA and bride.spouse.cccd == QUAN
    assert world.marriage_record(HA) == world.marriage_record(QUAN)
    assert dossier.status(world.now()) == 4

    born = MOMENT.date() - timedelta(days=2)
    name = parse_name("TRẦN MINH KHÔI")
    birth = world.register_birth(BirthDeclaration(name, True, born, mother=HA, father=QUAN))
    advance(world, 4)
    cccd = format_cccd(birth.event.child)  # type: ignore[union-attr]
    assert cccd.startswith("048") and cccd[3:6] == "226"  # Đà Nẵng, boy born in 2026
    seen = world.person(cccd)
    assert seen is not None and seen.name.full == "Trần Minh Khôi" and seen.birth_date == born
    assert seen.father.cccd == QUAN and seen.mother.cccd == HA
    assert world.birth_record(cccd).child.cccd == cccd
    assert [s.state for s in birth.legs(world.now(), world.delays())] == [
        DONE,
        PENDING,
        HANDED_OVER,
    ]
    assert seen.head is None  # thường trú not registered yet
    advance(world, 24 * 5)
    assert [s.state for s in birth.legs(world.now(), world.delays())] == [DONE, DONE, HANDED_OVER]
    home = world.household_of(cccd)
    assert home is not None and home.head.cccd == HUNG
    assert {(m.person.cccd, m.relation) for m in home.members} >= {(cccd, "CH04"), (QUAN, "CH03")}

    death = world.register_death(DeathDeclaration(HUNG, world.now().date() - timedelta(days=1)))
    advance(world, 24 * 3)  # filed on a Saturday: registered on Monday
    assert world.person(HUNG).died_on is not None and world.person(HOA).marital_status == "4"
    # As docs/test-identities.md says: her record has no spouse now; his, closed by his death,
    # keeps what held then.
    deceased, widow = world.person(HUNG), world.person(HOA)
    assert widow.spouse is None
    assert deceased.marital_status == "2" and deceased.spouse.cccd == HOA  # type: ignore[union-attr]
    assert [s.state for s in death.legs(world.now(), world.delays())][0] == DONE
    advance(world, 24 * 5)
    assert world.person(HUNG).permanent_address is None and world.household(HUNG) is None
    widow_home = world.household(HOA)
    assert widow_home is not None and widow_home.number == home.number
    assert [s.state for s in death.legs(world.now(), world.delays())] == [DONE, DONE, HANDED_OVER]
    assert world.death_record(HUNG).registration.dossier == death.code


def test_a_stretched_sync_delay_holds_back_what_dan_cu_shows(world: World) -> None:
    world.set_delays(Delays(dan_cu_sync_seconds=3 * 24 * HOUR))
    world.register_marriage(MarriageDeclaration(QUAN, HA))
    advance(world, 24)
    assert world.marriage_record(QUAN) is not None  # hộ tịch has it
    assert world.person(QUAN).marital_status == "1"  # dân cư does not yet (rows 12/13)
    advance(world, 24 * 3)
    assert world.person(QUAN).marital_status == "2"


def test_a_file_received_after_15h_is_registered_the_next_working_day(world: World) -> None:
    late = MOMENT.replace(hour=16)  # Monday 15/6/2026
    dossier = world.register_marriage(MarriageDeclaration(QUAN, HA), late)
    assert dossier.registered_at.date() == date(2026, 6, 16)
    assert dossier.status(late) == 1


@pytest.mark.parametrize(
    ("declaration", "reason"),
    [
        (MarriageDeclaration(HUNG, HA), "DA_KET_HON"),
        (MarriageDeclaration(HA, QUAN), "CUNG_GIOI_TINH"),
        (MarriageDeclaration(fixtures.SON_CHAU, HA), "CHUA_DU_TUOI"),
    ],
)
def test_the_registrar_refuses_unlawful_marriages(
    world: World, declaration: MarriageDeclaration, reason: str
) -> None:
    with pytest.raises(Rejected) as refused:
        world.register_marriage(declaration)
    assert refused.value.reason == reason


def test_siblings_cannot_marry_and_the_dead_cannot_die_twice(world: World) -> None:
    with pytest.raises(Rejected) as refused:
        world.register_marriage(MarriageDeclaration(fixtures.SON_CHAU, fixtures.DAUGHTER_DIEP))
    assert refused.value.reason in ("CHUA_DU_TUOI", "CUNG_HUYET_THONG")
    world.register_death(DeathDeclaration(HUNG, MOMENT.date()))
    advance(world, 4)
    with pytest.raises(Rejected) as twice:
        world.register_death(DeathDeclaration(HUNG, MOMENT.date()))
    assert twice.value.reason == "DA_CHET"
    with pytest.raises(NotFound):
        world.register_death(DeathDeclaration("001399999999", MOMENT.date()))  # born 2099


def test_one_stop_codes_are_not_filed_twice_and_the_store_is_bounded() -> None:
    from mock_registries.clock import Clock

    world = World(2024, WorldSettings(max_stored_dossiers=1), clock=Clock.frozen_at(MOMENT))
    first = world.register_marriage(MarriageDeclaration(QUAN, HA, one_stop_code="X-1"))
    with pytest.raises(Duplicate) as again:
        world.register_death(DeathDeclaration(HUNG, MOMENT.date(), one_stop_code="X-1"))
    assert again.value.existing == first.code
    with pytest.raises(StoreFull):
        world.register_death(DeathDeclaration(HUNG, MOMENT.date()))
    assert world.dossier("X-1") is first
