"""Fixed test identities: the same under every seed, never "not found".

They are documented for integrators in ``docs/test-identities.md`` (keep the two in step; a test
checks that every ID below appears there). Everyone else is generated from the identifier.

- Household ``000000001`` in Phường Phúc Xá, Hà Nội: Nguyễn Văn An (chủ hộ), his wife Trần Thị
  Bình, their son Nguyễn Minh Châu and daughter Nguyễn Thị Diệp.
- A married couple with no children in Phường Bến Nghé, TP HCM: Lê Hoàng Phúc and Phạm Thị Hồng
  Nhung.
- Đào Văn Tài, the decoded public CCCD sample (Vĩnh Phúc, male, 1992), single.
- Công ty TNHH Một thành viên Thương mại An Bình (MST ``0109991239``): legal representative Nguyễn
  Văn An; its branch ``0109991239-001``. A hộ kinh doanh (``8012345677``) owned by Trần Thị Bình
  and a hợp tác xã (``0308884584``).
- Nguyễn Văn An's driving licence ``010123456789`` (class B2 of the 2008 law, valid to 2030).
- The walk-through family in Đà Nẵng, alive and unmarried where it matters so that a test can
  register events for them: Trần Văn Hùng (chủ hộ) and his wife Lê Thị Hoa in Phường Thạch
  Thang with their unmarried son Trần Minh Quân; Võ Thị Thu Hà, single, heads her own household
  in Phường Nại Hiên Đông. Quân and Hà can marry, register their child's birth; Hùng's death
  can be registered (see docs/test-identities.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

__all__ = [
    "CITIZENS",
    "ENTERPRISES",
    "LICENCES",
    "FixedCitizen",
    "FixedEnterprise",
    "FixedLicence",
    "FixedName",
]


class FixedName(NamedTuple):
    """Họ, tên đệm, tên (the world model's ``Name`` is built from it)."""

    surname: str
    middle: str
    given: str


@dataclass(frozen=True, slots=True)
class FixedCitizen:
    name: FixedName
    birth_date: date
    father: str | None
    mother: str | None
    spouse: str | None
    head: str
    relation: str
    ward: int
    street: str
    cmnd: str | None = None


HEAD_AN = "001080012345"
WIFE_BINH = "036183004567"
SON_CHAU = "001210000123"
DAUGHTER_DIEP = "001315000456"
HUSBAND_PHUC = "079092123456"
WIFE_NHUNG = "079194654321"
SINGLE_TAI = "026092008262"
FATHER_HUNG = "048058001234"
MOTHER_HOA = "048161002345"
GROOM_QUAN = "048096003456"
BRIDE_HA = "048198004567"


CITIZENS: dict[str, FixedCitizen] = {
    HEAD_AN: FixedCitizen(
        FixedName("Nguyễn", "Văn", "An"), date(1980, 5, 14), None, None, WIFE_BINH,
        HEAD_AN, "CH01", 1, "Số 12 phố Phúc Xá", "011802345",
    ),
    WIFE_BINH: FixedCitizen(
        FixedName("Trần", "Thị", "Bình"), date(1983, 9, 2), None, None, HEAD_AN,
        HEAD_AN, "CH02", 1, "Số 12 phố Phúc Xá",
    ),
    SON_CHAU: FixedCitizen(
        FixedName("Nguyễn", "Minh", "Châu"), date(2010, 3, 21), HEAD_AN, WIFE_BINH, None,
        HEAD_AN, "CH03", 1, "Số 12 phố Phúc Xá",
    ),
    DAUGHTER_DIEP: FixedCitizen(
        FixedName("Nguyễn", "Thị", "Diệp"), date(2015, 11, 30), HEAD_AN, WIFE_BINH, None,
        HEAD_AN, "CH03", 1, "Số 12 phố Phúc Xá",
    ),
    HUSBAND_PHUC: FixedCitizen(
        FixedName("Lê", "Hoàng", "Phúc"), date(1992, 7, 7), None, None, WIFE_NHUNG,
        HUSBAND_PHUC, "CH01", 26740, "Số 45 đường Lê Lợi",
    ),
    WIFE_NHUNG: FixedCitizen(
        FixedName("Phạm", "Thị Hồng", "Nhung"), date(1994, 1, 19), None, None, HUSBAND_PHUC,
        HUSBAND_PHUC, "CH02", 26740, "Số 45 đường Lê Lợi",
    ),
    SINGLE_TAI: FixedCitizen(
        FixedName("Đào", "Văn", "Tài"), date(1992, 11, 22), None, None, None,
        SINGLE_TAI, "CH01", 9106, "Thôn 3", "135602342",
    ),
    FATHER_HUNG: FixedCitizen(
        FixedName("Trần", "Văn", "Hùng"), date(1958, 4, 12), None, None, MOTHER_HOA,
        FATHER_HUNG, "CH01", 20233, "Số 27 đường Lê Lợi",
    ),
    MOTHER_HOA: FixedCitizen(
        FixedName("Lê", "Thị", "Hoa"), date(1961, 10, 3), None, None, FATHER_HUNG,
        FATHER_HUNG, "CH02", 20233, "Số 27 đường Lê Lợi",
    ),
    GROOM_QUAN: FixedCitizen(
        FixedName("Trần", "Minh", "Quân"), date(1996, 6, 25), FATHER_HUNG, MOTHER_HOA, None,
        FATHER_HUNG, "CH03", 20233, "Số 27 đường Lê Lợi",
    ),
    BRIDE_HA: FixedCitizen(
        FixedName("Võ", "Thị Thu", "Hà"), date(1998, 2, 14), None, None, None,
        BRIDE_HA, "CH01", 20266, "Số 8 đường Ngô Quyền",
    ),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class FixedEnterprise:
    kind: str  # "DN" doanh nghiệp, "HKD" hộ kinh doanh, "HTX" hợp tác xã
    name: str
    representative: str
    founded: date
    ward: int
    street: str


ENTERPRISE_AN_BINH = "0109991239"
HKD_BINH = "8012345677"
HTX_PHUC = "0308884584"

ENTERPRISES: dict[str, FixedEnterprise] = {
    ENTERPRISE_AN_BINH: FixedEnterprise(
        "DN", "Công ty TNHH Một thành viên Thương mại An Bình", HEAD_AN, date(2012, 3, 5), 1,
        "Số 12 phố Phúc Xá",
    ),
    HKD_BINH: FixedEnterprise("HKD", "Hộ kinh doanh Tạp hóa Bình", WIFE_BINH, date(2016, 8, 1), 1,
                              "Số 12 phố Phúc Xá"),
    HTX_PHUC: FixedEnterprise("HTX", "Hợp tác xã Nông nghiệp Phúc Lợi", HUSBAND_PHUC,
                              date(2019, 4, 22), 26740, "Số 45 đường Lê Lợi"),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class FixedLicence:
    holder: str
    licence_class: str
    issued: date
    expires: date | None


LICENCE_AN = "010123456789"
LICENCES: dict[str, FixedLicence] = {
    LICENCE_AN: FixedLicence(HEAD_AN, "B2", date(2020, 6, 15), date(2030, 6, 15)),
}
