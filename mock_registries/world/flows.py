"""Registering births, deaths and marriages at hộ tịch, with the rules a registrar applies.

Rules (world_model_facts §2.4, §8.1, §10.2): a child is born ≥15 years after each parent's
birth, to a living mother and to a father alive at conception; a death is registered once,
not before the birth, not in the future; spouses are of opposite sex, the man ≥20 and the
woman ≥18 on the day, both alive and unmarried, and not kin in the direct line or within three
generations (Luật HN&GĐ 2014 Điều 5, 8). The file is received at ``now``; a file received after
15:00 or on a day off is processed from the next working day (Luật Hộ tịch Điều 5 k3), and the
human step takes ``Delays.registration_office_seconds`` of office time.

The newborn's số định danh is taken from the never-issued numbers of the registering province
(the household's), birth year and sex, so it can never collide with a generated person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from mock_registries.data.admin_units import Address
from mock_registries.data.identity import CccdParts, format_cccd, parse_cccd
from mock_registries.world.calendar import add_office_seconds, add_working_days, receipt_day
from mock_registries.world.dossiers import BIRTH, DEATH, MARRIAGE, CivilDossier
from mock_registries.world.errors import Duplicate, NotFound, Rejected
from mock_registries.world.events import BirthEvent, DeathEvent, Event, MarriageEvent
from mock_registries.world.facts import FIXED_PEOPLE
from mock_registries.world.keys import mix
from mock_registries.world.names import Name
from mock_registries.world.people import MARRIED, People, age_on

__all__ = ["BirthDeclaration", "DeathDeclaration", "MarriageDeclaration", "Registrar"]

_CONCEPTION = timedelta(days=300)


@dataclass(frozen=True, slots=True)
class BirthDeclaration:
    child_name: Name
    male: bool
    birth_date: date
    mother: str
    father: str | None = None
    ethnicity: str | None = None  # GSO code; the father's (else the mother's) by default
    one_stop_code: str | None = None
    lien_thong: bool = True  # the khai sinh – thường trú – BHYT package


@dataclass(frozen=True, slots=True)
class DeathDeclaration:
    person: str
    died_on: date
    cause: str = "Bệnh"
    one_stop_code: str | None = None
    lien_thong: bool = True  # the khai tử – xóa thường trú – mai táng phí package


@dataclass(frozen=True, slots=True)
class MarriageDeclaration:
    husband: str
    wife: str
    one_stop_code: str | None = None


Declaration = BirthDeclaration | DeathDeclaration | MarriageDeclaration


class Registrar:
    """The hộ tịch desk of the world: validates, registers, keeps the dossiers."""

    def __init__(self, people: People) -> None:
        self.people = people
        self.facts = people.facts
        self.overlay = people.facts.overlay
        self.dossiers: dict[str, CivilDossier] = {}
        self.by_one_stop: dict[str, str] = {}

    # --- shared checks ----------------------------------------------------------------------
    def _living(self, cccd: str, now: datetime, role: str) -> CccdParts:
        parts = parse_cccd(cccd)
        if parts is None or not self.people.exists(parts, now):
            raise NotFound(f"Không tìm thấy {role} trong Cơ sở dữ liệu quốc gia về dân cư.")
        death = self.facts.death(parts)
        if death is not None and death.registered_at <= now:
            raise Rejected(f"{role.capitalize()} đã được đăng ký khai tử.", "DA_CHET")
        return parts

    def _timing(self, now: datetime, extra_days: int = 0) -> tuple[datetime, datetime]:
        day = receipt_day(now)
        start = now if day == now.date() else datetime.combine(day, time(7, 30), now.tzinfo)
        done = add_office_seconds(start, self.people.delays().registration_office_seconds)
        if extra_days:
            done = datetime.combine(add_working_days(done.date(), extra_days), done.timetz())
        return start, done

    def _store(self, dossier: CivilDossier) -> CivilDossier:
        with self.overlay.lock:
            code = dossier.one_stop_code
            if code is not None and code in self.by_one_stop:
                raise Duplicate(f"Hồ sơ {code[:40]} đã được tiếp nhận.", self.by_one_stop[code])
            self.overlay.add(dossier.event)
            self.dossiers[dossier.code] = dossier
            if code is not None:
                self.by_one_stop[code] = dossier.code
        return dossier

    def _code(self, kind: str, lien_thong: bool, now: datetime) -> str:
        module = f"LT{kind}" if lien_thong else kind
        return f"G15-{module}-{now:%y%m%d}-{len(self.dossiers) + 1:06d}"

    def _check_duplicate(self, one_stop_code: str | None) -> None:
        if one_stop_code is not None and one_stop_code in self.by_one_stop:
            existing = self.by_one_stop[one_stop_code]
            raise Duplicate(f"Hồ sơ {one_stop_code[:40]} đã được tiếp nhận.", existing)

    # --- khai sinh --------------------------------------------------------------------------
    def register_birth(self, declaration: BirthDeclaration, now: datetime) -> CivilDossier:
        with self.overlay.lock:
            return self._register_birth(declaration, now)

    def _register_birth(self, declaration: BirthDeclaration, now: datetime) -> CivilDossier:
        self._check_duplicate(declaration.one_stop_code)
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
        home_of = father or mother
        link = self.people.membership(home_of, now)
        home = self.people.home(link.origin) if link is not None else self.people.home(home_of)
        child = self._newborn_number(home.ward.district.province.code, born.year, declaration.male)
        ethnicity = declaration.ethnicity or self.facts.lineage(father or mother).ethnicity
        start, done = self._timing(now)
        code = self._code(BIRTH, declaration.lien_thong, now)
        event = BirthEvent(
            code, child, declaration.child_name, born, father, mother, ethnicity,
            Address(home.ward, ""), done,
        )  # fmt: skip
        return self._store(self._dossier(code, BIRTH, declaration, now, start, event))

    def _newborn_number(self, province: int, year: int, male: bool) -> CccdParts:
        keys = self.facts.lives.keys
        pool = 1_000_000 - keys.issued
        start = mix(keys.seed, 40, province, year, male, len(self.dossiers))
        for step in range(pool):
            index = keys.issued + (start + step) % pool
            parts = keys.person(province, year, male, index)
            if parts not in self.overlay.births and parts not in FIXED_PEOPLE:
                return parts
        raise Rejected("Hết số định danh dự trữ cho năm sinh này.", "HET_SO_DINH_DANH")

    def _dossier(
        self, code: str, kind: str, declaration: Declaration, now: datetime, start: datetime,
        event: Event,
    ) -> CivilDossier:  # fmt: skip
        return CivilDossier(
            code=code,
            kind=kind,
            one_stop_code=declaration.one_stop_code,
            lien_thong=getattr(declaration, "lien_thong", False),
            received_at=now,
            processing_from=start,
            event=event,
        )

    # --- khai tử ----------------------------------------------------------------------------
    def register_death(self, declaration: DeathDeclaration, now: datetime) -> CivilDossier:
        with self.overlay.lock:
            return self._register_death(declaration, now)

    def _register_death(self, declaration: DeathDeclaration, now: datetime) -> CivilDossier:
        self._check_duplicate(declaration.one_stop_code)
        person = self._living(declaration.person, now, "người chết")
        died = declaration.died_on
        if died > now.date() or died < self.facts.birth(person):
            raise Rejected("Ngày chết không hợp lệ.", "NGAY_KHONG_HOP_LE")
        link = self.people.membership(person, now)
        home = self.people.home(link.origin if link is not None else person)
        start, done = self._timing(now)
        code = self._code(DEATH, declaration.lien_thong, now)
        event = DeathEvent(code, person, died, Address(home.ward, ""), declaration.cause, done)
        return self._store(self._dossier(code, DEATH, declaration, now, start, event))

    # --- kết hôn ----------------------------------------------------------------------------
    def register_marriage(self, declaration: MarriageDeclaration, now: datetime) -> CivilDossier:
        with self.overlay.lock:
            return self._register_marriage(declaration, now)

    def _register_marriage(self, declaration: MarriageDeclaration, now: datetime) -> CivilDossier:
        self._check_duplicate(declaration.one_stop_code)
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
        if self._kin(husband, wife):
            raise Rejected("Hai bên có quan hệ huyết thống.", "CUNG_HUYET_THONG")
        start, done = self._timing(now, self.people.delays().marriage_verification_working_days)
        code = self._code(MARRIAGE, False, now)
        link = self.people.membership(husband, now)
        home = self.people.home(link.origin if link is not None else husband)
        event = MarriageEvent(code, husband, wife, Address(home.ward, ""), done)
        return self._store(self._dossier(code, MARRIAGE, declaration, now, start, event))

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

    def _ancestors(self, parts: CccdParts, generations: int) -> set[CccdParts]:
        found: set[CccdParts] = set()
        layer = [parts]
        for _ in range(generations):
            parents = [(self.facts.father(p), self.facts.mother(p)) for p in layer]
            layer = [p for pair in parents for p in pair if p is not None]
            found.update(layer)
        return found

    def _kin(self, husband: CccdParts, wife: CccdParts) -> bool:
        """Direct line (any of three generations up) or a shared parent or grandparent."""
        if husband in self._ancestors(wife, 3) or wife in self._ancestors(husband, 3):
            return True
        return bool(self._ancestors(husband, 2) & self._ancestors(wife, 2))


def dossier_subject(dossier: CivilDossier) -> str:
    event = dossier.event
    if isinstance(event, BirthEvent):
        return format_cccd(event.child)
    if isinstance(event, DeathEvent):
        return format_cccd(event.person)
    return format_cccd(event.husband)
