"""The business registry's records, built on demand from a code (see ``business.py``).

companies.enterprise("0109991239", at)      # doanh nghiệp / HTX by MST, "-001" a biz.branch
companies.enterprise("8012345677", at)      # a hộ kinh doanh by its legacy code
companies.enterprise("040190008784", at)    # a hộ kinh doanh by its owner's số định danh
companies.owned_by(parts, at)               # (DNTN code, HKD code) a person owns
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta

from mock_registries.data import fixtures
from mock_registries.data.admin_units import Address, ward_by_code
from mock_registries.data.identity import (
    PROVINCE_CODES,
    CccdParts,
    MstError,
    digest_int,
    format_cccd,
    is_not_found,
    parse_cccd,
    parse_mst,
)
from mock_registries.world import business as biz, business_data as data
from mock_registries.world.business import Enterprise, Member, Representative
from mock_registries.world.calendar import next_working_day
from mock_registries.world.citizens import relative
from mock_registries.world.facts import to_parts
from mock_registries.world.ownership import (
    dntn_code,
    dntn_owner,
    legacy_hkd_code,
    legacy_hkd_owner,
    province_of_prefix,
)
from mock_registries.world.people import People
from mock_registries.world.records import TWO_LEVEL

__all__ = ["Companies"]

_DRAWS_PER_HOLDER = 64


class Companies:
    def __init__(self, people: People, not_found_share: float) -> None:
        self.people = people
        self.facts = people.facts
        self.seed = people.seed
        self.not_found_share = not_found_share
        # Set by the world: the days amendment dossiers of a code were approved by a moment
        # (the register's own and those submitted during the run).
        self.amendments: Callable[[str, datetime], tuple[date, ...]] | None = None

    # --- ownership (I14) --------------------------------------------------------------------
    def hkd_code_of(self, parts: CccdParts) -> str | None:
        """The code of the hộ kinh doanh this person owns, if any (at most one)."""
        for cid, fixed in fixtures.ENTERPRISES.items():
            if fixed.kind == "HKD" and to_parts(fixed.representative) == parts:
                return cid
        if not self.facts.generated(parts):
            return None
        legacy = legacy_hkd_code(parts, self.facts.lives.index(parts))
        if legacy is not None:
            return legacy
        if digest_int(self.seed, "hkd", biz.person_key(parts)) >= biz.HKD_SHARE * 2**64:
            return None
        return format_cccd(parts)

    def dntn_code_of(self, parts: CccdParts) -> str | None:
        """The code of the DNTN this person owns, if any (at most one)."""
        if not self.facts.generated(parts):
            return None
        code = dntn_code(parts, self.facts.lives.index(parts))
        if code is None or self._form(code) != data.DNTN:
            return None
        return code

    def owned_by(self, parts: CccdParts, at: datetime) -> tuple[str | None, str | None]:
        found = []
        for code in (self.dntn_code_of(parts), self.hkd_code_of(parts)):
            found.append(code if code is not None and self.enterprise(code, at) else None)
        return found[0], found[1]

    # --- look-ups ---------------------------------------------------------------------------
    def enterprise(self, code: str, at: datetime) -> Enterprise | None:
        if len(code) == 12 and code.isdigit():
            parts = parse_cccd(code)
            if parts is None or self.hkd_code_of(parts) != code:
                return None
            return self._household(code, parts, at)
        try:
            mst = parse_mst(code)
        except MstError:
            return None
        fixed = fixtures.ENTERPRISES.get(mst.base)
        if fixed is None and is_not_found(self.seed, "enterprise", mst.base, self.not_found_share):
            return None
        if mst.base.startswith("8"):
            owner = biz.fixed_owner(mst.base) or legacy_hkd_owner(self.facts.lives.keys, mst.base)
            if owner is None or mst.branch is not None or self.hkd_code_of(owner) != mst.base:
                return None
            return self._household(mst.base, owner, at)
        company = self._company(mst.base, at)
        if company is None or mst.branch is None:
            return company
        return biz.branch(self.seed, company, mst.branch)

    def _form(self, base: str) -> str:
        return self._form_and_founding(base)[0]

    def _form_and_founding(self, base: str) -> tuple[str, date]:
        """The legal form and registration date; a DNTN needs an owner who is an adult then,
        alive, and owns no hộ kinh doanh — else the code is a one-member company."""
        fixed = fixtures.ENTERPRISES.get(base)
        if fixed is not None:
            return (data.HTX if fixed.kind == "HTX" else data.TNHH1), fixed.founded
        rng = biz.stream(self.seed, f"form:{base}")
        forms = [f for f in data.FORMS.values() if f.share]
        form = rng.choices(forms, weights=[f.share for f in forms])[0].code
        founded = biz.founding_date(rng)
        if form == data.DNTN:
            owner = dntn_owner(self.facts.lives.keys, base)
            if owner is None or not self.facts.generated(owner) or self.hkd_code_of(owner):
                return data.TNHH1, founded
            adult = self.facts.birth(owner) + timedelta(days=22 * 366)
            founded = next_working_day(max(founded, adult))
            if self.facts.lives.death(owner) <= founded:
                return data.TNHH1, founded
        return form, founded

    # --- builders ---------------------------------------------------------------------------
    def _household(self, code: str, owner: CccdParts, at: datetime) -> Enterprise | None:
        facts = self.facts
        rng = biz.stream(self.seed, code)
        fixed = fixtures.ENTERPRISES.get(code)
        birth = facts.birth(owner)
        death = facts.death(owner)
        if fixed is not None:
            founded = fixed.founded
        else:
            last = death.died_on if death is not None else birth + timedelta(days=70 * 365)
            first = birth + timedelta(days=20 * 365 + 30)
            founded = first + timedelta(days=rng.randrange(max(1, (last - first).days)))
        if founded > at.date() or not self.people.exists(owner, at):
            return None
        ceased = death is not None and death.died_on <= at.date()
        status = data.CEASED if ceased else ("1", "Đang hoạt động")
        name = fixed.name if fixed else f"Hộ kinh doanh {facts.name(owner).full}"
        home = self.people.home(owner)
        address = Address(ward_by_code(fixed.ward), fixed.street) if fixed else home
        amount = biz.capital(rng, household=True)
        member = biz.members_of(self.people, rng, [(owner, biz.ROLES[data.HKD])], amount)
        return self._assemble(
            code, "HKD", data.FORMS[data.HKD], rng, name, biz.ascii_upper(name), founded, status,
            amount, address, member, (owner,), at,
        )  # fmt: skip

    def _company(self, base: str, at: datetime) -> Enterprise | None:
        fixed = fixtures.ENTERPRISES.get(base)
        rng = biz.stream(self.seed, base)
        code, founded = self._form_and_founding(base)
        form = data.FORMS[code]
        if founded > at.date():
            return None
        province = province_of_prefix(base[:2])
        if province is None:
            province = sorted(PROVINCE_CODES)[digest_int(self.seed, "p", base) % 63]
        if fixed is not None:
            owner = to_parts(fixed.representative)
            assert owner is not None
            holders = [(owner, biz.ROLES[form.code])]
            if form.code == data.HTX:
                holders += self._holders(rng, form.code, base, province, founded)[:4]
        else:
            holders = self._holders(rng, form.code, base, province, founded)
        if not holders:
            return None
        total = biz.capital(rng, household=False)
        organisation = None
        if form.code in (data.TNHH1, data.TNHH2) and not fixed and rng.random() < 0.12:
            organisation = biz.organisation_code(rng)
            if form.code == data.TNHH1:
                holders = []
        members = biz.members_of(self.people, rng, holders, total, organisation)
        trade, trade_ascii = rng.choice(data.TRADE_NAMES)
        field, field_ascii = rng.choice(data.FIELDS)
        name = fixed.name if fixed else f"{form.prefix} {field} {trade}"
        foreign = (
            f"{biz.ascii_upper(name) if fixed else f'{trade_ascii} {field_ascii}'} {form.foreign}"
        )
        address = (
            Address(ward_by_code(fixed.ward), fixed.street)
            if fixed
            else biz.address_in(rng, province)
        )
        founders = [p for p, _ in holders] or [self._outsider(rng, province, founded)]
        kind = "HTX" if form.code == data.HTX else "DN"
        status = ("1", "Đang hoạt động") if fixed else biz.pick_status(rng)
        if form.code == data.DNTN and self.facts.lives.death(founders[0]) <= at.date():
            status = data.CEASED
        return self._assemble(
            base, kind, form, rng, name, foreign, founded, status, total, address, members,
            tuple(founders), at,
        )  # fmt: skip

    def _holders(
        self, rng: random.Random, form: str, base: str, province: int, founded: date
    ) -> list[tuple[CccdParts, str]]:
        role = biz.ROLES[form]
        if form == data.DNTN:
            owner = dntn_owner(self.facts.lives.keys, base)
            return [(owner, role)] if owner is not None else []
        if form == data.HTX:
            count = min(40, max(5, round(rng.lognormvariate(2.5, 0.6))))
        elif form == data.TNHH1:
            count = 1
        else:
            count = biz.pick_count(rng, biz.COUNTS[form])
        found: list[tuple[CccdParts, str]] = []
        # Bounded: a record's hash stream can fall into a short cycle that never yields
        # ``count`` distinct people; such a code is one the register never issued (not found),
        # rather than a look-up that never returns.
        for _ in range(_DRAWS_PER_HOLDER * count):
            if len(found) >= count:
                break
            person = biz.draw_adult(self.facts, rng, province, founded, (22, 65))
            if person is None:
                continue
            if form == data.HOP_DANH and (self.hkd_code_of(person) or self.dntn_code_of(person)):
                continue
            if all(person != p for p, _ in found):
                found.append((person, role))
        return found if len(found) >= count else []

    def _outsider(self, rng: random.Random, province: int, on: date) -> CccdParts:
        while True:
            person = biz.draw_adult(self.facts, rng, province, on, (25, 60))
            if person is not None:
                return person

    def _representatives(
        self, rng: random.Random, form: str, founders: tuple[CccdParts, ...], founded: date,
        province: int, at: datetime,
    ) -> tuple[tuple[Representative, ...], date | None]:  # fmt: skip
        """The representatives on ``at`` and the date of the latest change of one."""
        count = 2 if form in (data.TNHH2, data.CTCP) and rng.random() < 0.05 else 1
        chosen, changed = [], None
        for index in range(min(count, len(founders)) if founders else 1):
            person, since = founders[index], founded
            death = self.facts.death(person)
            owner_bound = form in (data.DNTN, data.HKD)
            while not owner_bound and death is not None and death.died_on <= at.date():
                since = next_working_day(death.died_on + timedelta(days=30))
                person = self._outsider(rng, province, since)
                death = self.facts.death(person)
                changed = since if since <= at.date() else changed
            who = relative(self.people, person)
            assert who is not None
            chosen.append(Representative(who, biz.TITLES[form], since))
        return tuple(chosen), changed

    def _assemble(
        self, code: str, kind: str, form: data.Form, rng: random.Random, name: str, foreign: str,
        founded: date, status: tuple[str, str], total: int, address: Address,
        members: tuple[Member, ...], founders: tuple[CccdParts, ...], at: datetime,
    ) -> Enterprise:  # fmt: skip
        province = address.ward.district.province.code
        reps, changed = self._representatives(rng, form.code, founders, founded, province, at)
        amended, changes, day = founded, 0, founded
        for _ in range(rng.randint(0, 6)):  # earlier amendments, a few months to years apart
            day = next_working_day(day + timedelta(days=rng.randint(90, 1500)))
            if day <= at.date():
                amended, changes = day, changes + 1
        for approved in self.amendments(code, at) if self.amendments is not None else ():
            amended, changes = max(amended, approved), changes + 1  # ĐKDN amendment dossiers
        if changed is not None:
            amended, changes = max(amended, changed), changes + 1
        branches = rng.randint(0, 3) if kind == "DN" and rng.random() < 0.3 else 0
        lines = rng.sample(data.VSIC, k=rng.randint(1, 6))
        district = address.ward.district
        registrar = (
            f"Phòng Tài chính – Kế hoạch {district.name}"
            if kind != "DN" and founded < TWO_LEVEL
            else f"Ủy ban nhân dân {address.ward.name}"
            if kind != "DN"
            else f"Phòng Đăng ký kinh doanh, Sở Kế hoạch và Đầu tư {district.province.name}"
        )
        return Enterprise(
            code=code, kind=kind, form=form, enterprise_id=rng.randrange(10**6, 10**7),
            old_registration=biz.old_number(rng, code, founded),
            name=name, short_name=name.upper(), foreign_name=foreign.strip(),
            founded=founded, last_amended=amended, changes=changes,
            status_code=status[0], status_name=status[1], capital=total, address=address,
            lines=tuple(biz.BusinessLine(c, n, i == 0) for i, (c, n) in enumerate(lines)),
            members=members, member_count=len(members), representatives=reps,
            registrar=registrar, branch_of=None,
            branches=tuple(f"{code}-{n:03d}" for n in range(1, branches + 1)),
            locations=tuple(f"{rng.randrange(1, 10**5):05d}" for _ in range(rng.randint(0, 2))),
            phone=f"0{rng.choice((24, 28, 236, 90, 91, 98))}{rng.randrange(10**7):07d}",
            email=f"lienhe{rng.randrange(10**4)}@{'congty' if kind == 'DN' else 'hkd'}.vn",
        )  # fmt: skip
