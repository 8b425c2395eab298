"""Registering births, deaths and marriages at hộ tịch, with the rules a registrar applies.

Rules (world_model_facts §2.4, §8.1, §10.2): a child is born ≥15 years after each parent's
birth, to a living mother and to a father alive at conception; a death is registered once,
not before the birth, not in the future; spouses are of opposite sex, the man ≥20 and the
woman ≥18 on the day, both alive and unmarried, and not kin in the direct line or within three
generations (Luật HN&GĐ 2014 Điều 5, 8). The file is received at ``now``; a file received after
15:00 or on a day off is processed from the next working day (Luật Hộ tịch Điều 5 k3), and the
human step takes ``Delays.registration_office_seconds`` of office time. The result is due the
same day (Điều 16, 18, 34), or within three working days for a liên thông package [INF].

The newborn's số định danh is taken from the never-issued numbers of the registering province,
birth year and sex, so it can never collide with a generated person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from mock_registries.data.admin_units import Address, Ward, ward_by_code
from mock_registries.data.identity import CccdParts, format_cccd, parse_cccd
from mock_registries.world.calendar import (
    add_office_seconds,
    add_working_days,
    due_at,
    office_moment,
    receipt_day,
)
from mock_registries.world.declarations import (
    BirthDeclaration,
    DeathDeclaration,
    Declaration,
    MarriageDeclaration,
)
from mock_registries.world.dossiers import BIRTH, DEATH, MARRIAGE, CivilDossier
from mock_registries.world.errors import Duplicate, NotFound, Rejected, StoreFull
from mock_registries.world.events import BirthEvent, DeathEvent, Event, MarriageEvent
from mock_registries.world.facts import FIXED_PEOPLE
from mock_registries.world.keys import mix
from mock_registries.world.kinship import kin
from mock_registries.world.people import MARRIED, People, age_on

__all__ = ["Registrar", "dossier_subject"]

_LIEN_THONG_DAYS = 3
_QUEUE_SECONDS = 900.0  # a received file waits for an officer (trạng thái 1) [INF]
_CHECK_SECONDS = 1800.0  # the officer reads the file before asking for missing papers
_PENDING_DEATH = "Có hồ sơ khai tử của người này đang được giải quyết."


@dataclass(frozen=True, slots=True)
class _Timing:
    start: datetime
    done: datetime
    due: datetime
    supplement: tuple[datetime, datetime] | None


class Registrar:
    """The hộ tịch desk of the world: validates, registers, keeps the dossiers."""

    def __init__(self, people: People, capacity: int) -> None:
        self.people = people
        self.facts = people.facts
        self.overlay = people.facts.overlay
        self.capacity = capacity
        self.dossiers: dict[str, CivilDossier] = {}
        self.by_number: list[CivilDossier] = []
        self.by_one_stop: dict[tuple[int | None, str], str] = {}
        self.first_by_one_stop: dict[str, str] = {}

    # --- shared checks ----------------------------------------------------------------------
    def _living(self, cccd: str, now: datetime, role: str) -> CccdParts:
        parts = parse_cccd(cccd)
        if parts is None or not self.people.exists(parts, now):
            raise NotFound(f"Không tìm thấy {role} trong Cơ sở dữ liệu quốc gia về dân cư.")
        death = self.facts.death(parts)
        if death is not None and death.registered_at <= now:
            raise Rejected(f"{role.capitalize()} đã được đăng ký khai tử.", "DA_CHET")
        return parts

    def _timing(self, now: datetime, declaration: Declaration, extra_days: int = 0) -> _Timing:
        delays = self.people.delays()
        day = receipt_day(now)
        received = now if day == now.date() else datetime.combine(day, time(7, 30), now.tzinfo)
        start = add_office_seconds(received, _QUEUE_SECONDS)
        resume, supplement = start, None
        if not declaration.papers:
            asked = add_office_seconds(start, _CHECK_SECONDS)
            back_day = add_working_days(asked.date(), delays.supplement_working_days)
            resume = max(asked, office_moment(back_day, 0.1))
            supplement = (asked, resume)
        done = add_office_seconds(resume, delays.registration_office_seconds)
        if extra_days:
            done = datetime.combine(add_working_days(done.date(), extra_days), done.timetz())
        days = extra_days + (_LIEN_THONG_DAYS if getattr(declaration, "lien_thong", False) else 0)
        due = due_at(resume if supplement else now, days)
        return _Timing(start, done, due, supplement)

    def _check_duplicate(self, declaration: Declaration) -> None:
        code = declaration.one_stop_code
        if code is not None and (declaration.office, code) in self.by_one_stop:
            existing = self.by_one_stop[(declaration.office, code)]
            raise Duplicate(f"Hồ sơ {code[:40]} đã được tiếp nhận.", existing)

    def _store(
        self, kind: str, declaration: Declaration, now: datetime, timing: _Timing,
        event: Event, refusal: str | None,
    ) -> CivilDossier:  # fmt: skip
        if len(self.dossiers) >= self.capacity:
            raise StoreFull(
                "Hệ thống đã đạt giới hạn lưu trữ hồ sơ trong phiên chạy; vui lòng thử lại sau."
            )
        dossier = CivilDossier(
            code=event.dossier,
            number=len(self.by_number) + 1,
            kind=kind,
            office=declaration.office,
            one_stop_code=declaration.one_stop_code,
            lien_thong=getattr(declaration, "lien_thong", False),
            received_at=now,
            processing_from=timing.start,
            event=event,
            due_at=timing.due,
            supplement=timing.supplement,
            refusal=refusal,
        )
        if refusal is None:
            self.overlay.add(event)
        self.dossiers[dossier.code] = dossier
        self.by_number.append(dossier)
        code = dossier.one_stop_code
        if code is not None:
            self.by_one_stop[(dossier.office, code)] = dossier.code
            self.first_by_one_stop.setdefault(code, dossier.code)
        return dossier

    def _code(self, kind: str, lien_thong: bool, now: datetime) -> str:
        module = f"LT{kind}" if lien_thong else kind
        return f"G15-{module}-{now:%y%m%d}-{len(self.by_number) + 1:06d}"

    def _place(self, declaration: Declaration, home_of: CccdParts, now: datetime) -> Ward:
        """The registering commune: the declared office, else the household's."""
        if declaration.office is not None:
            return ward_by_code(declaration.office)
        link = self.people.membership(home_of, now)
        return self.people.home(link.origin if link is not None else home_of).ward

    def _pending(self, parts: CccdParts, now: datetime) -> str | None:
        """Why a new dossier about ``parts`` conflicts with one still being processed."""
        death = self.overlay.deaths.get(parts)
        if death is not None and death.registered_at > now:
            return _PENDING_DEATH
        marriage = self.overlay.marriages.get(parts)
        if marriage is not None and marriage.registered_at > now:
            return "Một bên có hồ sơ đăng ký kết hôn khác đang được giải quyết."
        return None

    # --- khai sinh --------------------------------------------------------------------------
    def register_birth(self, declaration: BirthDeclaration, now: datetime) -> CivilDossier:
        with self.overlay.lock:
            return self._register_birth(declaration, now)

    def _register_birth(self, declaration: BirthDeclaration, now: datetime) -> CivilDossier:
        self._check_duplicate(declaration)
        born = declaration.birth_date
        if born > now.date():
            raise Rejected("Ngày sinh sau ngày đăng ký.", "NGAY_KHONG_HOP_LE")
        mother = self._living(declaration.mother, now, "người mẹ")
        father = None
        if declaration.father is not None:
            father = self._living(declaration.father, now, "người cha")
        for parent, male in ((mother, False), (father, True)):
            if parent is None:
                continue
            if parent.male != male or age_on(self.facts.birth(parent), born) < 15:
                raise Rejected("Thông tin cha, mẹ không hợp lệ.", "CHA_ME_KHONG_HOP_LE")
        refusal = self._twin_of(declaration, mother, now)
        ward = self._place(declaration, father or mother, now)
        child = self._newborn_number(ward.district.province.code, born.year, declaration.male)
        ethnicity = declaration.ethnicity or self.facts.lineage(father or mother).ethnicity
        timing = self._timing(now, declaration)
        code = self._code(BIRTH, declaration.lien_thong, now)
        event = BirthEvent(
            code, child, declaration.child_name, born, father, mother, ethnicity,
            Address(ward, ""), timing.done,
        )  # fmt: skip
        return self._store(BIRTH, declaration, now, timing, event, refusal)

    def _twin_of(
        self, declaration: BirthDeclaration, mother: CccdParts, now: datetime
    ) -> str | None:
        """The same child declared twice (two one-stop systems): refused, or refused at once
        when the first is already registered."""
        for event in self.overlay.children.get(mother, ()):
            same = event.birth == declaration.birth_date and event.name == declaration.child_name
            if not same:
                continue
            if event.registered_at <= now:
                raise Rejected("Trẻ đã được đăng ký khai sinh.", "DA_DANG_KY")
            return "Trẻ đã có hồ sơ khai sinh khác đang được giải quyết."
        return None

    def _newborn_number(self, province: int, year: int, male: bool) -> CccdParts:
        keys = self.facts.lives.keys
        pool = 1_000_000 - keys.issued
        start = mix(keys.seed, 40, province, year, male, len(self.by_number))
        for step in range(pool):
            index = keys.issued + (start + step) % pool
            parts = keys.person(province, year, male, index)
            if parts not in self.overlay.births and parts not in FIXED_PEOPLE:
                return parts
        raise Rejected("Hết số định danh dự trữ cho năm sinh này.", "HET_SO_DINH_DANH")

    # --- khai tử ----------------------------------------------------------------------------
    def register_death(self, declaration: DeathDeclaration, now: datetime) -> CivilDossier:
        with self.overlay.lock:
            return self._register_death(declaration, now)

    def _register_death(self, declaration: DeathDeclaration, now: datetime) -> CivilDossier:
        self._check_duplicate(declaration)
        person = self._living(declaration.person, now, "người chết")
        died = declaration.died_on
        if died > now.date() or died < self.facts.birth(person):
            raise Rejected("Ngày chết không hợp lệ.", "NGAY_KHONG_HOP_LE")
        pending = self.overlay.deaths.get(person)
        refusal = _PENDING_DEATH if pending is not None and pending.registered_at > now else None
        ward = self._place(declaration, person, now)
        timing = self._timing(now, declaration)
        code = self._code(DEATH, declaration.lien_thong, now)
        event = DeathEvent(code, person, died, Address(ward, ""), declaration.cause, timing.done)
        return self._store(DEATH, declaration, now, timing, event, refusal)

    # --- kết hôn ----------------------------------------------------------------------------
    def register_marriage(self, declaration: MarriageDeclaration, now: datetime) -> CivilDossier:
        with self.overlay.lock:
            return self._register_marriage(declaration, now)

    def _register_marriage(self, declaration: MarriageDeclaration, now: datetime) -> CivilDossier:
        self._check_duplicate(declaration)
        husband = self._living(declaration.husband, now, "người chồng")
        wife = self._living(declaration.wife, now, "người vợ")
        if not husband.male or wife.male:
            raise Rejected("Hai bên kết hôn phải là nam và nữ.", "CUNG_GIOI_TINH")
        today = now.date()
        if (
            age_on(self.facts.birth(husband), today) < 20
            or age_on(self.facts.birth(wife), today) < 18
        ):
            raise Rejected("Chưa đủ tuổi kết hôn (nam 20, nữ 18).", "CHUA_DU_TUOI")
        for person in (husband, wife):
            if self.people.marital(person, now)[0] == MARRIED or self._married_truly(person, now):
                raise Rejected("Một bên đang có vợ hoặc chồng.", "DA_KET_HON")
        if kin(self.facts, husband, wife):
            raise Rejected("Hai bên có quan hệ huyết thống.", "CUNG_HUYET_THONG")
        refusal = self._pending(husband, now) or self._pending(wife, now)
        extra = self.people.delays().marriage_verification_working_days
        timing = self._timing(now, declaration, extra)
        code = self._code(MARRIAGE, False, now)
        ward = self._place(declaration, husband, now)
        event = MarriageEvent(code, husband, wife, Address(ward, ""), timing.done)
        return self._store(MARRIAGE, declaration, now, timing, event, refusal)

    def _married_truly(self, parts: CccdParts, now: datetime) -> bool:
        """Married in the world's timeline at ``now``, seen by dân cư or not yet."""
        union = self.facts.union(parts)
        if union is None or union.registered_at > now:
            return False
        if union.divorce is not None and union.divorce <= now.date():
            return False
        other = union.wife if parts.male else union.husband
        death = self.facts.death(other)
        return death is None or death.died_on > now.date()


def dossier_subject(dossier: CivilDossier) -> str:
    event = dossier.event
    if isinstance(event, BirthEvent):
        return format_cccd(event.child)
    if isinstance(event, DeathEvent):
        return format_cccd(event.person)
    return format_cccd(event.husband)
