"""``World``: the one national world the four registries are views of.

    world = World(seed, WorldSettings(), clock=clock)
    world.person("001080012345")             # dân cư, as of the clock's now
    world.person_by_cmnd("011802345")        # the holder of a legacy 9-digit CMND
    world.household_of("001210000123")
    world.birth_record(cccd) / death_record / marriage_record     # hộ tịch
    world.register_birth(BirthDeclaration(...))                   # → CivilDossier
    world.enterprise("0109991239") / world.roles_of(cccd)          # ĐKDN
    world.enterprises_in(48, ("DN", "HTX"), 20)                     # a province's listing
    world.licence("010123456789") / world.licences_of(cccd)        # GPLX
    world.business_dossiers(start, end) / world.renewal_dossiers(start, end)   # their dossiers

Every answer is a pure function of (seed, identifier, simulated moment, events filed in the
run). ``at`` defaults to the clock's now; a view passes the moment of its request, and may
cache an answer under ``(identifier, minute, world.epoch(now))`` (ĐKDN: ``business_epoch``):
generated events take effect on whole minutes, and the epoch moves whenever a filed event
reaches a registry that shows it.
"""

from __future__ import annotations

from bisect import bisect_right, insort
from dataclasses import dataclass
from datetime import date, datetime

from mock_registries.clock import Clock
from mock_registries.data.admin_units import Address
from mock_registries.data.identity import format_cccd, parse_cccd
from mock_registries.world.business import Enterprise
from mock_registries.world.business_dossiers import BusinessDossier, BusinessDossiers
from mock_registries.world.citizens import Person, Relative, build_person, relative
from mock_registries.world.companies import Companies
from mock_registries.world.declarations import (
    BirthDeclaration,
    DeathDeclaration,
    MarriageDeclaration,
)
from mock_registries.world.dossiers import CivilDossier
from mock_registries.world.events import Overlay, residence_done, seen_by_dan_cu
from mock_registries.world.facts import Facts
from mock_registries.world.flows import Registrar
from mock_registries.world.identity import holder_of_cmnd
from mock_registries.world.keys import Keys
from mock_registries.world.licences import Licence, Licences
from mock_registries.world.listings import listed_total, province_listing
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
from mock_registries.world.renewals import RenewalDossier, Renewals
from mock_registries.world.settings import Delays, WorldSettings
from mock_registries.world.submissions import BusinessSubmission, Submissions

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
        self._delays_version = 0
        self._civil_marks: list[float] = []
        self._business_marks: list[float] = []
        self._marked: tuple[int, int, int] = (0, 0, 0)  # civil, business dossiers; delays
        self.keys = Keys(seed, self.settings.unissued_share)
        self.lives = Lives(self.keys, self.settings.cache_size)
        self.overlay = Overlay()
        self.facts = Facts(self.lives, self.overlay)
        self.people = People(self.facts, self.delays)
        self.registrar = Registrar(self.people, self.settings.max_stored_dossiers)
        self.companies = Companies(self.people, self.settings.unissued_share)
        self.licensing = Licences(self.people)
        self.business_desk = BusinessDossiers(seed, self.companies)
        self.renewal_desk = Renewals(seed, self.licensing)
        self.submissions = Submissions(self.business_desk, self.settings.max_stored_dossiers)
        self.companies.amendments = self._amendments
        self.licensing.renewals = self.renewal_desk.approved

    # --- time and delays ------------------------------------------------------------------
    def now(self) -> datetime:
        return self.clock.now()

    def delays(self) -> Delays:
        return self._delays

    def set_delays(self, delays: Delays) -> None:
        """Replace the event delays (a fault stretching status sync calls this)."""
        self._delays = delays
        self._delays_version += 1

    def epoch(self, now: datetime) -> tuple[int, int, int]:
        """Changes whenever a dossier filed in the run changes what dân cư, hộ tịch or GPLX
        shows: a new civil-status dossier, new delays, or one of its moments (processing,
        papers, decision, dân cư sync, thường trú) passing. Answers cached under it stay exact.
        A ĐKDN submission does not move it (those registries never read one): a load test
        filing ``nopHoSo`` keeps dân cư's cache."""
        version = self._version()
        return (version[0], version[2], bisect_right(self._civil_marks, now.timestamp()))

    def business_epoch(self, now: datetime) -> tuple[int, int, int, int, int]:
        """:meth:`epoch` for ĐKDN, which also shows the dossiers submitted to it (filed,
        moved through their steps, amending the enterprise on approval)."""
        version, at = self._version(), now.timestamp()
        civil, business = (
            bisect_right(self._civil_marks, at),
            bisect_right(self._business_marks, at),
        )
        return (*version, civil, business)

    def _version(self) -> tuple[int, int, int]:
        version = (len(self.registrar.by_number), len(self.submissions), self._delays_version)
        if version != self._marked:
            self._remark(version)
        return version

    def _remark(self, version: tuple[int, int, int]) -> None:
        with self.overlay.lock:
            if version[2] != self._marked[2]:
                self._civil_marks, self._business_marks, civil, business = [], [], 0, 0
            else:
                civil, business = self._marked[:2]
            delays = self._delays
            moments: list[datetime] = []
            for dossier in self.registrar.by_number[civil:]:
                decided = dossier.decided_at
                moments += [dossier.processing_from, decided, seen_by_dan_cu(decided, delays)]
                moments.append(residence_done(decided, delays))
                moments += dossier.supplement or ()
            self._mark(self._civil_marks, moments, delays)
            moments = [
                e.at for filed in self.submissions.filed[business:] for e in filed.lifecycle.events
            ]
            self._mark(self._business_marks, moments, delays)
            self._marked = version

    @staticmethod
    def _mark(marks: list[float], moments: list[datetime], delays: Delays) -> None:
        lags = (0.0, delays.status_sync_seconds) if delays.status_sync_seconds else (0.0,)
        for moment in moments:
            for lag in lags:
                insort(marks, moment.timestamp() + lag)

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

    def holder_of_cmnd(self, cmnd: str) -> str | None:
        """The số định danh of whoever held the legacy 9-digit CMND ``cmnd`` (None: nobody)."""
        parts = holder_of_cmnd(self.people, cmnd)
        return None if parts is None else format_cccd(parts)

    def person_by_cmnd(self, cmnd: str, at: datetime | None = None) -> Person | None:
        """The holder of the legacy 9-digit CMND ``cmnd`` (None: never issued)."""
        parts = holder_of_cmnd(self.people, cmnd)
        return None if parts is None else build_person(self.people, parts, self._at(at))

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

    def dossier(self, code: str, office: int | None = None) -> CivilDossier | None:
        """A dossier filed in this run, by its code or its one-stop (MCĐT) code — of the
        commune ``office`` when given, else the first filed under that code anywhere."""
        registrar = self.registrar
        found = registrar.dossiers.get(code)
        if found is not None:
            return found if office is None or found.office == office else None
        key = registrar.by_one_stop.get((office, code))
        if key is None and office is None:
            key = registrar.first_by_one_stop.get(code)
        return None if key is None else registrar.dossiers[key]

    def dossier_number(self, number: int) -> CivilDossier | None:
        """The ``number``-th dossier filed in this run (from 1)."""
        filed = self.registrar.by_number
        return filed[number - 1] if 1 <= number <= len(filed) else None

    def dossiers(self) -> tuple[CivilDossier, ...]:
        return tuple(self.registrar.by_number)

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

    def enterprises_in(
        self, province: int, kinds: tuple[str, ...], count: int, at: datetime | None = None
    ) -> tuple[list[Enterprise], int]:
        """The first ``count`` enterprises of ``kinds`` (DN, HTX, HKD) headquartered in
        ``province``, in the register's fixed listing order, and the register's total."""
        found = province_listing(self.companies, province, kinds, count, self._at(at))
        return found, listed_total(self.seed, province, kinds)

    def submit_business_dossier(
        self, submission: BusinessSubmission, at: datetime | None = None
    ) -> BusinessDossier:
        """File an amendment dossier a province submits (``nopHoSo``); refusals raise."""
        return self.submissions.submit(submission, self._at(at), self._delays)

    def business_dossier(self, code: str, at: datetime | None = None) -> BusinessDossier | None:
        """An amendment dossier of the national business-registration system, if received:
        one of its own, or one submitted during the run."""
        moment = self._at(at)
        return self.submissions.get(code, moment) or self.business_desk.get(code, moment)

    def business_dossiers(self, start: datetime, end: datetime) -> list[BusinessDossier]:
        """The ĐKDN dossiers received in ``[start, end]``, in arrival order."""
        found = self.business_desk.between(start, end)
        submitted = self.submissions.between(start, end)
        if not submitted:
            return found
        return sorted(found + submitted, key=lambda dossier: dossier.lifecycle.received)

    def _amendments(self, code: str, at: datetime) -> tuple[date, ...]:
        generated = self.business_desk.approved(code, at)
        submitted = self.submissions.approved_days(code, at)
        return submitted if generated is None else (generated, *submitted)

    # --- GPLX -------------------------------------------------------------------------------
    def licence(self, number: str, at: datetime | None = None) -> Licence | None:
        return self.licensing.licence(number, self._at(at))

    def licences_of(self, cccd: str, at: datetime | None = None) -> tuple[Licence, ...]:
        parts = parse_cccd(cccd)
        return () if parts is None else self.licensing.licences_of(parts, self._at(at))

    def renewal_dossier(self, code: str, at: datetime | None = None) -> RenewalDossier | None:
        """A licence-renewal dossier of the DVC GPLX system, if received."""
        return self.renewal_desk.get(code, self._at(at))

    def renewal_dossiers(self, start: datetime, end: datetime) -> list[RenewalDossier]:
        """The GPLX renewal dossiers received in ``[start, end]``, in arrival order."""
        return self.renewal_desk.between(start, end)
