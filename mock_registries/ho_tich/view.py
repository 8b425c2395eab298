"""The hộ tịch view of the world: registrations pushed by one-stop systems go to the world's
registrar, and what the ministry answers comes from the world's dossiers and records. The only
code of this registry that reads the world.

A ``dangKyHoTich`` becomes a world declaration (``maDonVi`` is the registering commune; a birth
or death record without ``nycSoDDCN`` lacks the requester's papers: trạng thái 2 until they
come. A marriage has no requester — the production ``DataDKKH`` payload has no ``nyc…`` block,
the spouses file themselves — and their own số định danh are required up front, so a marriage
is never sent back for papers). Its names and
dates must be those dân cư holds (500 DATA_INCORRECT otherwise, as the ministry checks against
the population database); the registrar's own refusals are 500 too. Statuses are reported as
they stood ``Delays.status_sync_seconds`` ago. Only what the client sent and the world does not
model is kept here: the dossier's ``maHoSoLT`` and the record as sent (``ketQuaDangKyHS``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from mock_registries.common import CONTROL_CHARACTER, dmy_time as _dt, normalise_name
from mock_registries.errors import RegistryError
from mock_registries.ho_tich import shapes
from mock_registries.ho_tich.catalogs import STATUSES
from mock_registries.ho_tich.payloads import btp_error, record_date
from mock_registries.world import (
    SUPPLEMENT_NOTE,
    BirthDeclaration,
    CivilDossier,
    DeathDeclaration,
    Duplicate,
    MarriageDeclaration,
    StoreFull,
    World,
    WorldError,
    dossier_subject,
    parse_name,
)

__all__ = ["CivilRegistry"]

_ETHNIC_CODES = {f"{i:02d}" for i in range(1, 55)}


class CivilRegistry:
    def __init__(self, world: World) -> None:
        self.world = world
        self.sent: dict[int, tuple[str | None, dict[str, Any]]] = {}  # maHoSoLT, hoTich

    # --- dangKyHoTich -----------------------------------------------------------------------
    def register(
        self, module: str, unit: int, one_stop: str, lien_thong: str | None,
        record: dict[str, Any], now: datetime,
    ) -> CivilDossier:  # fmt: skip
        """File ``record`` with the world's registrar (the ministry's refusals raised)."""
        try:
            if module == "LTKS":
                dossier = self.world.register_birth(self._birth(record, unit, one_stop, now), now)
            elif module == "LTKT":
                dossier = self.world.register_death(self._death(record, unit, one_stop, now), now)
            else:
                declared = self._marriage(record, unit, one_stop, now)
                dossier = self.world.register_marriage(declared, now)
        except Duplicate as exc:
            existing = self.world.dossier(exc.existing)
            number = shapes.dossier_id(existing) if existing else exc.existing
            message = f"Hồ sơ {one_stop[:40]} đã được tiếp nhận (mã {number})."
            raise btp_error("500", message) from None
        except StoreFull as exc:
            raise RegistryError(503, exc.reason, str(exc)) from None
        except WorldError as exc:
            raise btp_error("500", f"{exc} ({exc.reason})") from None
        self.sent[dossier.number] = (lien_thong, record)
        return dossier

    def _matches(self, cccd: str, name: Any, field: str, now: datetime) -> None:
        person = self.world.person(cccd, now)
        if person is None:
            return  # the registrar answers: not in the population database
        if not isinstance(name, str) or normalise_name(name) != normalise_name(person.name.full):
            raise btp_error("500", f"{field}: họ tên không khớp CSDLQG về dân cư.")

    def _born(self, cccd: str, record: dict[str, Any], field: str, now: datetime) -> None:
        person = self.world.person(cccd, now)
        declared = record_date(record, field)
        if person is not None and declared is not None and declared != person.birth_date:
            raise btp_error("500", f"{field}: ngày sinh không khớp CSDLQG về dân cư.")

    def _birth(
        self, record: dict[str, Any], unit: int, one_stop: str, now: datetime
    ) -> BirthDeclaration:
        try:
            name = parse_name(_printable(record["nksHoTen"], "nksHoTen"))
        except ValueError:
            raise btp_error("302", "nksHoTen phải là họ tên.") from None
        ethnicity = record.get("nksDanToc") or None
        if ethnicity is not None and ethnicity not in _ETHNIC_CODES:
            raise btp_error("302", "nksDanToc phải là mã dân tộc 01–54 (danhMuc loại 3).")
        mother, father = str(record["meSoDDCN"]), record.get("chaSoDDCN") or None
        self._matches(mother, record["meHoTen"], "meHoTen", now)
        if father is not None:
            self._matches(father, record.get("chaHoTen"), "chaHoTen", now)
        born = record_date(record, "nksNgaySinh")
        assert born is not None  # a required field
        return BirthDeclaration(
            name, record["nksGioiTinh"] in ("1", 1), born, mother, father, ethnicity,
            one_stop, True, unit, bool(record.get("nycSoDDCN")),
        )  # fmt: skip

    def _death(
        self, record: dict[str, Any], unit: int, one_stop: str, now: datetime
    ) -> DeathDeclaration:
        person = str(record["nktSoDDCN"])
        self._matches(person, record["nktHoTen"], "nktHoTen", now)
        self._born(person, record, "nktNgaySinh", now)
        died = record_date(record, "nktNgayChet")
        assert died is not None
        cause = record.get("nktNguyenNhanChet")
        if isinstance(cause, str) and cause:
            cause = _printable(cause, "nktNguyenNhanChet")[:100]
        else:
            cause = "Không xác định"
        papers = bool(record.get("nycSoDDCN"))
        return DeathDeclaration(person, died, cause, one_stop, True, unit, papers)

    def _marriage(
        self, record: dict[str, Any], unit: int, one_stop: str, now: datetime
    ) -> MarriageDeclaration:
        husband, wife = str(record["chongSoDDCN"]), str(record["voSoDDCN"])
        for cccd, role in ((husband, "chong"), (wife, "vo")):
            self._matches(cccd, record[f"{role}HoTen"], f"{role}HoTen", now)
            self._born(cccd, record, f"{role}NgaySinh", now)
        return MarriageDeclaration(husband, wife, one_stop, unit, papers=True)

    # --- look-ups ---------------------------------------------------------------------------
    def find(self, unit: int | None, code: str) -> CivilDossier:
        """By the one-stop dossier code (of ``unit``, or any unit) or by the ministry's id."""
        found = self.world.dossier(code, unit)
        if found is None and code.isascii() and code.isdigit() and len(code) < 12:
            found = self.world.dossier_number(int(code) - shapes.FIRST_ID + 1)
            if found is not None and unit is not None and found.office != unit:
                found = None
        if found is None:
            raise btp_error("201", f"Không tìm thấy hồ sơ {code[:40]}.")
        return found

    def seen(self, now: datetime) -> datetime:
        return now - timedelta(seconds=self.world.delays().status_sync_seconds)

    def state(self, dossier: CivilDossier, now: datetime) -> dict[str, Any]:
        """``traTrangThaiHoSo``: the ministry's state of one dossier and its liên thông legs."""
        seen = self.seen(now)
        status, since = dossier.status_since(seen)
        module = shapes.MODULES[dossier.kind]
        state = str(status)
        return {
            **shapes.OK,
            "maHoSo": shapes.dossier_id(dossier),
            "maHoSoMCDT": dossier.one_stop_code or "",
            "maHoSoLT": self.sent.get(dossier.number, (None, {}))[0],
            "maDonVi": dossier.office or 0,
            "module": module,
            "MaTTHC": shapes.PROCEDURES[module][0],
            "TenTTHC": shapes.PROCEDURES[module][1],
            "trangThai": state,
            "tenTrangThai": STATUSES[state],
            "thoiGianThucHien": _dt(since),
            "ngayTiepNhan": _dt(dossier.received_at),
            "ngayHenTra": _dt(dossier.due_at),
            "noiDungBoSung": SUPPLEMENT_NOTE if state == "2" else None,
            "lyDoTuChoi": dossier.refusal if state == "6" else None,
            "QuaHan": dossier.overdue(seen),
            "lienThong": shapes.legs(dossier.legs(seen, self.world.delays())),
        }

    def of_day(self, unit: int, day: date, now: datetime) -> list[dict[str, Any]]:
        """``dongBoHoSo``: the states of commune ``unit``'s dossiers received on ``day`` or
        whose reported status changed on it, in filing order."""
        seen = self.seen(now)
        found = []
        for dossier in self.world.dossiers():
            if dossier.office != unit or dossier.received_at > seen:
                continue
            _, since = dossier.status_since(seen)
            if day in (dossier.received_at.date(), since.date()):
                found.append(self.state(dossier, now))
        return found

    def _record(self, module: str, cccd: str, now: datetime) -> dict[str, Any] | None:
        if module == "LTKS":
            birth = self.world.birth_record(cccd, now)
            return None if birth is None else shapes.book_fields(birth)
        if module == "LTKT":
            death = self.world.death_record(cccd, now)
            return None if death is None else shapes.book_fields(death)
        marriage = self.world.marriage_record(cccd, now)
        if marriage is None or marriage.husband.cccd != cccd:
            return None  # a marriage record is filed under the husband's number
        return shapes.book_fields(marriage)

    def result(self, dossier: CivilDossier, now: datetime) -> dict[str, Any]:
        """``ketQuaDangKyHS``: the registered record with its book numbers."""
        status = dossier.status(self.seen(now))
        if status == 6:
            raise btp_error("200", f"Hồ sơ bị từ chối, không có kết quả: {dossier.refusal}")
        fields = None if status != 4 else self._record(
            shapes.MODULES[dossier.kind], dossier_subject(dossier), now
        )  # fmt: skip
        if fields is None:
            raise btp_error("200", "Hồ sơ chưa hoàn thành đăng ký.")
        book = {k: fields[k] for k in ("soDangKy", "quyenSo", "trangSo", "ngayDangKy")}
        value = {"soDinhDanh": fields.get("soDinhDanh"), **book}
        value["maGiayToKetQua"] = fields["maGiayToKetQua"]
        value["hoTich"] = self.sent.get(dossier.number, (None, {}))[1]
        return {
            **shapes.OK,
            "maHoSo": shapes.dossier_id(dossier),
            "maHoSoMCDT": dossier.one_stop_code or "",
            "module": shapes.MODULES[dossier.kind],
            "value": value,
        }

    def book(self, module: str, record_id: int, now: datetime) -> dict[str, Any]:
        """``traHoSo``: a run dossier's record (id below 10⁹) or a citizen's (the số định
        danh as a number; kết hôn: the husband's)."""
        fields = None
        if record_id >= 10**9:
            fields = self._record(module, f"{record_id:012d}", now)
        else:
            dossier = self.world.dossier_number(record_id - shapes.FIRST_ID + 1)
            if dossier is not None and shapes.MODULES[dossier.kind] == module:
                if dossier.status(self.seen(now)) == 4:
                    fields = self._record(module, dossier_subject(dossier), now)
        if fields is None:
            raise btp_error("201", f"Không tìm thấy hồ sơ {module} số {record_id}.")
        number = fields.pop("soDangKy")
        return {**shapes.OK, "value": [{"id": record_id, "module": module, "so": number, **fields}]}

    def epoch(self, now: datetime) -> tuple[int, int, int]:
        return self.world.epoch(now)

    def stored(self) -> int:
        return len(self.world.dossiers())


def _printable(value: Any, field: str) -> str:
    """``value`` as text the registry may store and echo: a C0 control character or DEL is
    refused (no XML 1.0 message, the ministry's SOAP side included, can carry one)."""
    text = str(value)
    if CONTROL_CHARACTER.search(text) is not None:
        raise btp_error("302", f"{field} chứa ký tự điều khiển (control characters).")
    return text
