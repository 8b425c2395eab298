"""The dân cư view of the world: who C06 shows, and the wire shapes of a record — the
``CongDan`` element as JSON (LGSP wrapper) and as XML (SOAP, namespace
``http://www.mic.gov.vn/dancu/1.0``). The only code of this registry that reads the world.

C06 shows what the population database knows at the moment asked: a birth registered at hộ
tịch appears once it has synced (``Delays.dan_cu_sync_seconds``), a death shows ``NgayChet`` and
the spouse widowed, and thường trú follows the police's registration or removal. The answer
bytes of one citizen are cached per simulated minute and world epoch (exact: see
:meth:`World.epoch`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import orjson
from lxml import etree

from mock_registries.common import AnswerCache
from mock_registries.world import HouseholdView, Person, Relative, World

__all__ = ["RESPONSE_NS", "Citizens", "congdan_json", "congdan_xml"]

RESPONSE_NS = "http://www.mic.gov.vn/dancu/1.0"
_R = f"{{{RESPONSE_NS}}}"


def _ymd(value: date | None) -> str | None:
    # ``date.isoformat`` is one C call; three zero-padded format specs cost twice as much.
    return None if value is None else value.isoformat().replace("-", "")


def _relative(person: Relative | None) -> dict[str, Any] | None:
    if person is None:
        return None
    cccd, name, _ = person
    return {"HoVaTen": name.upper, "QuocTich": "VN", "SoDinhDanh": cccd, "SoCMND": None}


def _twenty(person: Person) -> dict[str, Any]:
    """The 20 shared fields, in the order of the XSD (names upper-case, as C06 sends)."""
    # One unpacking: reading a NamedTuple's field by name costs a descriptor call each.
    (cccd, cmnd, name, male, birth, ethnicity, religion, marital, blood, birth_place, home_town,
     _, permanent, current, father, mother, spouse, representative, head, relation, household,
     _, _, _, _, _) = person  # fmt: skip
    family, middle, given, _ = name
    born = birth.isoformat()
    return {
        "SoDinhDanh": cccd,
        "SoCMND": cmnd,
        "HoVaTen": {"Ho": family.upper(), "ChuDem": middle.upper(), "Ten": given.upper()},
        "GioiTinh": "1" if male else "2",
        "DanToc": ethnicity,
        "TonGiao": religion,
        "TinhTrangHonNhan": marital,
        "NhomMau": blood,
        "NgayThangNamSinh": {"Nam": born[:4], "NgayThangNam": born.replace("-", "")},
        "NoiDangKyKhaiSinh": birth_place.as_c06(),
        "QuocTich": "VN",
        "QueQuan": home_town.as_c06(),
        "ThuongTru": None if permanent is None else permanent.as_c06(),
        "NoiOHienTai": None if current is None else current.as_c06(),
        "Cha": _relative(father),
        "Me": _relative(mother),
        "VoChong": _relative(spouse),
        "NguoiDaiDien": _relative(representative),
        "ChuHo": None
        if head is None
        else {
            "QuanHe": relation,
            "SoDinhDanh": head.cccd,
            "SoCMND": None,
            "HoVaTen": head.name.upper,
        },  # fmt: skip
        "SoSoHoKhau": household,
    }


def congdan_json(person: Person) -> dict[str, Any]:
    """``CongDan`` of the JSON view: the 20 fields and five of Luật Căn cước 2023."""
    record = _twenty(person)
    died, phone, card, father_birth, mother_birth = person[21:]
    record["SoDienThoai"] = phone
    record["NgayCapCCCD"] = _ymd(card)
    record["NgaySinhCha"] = _ymd(father_birth)
    record["NgaySinhMe"] = _ymd(mother_birth)
    record["NgayChet"] = _ymd(died)
    return record


def _append(parent: etree._Element, name: str, value: Any) -> None:
    if value is None:
        return
    child = etree.SubElement(parent, _R + name)
    if isinstance(value, dict):
        for key, item in value.items():
            _append(child, key, item)
    else:
        child.text = str(value)


def congdan_xml(person: Person) -> etree._Element:
    """``<CongDan>`` with exactly the 20 elements of the SOAP contract (absent ones omitted)."""
    element = etree.Element(_R + "CongDan", nsmap={"ns1": RESPONSE_NS})
    for key, value in _twenty(person).items():
        _append(element, key, value)
    return element


class Citizens:
    """Citizens as C06 shows them, with their encoded ``CongDan`` cached."""

    def __init__(self, world: World, cache_size: int) -> None:
        self.world = world
        self.cache: AnswerCache[tuple[Person | None, bytes]] = AnswerCache(cache_size)

    def cccd_of(self, so_dinh_danh: str | None, so_cmnd: str | None) -> str | None:
        """The number to look up: the số định danh, else the holder of the legacy CMND."""
        if so_dinh_danh is not None:
            return so_dinh_danh
        return None if so_cmnd is None else self.world.holder_of_cmnd(so_cmnd)

    def record(self, cccd: str | None, now: datetime) -> tuple[Person | None, bytes]:
        """The citizen and its ``CongDan`` JSON bytes (``b""`` when absent)."""
        if cccd is None:
            return None, b""
        moment = (int(now.timestamp()) // 60, self.world.epoch(now))
        found = self.cache.get(cccd, moment)
        if found is None:
            person = self.world.person(cccd, now)
            encoded = b"" if person is None else orjson.dumps(congdan_json(person))
            found = (person, encoded)
            self.cache.put(cccd, moment, found)
        return found

    def household(self, head: str, now: datetime) -> HouseholdView | None:
        return self.world.household(head, now)
