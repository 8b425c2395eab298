"""ĐKDN dossiers: registration dossiers of doanh nghiệp, hộ kinh doanh and hợp tác xã.

Each day the national business-registration system receives a seeded number of dossiers
(``000.00.00.G05-yyMMdd-NNNN``). A dossier's kind, procedure, enterprise, submitted components
and lifecycle follow from its code; result files exist once the dossier has a result.

Procedure codes below follow the national TTHC catalogue's format (``x.xxxxxx``); they are
illustrative (the exact codes per procedure were not verified).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from mock_registries.data.dossiers import DA_XU_LY_XONG, DailyNumbering, Lifecycle, plan_lifecycle
from mock_registries.data.identity import digest_int, make_mst, rng_for

__all__ = ["DOCUMENT_TYPES", "DkdnDossier", "DkdnDossiers", "DossierFile", "Procedure"]

UNIT = "000.00.00.G05"
LEGAL_WORKING_DAYS = 3  # Nghị định 01/2021/NĐ-CP: 03 ngày làm việc


@dataclass(frozen=True, slots=True)
class Procedure:
    code: str
    name: str
    document_type: str
    components: tuple[str, ...]
    result: str


_DN = (
    Procedure(
        "2.002018",
        "Đăng ký thành lập công ty trách nhiệm hữu hạn một thành viên",
        "Đăng ký mới",
        (
            "Giấy đề nghị đăng ký doanh nghiệp",
            "Điều lệ công ty",
            "Bản sao giấy tờ pháp lý của cá nhân chủ sở hữu",
        ),
        "Giấy chứng nhận đăng ký doanh nghiệp",
    ),
    Procedure(
        "2.002038",
        "Đăng ký thay đổi nội dung đăng ký doanh nghiệp",
        "Đăng ký thay đổi",
        ("Thông báo thay đổi nội dung đăng ký doanh nghiệp", "Nghị quyết, quyết định thay đổi"),
        "Giấy chứng nhận đăng ký doanh nghiệp",
    ),
    Procedure(
        "2.002045",
        "Thông báo tạm ngừng kinh doanh",
        "Tạm ngừng",
        ("Thông báo tạm ngừng kinh doanh",),
        "Giấy xác nhận về việc doanh nghiệp tạm ngừng",
    ),
    Procedure(
        "2.002049",
        "Đăng ký giải thể doanh nghiệp",
        "Giải thể",
        ("Thông báo về giải thể doanh nghiệp", "Báo cáo thanh lý tài sản"),
        "Thông báo về việc giải thể doanh nghiệp",
    ),
)
_HKD = (
    Procedure(
        "2.000575",
        "Đăng ký thành lập hộ kinh doanh",
        "Đăng ký mới",
        ("Giấy đề nghị đăng ký hộ kinh doanh", "Bản sao giấy tờ pháp lý của chủ hộ"),
        "Giấy chứng nhận đăng ký hộ kinh doanh",
    ),
    Procedure(
        "2.000720",
        "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
        "Đăng ký thay đổi",
        ("Thông báo thay đổi nội dung đăng ký hộ kinh doanh",),
        "Giấy chứng nhận đăng ký hộ kinh doanh",
    ),
)
_HTX = (
    Procedure(
        "2.001973",
        "Đăng ký thành lập hợp tác xã",
        "Đăng ký mới",
        (
            "Giấy đề nghị đăng ký hợp tác xã",
            "Điều lệ hợp tác xã",
            "Phương án sản xuất kinh doanh",
            "Danh sách thành viên",
        ),
        "Giấy chứng nhận đăng ký hợp tác xã",
    ),
    Procedure(
        "2.001962",
        "Đăng ký thay đổi nội dung đăng ký hợp tác xã",
        "Đăng ký thay đổi",
        ("Thông báo thay đổi nội dung đăng ký hợp tác xã",),
        "Giấy chứng nhận đăng ký hợp tác xã",
    ),
)
DOCUMENT_TYPES = ("Đăng ký mới", "Đăng ký thay đổi", "Tạm ngừng", "Giải thể")


@dataclass(frozen=True, slots=True)
class DossierFile:
    file_id: str
    name: str
    component: str


@dataclass(frozen=True, slots=True)
class DkdnDossier:
    code: str
    kind: str
    procedure: Procedure
    enterprise_code: str
    enterprise_name: str
    lifecycle: Lifecycle
    components: tuple[DossierFile, ...]
    results: tuple[DossierFile, ...]
    internal_code: str
    online: bool

    def results_at(self, now: datetime) -> tuple[DossierFile, ...]:
        """Result files exist only once the dossier has been processed."""
        return self.results if self.lifecycle.first(DA_XU_LY_XONG, now) is not None else ()


class DkdnDossiers:
    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.numbering = DailyNumbering(seed, UNIT, 40, 120)

    def get(self, code: str, now: datetime) -> DkdnDossier | None:
        """The dossier ``code`` if it exists and was received by ``now``."""
        received = self.numbering.received(code, now)
        if received is None:
            return None
        rng = rng_for(self.seed, "dkdn-dossier", code)
        draw = rng.random()
        kind, procedures = (
            ("DN", _DN) if draw < 0.7 else ("HKD", _HKD) if draw < 0.95 else ("HTX", _HTX)
        )
        procedure = rng.choice(procedures)
        mst = make_mst(
            rng, "8" + str(rng.randrange(10)) if kind == "HKD" else f"{rng.randrange(1, 7):02d}"
        )
        components = tuple(
            DossierFile(f"{code}.TP{i}", f"{name}.pdf", f"TP{i}")
            for i, name in enumerate(procedure.components, start=1)
        )
        results = (DossierFile(f"{code}.KQ1", f"{procedure.result}.pdf", "KQ1"),)
        lifecycle = plan_lifecycle(rng, received, LEGAL_WORKING_DAYS)
        name = {"HKD": "Hộ kinh doanh", "HTX": "Hợp tác xã"}.get(kind, "Công ty TNHH")
        return DkdnDossier(
            code=code,
            kind=kind,
            procedure=procedure,
            enterprise_code=mst,
            enterprise_name=f"{name} {mst[-4:]}",
            lifecycle=lifecycle,
            components=components,
            results=results,
            internal_code=f"{digest_int(self.seed, 'dkdn-internal', mst) % 10**7:07d}",
            online=rng.random() < 0.8,
        )

    def between(self, start: datetime, end: datetime) -> list[str]:
        return self.numbering.between(start, end)
