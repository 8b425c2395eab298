"""Body faults on parsed JSON: names match case-insensitively, at any depth."""

from __future__ import annotations

from collections.abc import Mapping

import orjson

from mock_registries.faults.spec import parse_fault, preset_fault
from mock_registries.faults.transforms import apply_body_faults


def _apply(document: object, *faults: Mapping[str, object]) -> tuple[object, list[int]]:
    body, applied, _ = apply_body_faults(orjson.dumps(document), [parse_fault(f) for f in faults])
    return orjson.loads(body), applied


def test_missing_and_null_fields_any_depth_and_case() -> None:
    doc = {"data": [{"ngayCoKetQua": "x", "TepKetQua": "f", "Keep": 1}]}
    out, applied = _apply(doc, {"kind": "missing_fields", "fields": ["NgayCoKetQua"]})
    assert out == {"data": [{"TepKetQua": "f", "Keep": 1}]} and applied == [0]
    out, _ = _apply(doc, {"kind": "null_fields", "fields": ["TepKetQua"]})
    assert out == {"data": [{"ngayCoKetQua": "x", "TepKetQua": None, "Keep": 1}]}


def test_a_fault_that_finds_nothing_is_not_reported() -> None:
    doc = {"a": 1}
    body, applied, _ = apply_body_faults(
        orjson.dumps(doc), [parse_fault({"kind": "missing_fields", "fields": ["b"]})]
    )
    assert applied == [] and orjson.loads(body) == doc
    body, applied, _ = apply_body_faults(b"<html/>", [parse_fault({"kind": "empty_result"})])
    assert applied == [] and body == b"<html/>"


def test_removing_or_nulling_a_field_that_is_already_null_is_no_fault() -> None:
    doc = {"data": [{"SoDienThoai": None, "NgayCapCCCD": None}]}
    for kind in ("missing_fields", "null_fields"):
        out, applied = _apply(doc, {"kind": kind, "fields": ["SoDienThoai", "NgayCapCCCD"]})
        assert applied == [] and out == doc
    out, applied = _apply(
        {"a": {"SoDienThoai": None}, "b": {"SoDienThoai": "0912"}},
        {"kind": "missing_fields", "fields": ["SoDienThoai"]},
    )
    assert applied == [0] and out == {"a": {"SoDienThoai": None}, "b": {}}


def test_empty_result_shapes() -> None:
    assert _apply([1, 2], {"kind": "empty_result"}) == ([], [0])
    out, _ = _apply(
        {"DataCount": "2", "GetEntCert": [{"a": 1}]},
        {"kind": "empty_result", "count_fields": ["DataCount"]},
    )
    assert out == {"DataCount": "0", "GetEntCert": []}
    out, _ = _apply({"data": {"MaHoSo": "1"}}, {"kind": "empty_result"})
    assert out == {"data": None}


def test_status_sync_folds_diacritics_and_drops_reasons() -> None:
    doc = [
        {"TrangThai": "Tạm dừng", "NgayTamDung": "d"},
        {"TrangThai": "QUA_HAN"},
        {"TrangThai": "DA_TRA"},
    ]
    fault = {
        "kind": "status_sync",
        "fields": ["TrangThai"],
        "hidden": ["TAM_DUNG", "Quá hạn"],
        "reported_as": "DANG_XU_LY",
        "drop_fields": ["NgayTamDung"],
    }
    out, _ = _apply(doc, fault)
    assert out == [
        {"TrangThai": "DANG_XU_LY"},
        {"TrangThai": "DANG_XU_LY"},
        {"TrangThai": "DA_TRA"},
    ]


def test_truncation_and_malformation_damage_bytes() -> None:
    raw = orjson.dumps({"k": "v" * 20})
    body, applied, _ = apply_body_faults(
        raw, [parse_fault({"kind": "truncated_json", "fraction": 0.5})]
    )
    assert body == raw[: len(raw) // 2] and applied == [0]
    body, _, _ = apply_body_faults(raw, [preset_fault("malformed_json")])
    assert body != raw and body.startswith(raw[:-1])


def test_presets_and_latency_tokens() -> None:
    assert preset_fault("HTTP_503").params == {"status": 503, "retry_after_s": 30}
    latency = preset_fault("latency_1500")
    assert latency.delay is not None and latency.delay.sample(0.1) == 1.5


def test_status_sync_reports_codes_as_codes_and_names_as_names() -> None:
    doc = {
        "Data": {
            "TrangThaiHoSo": "8",
            "TenTrangThaiHoSo": "Dừng xử lý",
            "NgayTuChoi": None,
            "LichSuXuLy": [{"TrangThaiHoSo": "3", "TenTrangThaiHoSo": "Không được tiếp nhận"}],
        }
    }
    fault = {
        "kind": "status_sync",
        "fields": ["TrangThaiHoSo", "TenTrangThaiHoSo"],
        "hidden": ["3", "8", "Dừng xử lý", "Không được tiếp nhận"],
        "reported_as": {"code": "4", "name": "Đang xử lý"},
        "drop_fields": ["NgayTuChoi"],
    }
    out, applied = _apply(doc, fault)
    assert applied == [0]
    assert out == {
        "Data": {
            "TrangThaiHoSo": "4",
            "TenTrangThaiHoSo": "Đang xử lý",
            "LichSuXuLy": [{"TrangThaiHoSo": "4", "TenTrangThaiHoSo": "Đang xử lý"}],
        }
    }


def test_status_sync_is_named_by_what_the_answer_shows() -> None:
    from datetime import datetime

    from mock_registries.clock import VIETNAM_TZ

    now = datetime(2024, 6, 4, 10, 0, tzinfo=VIETNAM_TZ)
    fault = parse_fault(
        {
            "kind": "status_sync",
            "fields": ["TrangThaiHoSo"],
            "hidden": ["3"],
            "reported_as": {"code": "4", "name": "Đang xử lý"},
            "overdue_fields": ["QuaHan"],
        }
    )

    def run(dossier: dict[str, object]) -> tuple[object, list[int], set[int]]:
        body, applied, latent = apply_body_faults(orjson.dumps({"Data": dossier}), [fault], now)
        return orjson.loads(body)["Data"], applied, latent

    # Refused this morning, due Friday: reported in progress, nothing to see yet (latent).
    fresh, applied, latent = run({"TrangThaiHoSo": "3", "NgayHenTra": "20240607170000"})
    assert fresh == {"TrangThaiHoSo": "4", "NgayHenTra": "20240607170000"}
    assert applied == [0] and latent == {0}
    # Overdue since yesterday and flagged so: the flag is cleared, which shows.
    late, applied, latent = run(
        {"TrangThaiHoSo": "4", "NgayHenTra": "03/06/2024 17:00:00", "QuaHan": True}
    )
    assert late["QuaHan"] is False and applied == [0] and latent == set()
    # Refused long ago and still "in progress" two months later: shows too.
    old, applied, latent = run({"TrangThaiHoSo": "3", "NgayHenTra": "01/04/2024"})
    assert old["TrangThaiHoSo"] == "4" and applied == [0] and latent == set()
    # A finished dossier is left alone.
    done, applied, _ = run({"TrangThaiHoSo": "10", "NgayHenTra": "01/04/2024", "QuaHan": True})
    assert done["QuaHan"] is True and applied == []
