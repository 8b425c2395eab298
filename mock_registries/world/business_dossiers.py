"""ĐKDN dossiers: amendment dossiers of doanh nghiệp and hợp tác xã at the national system.

Each day the national business-registration system (unit ``000.00.00.G05``) receives a seeded
number of dossiers, numbered ``000.00.00.G05-yyMMdd-NNNN`` (``lifecycles.DailyNumbering``).
Dossier slot (day, number) and enterprise code are two ends of one bijection: the slot picks a
tax prefix (a province) and a keyed affine permutation of the slot gives the code's seven
digits — so the code decodes back to its slot. A dossier therefore names a world enterprise, and
that enterprise knows its dossier: once approved, its ``LAST_AMEND_DATE`` and change count show
it (``Companies``). A slot whose enterprise does not exist at receipt, is not active, or is a
hộ kinh doanh (registered by the district, not here) holds no dossier: numbers have gaps.

Only amendments are listed: a new registration would name an enterprise that does not exist
yet, which the lazily generated world cannot know in advance (left out, docs/world-model.md).
Procedure codes follow the national TTHC catalogue's format; they are illustrative.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from mock_registries.data.identity import mst_check_digit, rng_for
from mock_registries.world.keys import mix
from mock_registries.world.lifecycles import (
    DA_XU_LY_XONG,
    DailyNumbering,
    Lifecycle,
    SlotDossiers,
    plan_lifecycle,
)
from mock_registries.world.ownership import PROVINCE_OF_PREFIX
from mock_registries.world.slots import SlotBijection

if TYPE_CHECKING:
    from mock_registries.world.business import Enterprise
    from mock_registries.world.companies import Companies

__all__ = [
    "LEGAL_WORKING_DAYS",
    "PROCEDURES",
    "UNIT",
    "BusinessDossier",
    "BusinessDossiers",
    "DossierFile",
    "Procedure",
]

UNIT = "000.00.00.G05"
LEGAL_WORKING_DAYS = 3  # Nghị định 01/2021/NĐ-CP: 03 ngày làm việc
_SLOTS_PER_DAY = 128
_BODY = 10**7
_PREFIXES = tuple(sorted(PROVINCE_OF_PREFIX))
_OLDEST_DAYS = 30  # an enterprise amends its registration a month after founding at the earliest


@dataclass(frozen=True, slots=True)
class Procedure:
    code: str
    name: str
    document_type: str
    components: tuple[str, ...]
    result: str


_DN = (
    Procedure(
        "2.002038",
        "Đăng ký thay đổi nội dung đăng ký doanh nghiệp",
        "Đăng ký thay đổi",
        ("Thông báo thay đổi nội dung đăng ký doanh nghiệp", "Nghị quyết, quyết định thay đổi"),
        "Giấy chứng nhận đăng ký doanh nghiệp",
    ),
    Procedure(
        "2.002042",
        "Thông báo thay đổi ngành, nghề kinh doanh",
        "Thông báo thay đổi",
        ("Thông báo thay đổi nội dung đăng ký doanh nghiệp",),
        "Giấy xác nhận về việc thay đổi nội dung đăng ký doanh nghiệp",
    ),
)
_HTX = (
    Procedure(
        "2.001962",
        "Đăng ký thay đổi nội dung đăng ký hợp tác xã",
        "Đăng ký thay đổi",
        ("Thông báo thay đổi nội dung đăng ký hợp tác xã", "Nghị quyết của Đại hội thành viên"),
        "Giấy chứng nhận đăng ký hợp tác xã",
    ),
)
PROCEDURES = {procedure.code: procedure for procedure in (*_DN, *_HTX)}


@dataclass(frozen=True, slots=True)
class DossierFile:
    file_id: str
    name: str
    component: str


@dataclass(frozen=True, slots=True)
class BusinessDossier:
    code: str
    kind: str  # DN or HTX
    procedure: Procedure
    enterprise: Enterprise  # as registered when the dossier was received
    lifecycle: Lifecycle
    components: tuple[DossierFile, ...]
    results: tuple[DossierFile, ...]
    internal_code: str
    online: bool
    one_stop_code: str | None = None  # MaHoSoMCDT, of a dossier a province submitted (nopHoSo)

    @property
    def enterprise_code(self) -> str:
        return self.enterprise.code

    def results_at(self, now: datetime) -> tuple[DossierFile, ...]:
        """Result files exist only once the dossier has been processed."""
        return self.results if self.lifecycle.first(DA_XU_LY_XONG, now) is not None else ()


class BusinessDossiers(SlotDossiers[BusinessDossier, str]):
    def __init__(self, seed: int, companies: Companies) -> None:
        self.seed = seed
        self.companies = companies
        self.numbering = DailyNumbering(seed, UNIT, 40, 120)
        affine: dict[str, tuple[int, int]] = {}
        for prefix in _PREFIXES:
            a = 2 * (mix(seed, 82, int(prefix)) % 10**6) + 1
            a += 2 if a % 5 == 0 else 0
            affine[prefix] = (a, mix(seed, 83, int(prefix)) % _BODY)
        self.slots = SlotBijection(
            seed, 81, _PREFIXES, affine, _BODY, _SLOTS_PER_DAY, self.numbering.count
        )
        self.at_slot = lru_cache(maxsize=4096)(self._at_slot)
        self.lifecycle = lru_cache(maxsize=4096)(self._lifecycle)

    # --- slot <-> code ----------------------------------------------------------------------
    def code_of(self, day: date, number: int) -> str | None:
        encoded = self.slots.encode(day, number)
        if encoded is None:
            return None
        first9 = f"{encoded[0]}{encoded[1]:07d}"
        check = mst_check_digit(first9)
        return None if check is None else f"{first9}{check}"

    def slot_of(self, base: str) -> tuple[date, int] | None:
        """The (day, number) whose dossier concerns enterprise ``base`` (if it is in use)."""
        if not base[2:9].isdigit():
            return None
        return self.slots.decode(base[:2], int(base[2:9]))

    # --- dossiers ---------------------------------------------------------------------------
    def _lifecycle(self, day: date, number: int) -> Lifecycle:
        """A slot's planned lifecycle (its own stream: known before the enterprise is)."""
        rng = rng_for(self.seed, "dkdn-lifecycle", self.numbering.code(day, number))
        return plan_lifecycle(rng, self.numbering.received_at(day, number), LEGAL_WORKING_DAYS)

    def _at_slot(self, day: date, number: int) -> BusinessDossier | None:
        code = self.code_of(day, number)
        if code is None:
            return None
        received = self.numbering.received_at(day, number)
        enterprise = self.companies.enterprise(code, received)
        if enterprise is None or enterprise.kind == "HKD" or enterprise.status_code != "1":
            return None
        if enterprise.founded > received.date() - timedelta(days=_OLDEST_DAYS):
            return None
        dossier_code = self.numbering.code(day, number)
        rng = rng_for(self.seed, "dkdn-dossier", dossier_code)
        procedure = rng.choice(_HTX if enterprise.kind == "HTX" else _DN)
        components = tuple(
            DossierFile(f"{dossier_code}.TP{i}", f"{name}.pdf", f"TP{i}")
            for i, name in enumerate(procedure.components, start=1)
        )
        return BusinessDossier(
            code=dossier_code,
            kind=enterprise.kind,
            procedure=procedure,
            enterprise=enterprise,
            lifecycle=self.lifecycle(day, number),
            components=components,
            results=(DossierFile(f"{dossier_code}.KQ1", f"{procedure.result}.pdf", "KQ1"),),
            internal_code=f"{enterprise.enterprise_id % 10**7:07d}",
            online=rng.random() < 0.8,
        )
