"""What a one-stop system declares to hộ tịch: a birth, a death or a marriage.

``office`` is the commune (GSO ward code, the ministry's ``maDonVi``) that registers it: the
registration place of the event and, for a birth, the province of the newborn's số định danh
(a CCCD's first three digits name the province where the birth was registered). Without it, the
registrar is the commune of the household's thường trú. ``papers`` says whether the requester's
identity papers came with the file (``nycSoDDCN``); without them the registrar asks for them
(trạng thái 2) before deciding.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from mock_registries.world.names import Name

__all__ = ["BirthDeclaration", "DeathDeclaration", "Declaration", "MarriageDeclaration"]


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
    office: int | None = None
    papers: bool = True


@dataclass(frozen=True, slots=True)
class DeathDeclaration:
    person: str
    died_on: date
    cause: str = "Bệnh"
    one_stop_code: str | None = None
    lien_thong: bool = True  # the khai tử – xóa thường trú – mai táng phí package
    office: int | None = None
    papers: bool = True


@dataclass(frozen=True, slots=True)
class MarriageDeclaration:
    husband: str
    wife: str
    one_stop_code: str | None = None
    office: int | None = None
    papers: bool = True


Declaration = BirthDeclaration | DeathDeclaration | MarriageDeclaration
