"""``World``: the one national world the four registries are views of.

    world = World(seed, WorldSettings(), clock=clock)
    world.person("001080012345")             # dân cư, as of the clock's now
    world.household_of("001210000123")
    world.birth_record(cccd) / death_record / marriage_record     # hộ tịch
    world.register_birth(BirthDeclaration(...))                   # → CivilDossier
    world.enterprise("0109991239") / world.roles_of(cccd)          # ĐKDN
    world.licence("010123456789") / world.licences_of(cccd)        # GPLX

Every answer is a pure function of (seed, identifier, simulated moment, events filed in the
run). ``at`` defaults to the clock's now; a view passes the moment of its request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from mock_registries.clock import Clock
from mock_registries.data.admin_units import Address
from mock_registries.data.identity import format_cccd, parse_cccd
from mock_registries.world.business import Enterprise
from mock_registries.world.citizens import Person, Relative, build_person, relative
from mock_registries.world.companies import Companies
from mock_registries.world.dossiers import CivilDossier
from mock_registries.world.events import Overlay
from mock_registries.world.facts import Facts
from mock_registries.world.flows import (
    BirthDeclaration,
    DeathDeclaration,
    MarriageDeclaration,
    Registrar,
)
from mock_registries.world.keys import Keys
from mock_registries.world.licences import Licence, Licences
from mock_registries.world.lives import Lives
from mock_registries.world.people import People
from mock_registries.world.records import (
    BirthRecord,
    DeathRecord,
    MarriageRecord,
    birth_record,
    death_record,
    marriage_record,
)
from mock_registries.world.settings import Delays, WorldSettings

__all__ = ["HouseholdView", "Member", "World"]


@dataclass(frozen=True, slots=True)
class Member:
    person: Relative
    relation: str  # QuanHe: CH01 chủ hộ, CH02 vợ/chồng, CH03 con, CH04 cháu
    male: bool
    birth_date: date


@dataclass(frozen=True, slots=True)
class HouseholdView:
    number: str  # SoSoHoKhau
    head: Relative
    address: Address  # the household's thường trú
    members: tuple[Member, ...]  # head first


class World:
    def __init__(
        self,
        seed: int,
        settings: WorldSettings | None = None,
        *,
        clock: Clock | None = None,
    ) -> None:
        self.seed = seed
        self.settings = settings or WorldSettings()
        self.clock = clock or Clock()
        self._delays = self.settings.delays
        self.keys = Keys(seed, self.settings.unissued_share)
        self.lives = Lives(self.keys, self.settings.cache_size)
        self.overlay = Overlay(self.settings.max_stored_dossiers)
        self.facts = Facts(self.lives, self.overlay)
        self.people = People(self.facts, self.delays)
        self.registrar = Registrar(self.people)
        self.companies = Companies(self.people, self.settings.unissued_share)
        self.licensing = Licences(self.people)

    # --- time and delays ------------------------------------------------------------------
    def now(self) -> datetime:
        return self.clock.now()

    def delays(self) -> Delays:
        return self._delays

    def set_delays(self, delays: Delays) -> None:
        """Replace the event delays (a fault stretching status sync calls this)."""
        self._delays = delays

    def _at(self, at: datetime | None) -> datetime:
        return self.clock.now() if at is None else at

    # --- dân cư -----------------------------------------------------------------------------
    def person(self, cccd: str, at: datetime | None = None) -> Person | None:
        """The citizen ``cccd`` as the population DB shows them (None: malformed, unknown)."""
        parts = parse_cccd(cccd)
        return None if parts is None else build_person(self.people, parts, self._at(at))

    def household(self, head: str, at: datetime | None = None) -> HouseholdView | None:
        """The household ``head`` heads (None if they head none)."""
        parts = parse_cccd(head)
        if parts is None:
            return None
        moment = self._at(at)
        found = self.people.household(parts, moment)
        if found is None:
            return None
        members = []
        for member, relation in found.members:
            who = relative(self.people, member)
            assert who is not None
            members.append(Member(who, relation, member.male, self.facts.birth(member)))
        head_ref = relative(self.people, found.head)
        assert head_ref is not None
        return HouseholdView(found.number, head_ref, found.address, tuple(members))

    def household_of(self, cccd: str, at: datetime | None = None) -> HouseholdView | None:
        parts = parse_cccd(cccd)
        moment = self._at(at)
        if parts is None or not self.people.exists(parts, moment):
            return None
        link = self.people.membership(parts, moment)
        if link is None:
            return None
        return self.household(format_cccd(link.head), moment)

    # --- hộ tịch ----------------------------------------------------------------------------
    def birth_record(self, cccd: str, at: datetime | None = None) -> BirthRecord | None:
        parts = parse_cccd(cccd)
        return None if parts is None else birth_record(self.people, parts, self._at(at))

    def death_record(self, cccd: str, at: datetime | None = None) -> DeathRecord | None:
        parts = parse_cccd(cccd)
        return None if parts is None else death_record(self.people, parts, self._at(at))

    def marriage_record(self, cccd: str, at: datetime | None = None) -> MarriageRecord | None:
        parts = parse_cccd(cccd)
        return None if parts is None else marriage_record(self.people, parts, self._at(at))

    def register_birth(
        self, declaration: BirthDeclaration, at: datetime | None = None
    ) -> CivilDossier:
        return self.registrar.register_birth(declaration, self._at(at))

    def register_death(
        self, declaration: DeathDeclaration, at: datetime | None = None
    ) -> CivilDossier:
        return self.registrar.register_death(declaration, self._at(at))

    def register_marriage(
        self, declaration: MarriageDeclaration, at: datetime | None = None
    ) -> CivilDossier:
        return self.registrar.register_marriage(declaration, self._at(at))

    def dossier(self, code: str) -> CivilDossier | None:
        """A dossier filed in this run, by its code or its one-stop (MCĐT) code."""
        found = self.registrar.dossiers.get(code)
        if found is None and code in self.registrar.by_one_stop:
            found = self.registrar.dossiers[self.registrar.by_one_stop[code]]
        return found

    def dossiers(self) -> tuple[CivilDossier, ...]:
        return tuple(self.registrar.dossiers.values())

    # --- đăng ký doanh nghiệp ---------------------------------------------------------------
    def enterprise(self, code: str, at: datetime | None = None) -> Enterprise | None:
        """A doanh nghiệp or HTX by MST (``-NNN`` a branch), a hộ kinh doanh by its code."""
        return self.companies.enterprise(code, self._at(at))

    def owned_by(self, cccd: str, at: datetime | None = None) -> tuple[str | None, str | None]:
        """(DNTN code, hộ kinh doanh code) this person owns — each at most one (I14)."""
        parts = parse_cccd(cccd)
        if parts is None:
            return None, None
        return self.companies.owned_by(parts, self._at(at))

    # --- GPLX -------------------------------------------------------------------------------
    def licence(self, number: str, at: datetime | None = None) -> Licence | None:
        return self.licensing.licence(number, self._at(at))

    def licences_of(self, cccd: str, at: datetime | None = None) -> tuple[Licence, ...]:
        parts = parse_cccd(cccd)
        return () if parts is None else self.licensing.licences_of(parts, self._at(at))
