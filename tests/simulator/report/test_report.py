from __future__ import annotations

from pathlib import Path

import orjson

from gateway.opmon import SqliteLedger
from gateway.symptoms import classify
from simulator.report import build_report, parse_fault_tag, render
from simulator.report.catalog import load_rows
from tests.gateway.opmon.records import historical_ledger, hop_record


def _request(ledger: SqliteLedger, i: int, *, ok: bool, tag: str | None, symptom: str,
             attempts: int = 1, ms: int = 50, answered: str = "registry:dkdn") -> None:  # fmt: skip
    t0 = 1_700_000_000_000 + i * 10
    for hop in ("lgsp", "ndxp"):
        ledger.record(
            hop_record(
                securityServerType=hop,
                messageId=f"m-{i}",
                requestInTs=t0,
                responseOutTs=t0 + ms,
                succeeded=ok,
                statusCode=200 if ok else 502,
                injectedFault=tag,
                detectedSymptom=symptom,
                attempts=attempts if hop == "ndxp" else 1,
                answeredBy=answered if ok else "ndxp",
            )
        )


def _ledger(tmp_path: Path) -> Path:
    ledger = historical_ledger(tmp_path / "l.sqlite")
    for i in range(10):
        _request(ledger, i, ok=True, tag=None, symptom="ok", ms=20 + i)
    for i in range(10, 14):
        _request(ledger, i, ok=False, tag="44:http_error", symptom="http_5xx", ms=900)
    _request(ledger, 14, ok=True, tag="44:http_error", symptom="ok", attempts=2, ms=300)
    for i in range(15, 18):
        _request(ledger, i, ok=True, tag="3:empty_result", symptom="empty_data")
    _request(ledger, 18, ok=True, tag="3:empty_result", symptom="ok")
    ledger.close()
    return tmp_path / "l.sqlite"


def test_rows_failure_rates_retries_and_failed_hop(tmp_path: Path) -> None:
    report = build_report(_ledger(tmp_path))
    assert report.requests == 19 and report.failed == 4
    rows = {r.row: r for r in report.rows}
    assert [r.row for r in report.rows] == ["3", "44", "-"]
    assert rows["44"].requests == 5 and rows["44"].failed == 4
    assert rows["44"].recovered_by_retry == 1
    assert rows["44"].failed_at == {"ndxp": 4}
    assert rows["44"].latency.p50_ms == 900.0
    assert rows["-"].requests == 10 and rows["-"].latency.p99_ms == 29.0
    assert rows["3"].title.startswith("6 of 9 APIs")  # from the Phụ lục V catalog


def test_detection_accuracy_is_a_confusion_table(tmp_path: Path) -> None:
    report = build_report(_ledger(tmp_path))
    acc = {a.kind: a for a in report.accuracy}
    assert acc["http_error"].observed == {"http_5xx": 4, "ok": 1}
    assert acc["http_error"].matched == 4
    assert acc["empty_result"].matched == 3 and acc["empty_result"].total == 4


def test_since_filters_and_renderings(tmp_path: Path) -> None:
    path = _ledger(tmp_path)
    assert build_report(path, since_ms=1_700_000_000_100).requests == 9
    report = build_report(path)
    assert orjson.loads(render(report, "json"))["rows"][1]["failure_rate"] == 0.8
    assert "| 44 | Đắk Lắk | http_error | 5 | 4 (80.0%)" in render(report, "markdown")
    assert "Độ chính xác phát hiện" in render(report, "text")
    assert "Detection accuracy" in render(report, "text", "en")
    html = render(report, "html")
    assert html.count("data:image/png;base64,") == 3 and "<table>" in html
    assert "<html lang='vi'>" in html and "Theo dòng Phụ lục V" in html
    assert "Per Phụ lục V row" in render(report, "html", "en")


def test_rows_are_named_in_full_with_their_province(tmp_path: Path) -> None:
    report = build_report(_ledger(tmp_path))
    rows = load_rows()
    assert max(len(rows[int(r.row)].vi) for r in report.rows if r.row.isdigit()) > 70
    for lang in ("vi", "en"):
        text = render(report, "text", lang)
        markdown = render(report, "markdown", lang)
        for row in report.rows:
            if not row.row.isdigit():
                continue
            info = rows[int(row.row)]
            full = info.vi if lang == "vi" else info.en
            assert full in markdown and info.province in markdown
            assert " ".join(full.split()[:4]) in text
    assert "no fault met" in render(report, "markdown", "en")
    assert "không gặp lỗi tiêm nào" in render(report, "markdown")


def test_fault_tags_are_parsed() -> None:
    assert parse_fault_tag("12:status_sync, 21:missing_fields") == [
        ("12", "status_sync"),
        ("21", "missing_fields"),
    ]
    assert parse_fault_tag(None) == [] and parse_fault_tag("latency_500") == [("-", "latency_500")]


def _classify(status: int = 200, body: bytes = b'{"a":1}', **kw: object) -> str:
    args: dict[str, object] = {
        "status": status, "upstream_reason": None, "missing": [], "body": body,
        "content_type": b"application/json", "retry_after": False, "seconds": 0.01,
    }  # fmt: skip
    args.update(kw)
    return classify(**args)  # type: ignore[arg-type]


def test_symptoms_without_the_fault_header() -> None:
    assert _classify() == "ok"
    assert _classify(503, b'{"MaLoi":"BAO_TRI_HE_THONG"}') == "maintenance"
    assert _classify(503, b"{}", retry_after=True) == "maintenance"
    assert _classify(501) == "not_implemented"
    assert _classify(502, b"<html>502</html>", content_type=b"text/html") == "bad_response"
    assert _classify(500, b'{"x":1}') == "http_5xx"
    assert _classify(body=b'{"a":1,}\x00') == "bad_response"
    assert _classify(body=b'{"a": [1, 2') == "bad_response"
    assert _classify(body=b'{"DanhSach":[]}') == "empty_data"
    assert _classify(missing=["NgayCoKetQua"]) == "missing_fields"
    stale = b'{"TrangThai":"DANG_XU_LY","NgayHenTra":"2020-01-02T17:00:00"}'
    assert _classify(body=stale) == "stale_status"
    fresh = b'{"TrangThai":"DANG_XU_LY","NgayHenTra":"2999-01-02T17:00:00"}'
    assert _classify(body=fresh) == "ok"
    now = 1_700_000_000.0  # 2023-11-14
    just_due = '{"MaTrangThai":"4","TrangThaiHoSo":"Đang xử lý","NgayHenTra":"01/11/2023 17:00:00"'
    flagged = (just_due + ',"QuaHan":true}').encode()
    unflagged = (just_due + ',"QuaHan":false}').encode()
    assert _classify(body=flagged, now=now) == "ok"  # overdue, and the registry says so
    assert _classify(body=unflagged, now=now) == "stale_status"  # row 12/13: flag never raised
    assert _classify(upstream_reason="read_timeout") == "timeout"
    assert _classify(upstream_reason="circuit_open") == "rejected"
    relayed = b"Server.ServerProxy.ServiceFailed.Timeout"
    assert _classify(504, b"{}", xroad_error=relayed) == "timeout"
    assert _classify(seconds=31.0) == "slow"


def test_symptoms_read_the_answer_as_parsed_json() -> None:
    assert _classify(body=b"") == _classify(body=b" \n") == "empty_data"
    assert _classify(body=b"null") == _classify(body=b"[]") == "empty_data"
    assert _classify(body=b'{"DanhSach": [], "TongSo": null}') == "empty_data"
    assert _classify(body=b'{"DanhSach": [], "TongSo": 0}') == "ok"  # zero is an answer
    assert _classify(body=b'{"GhiChu": "a:[] b:null"}') == "ok"  # markers inside text
    assert _classify(body=b'{"a": "b"') == "bad_response"  # truncated
    assert _classify(body=b"<html>Bao tri</html>") == "bad_response"
    # A numeric in-progress code long past due is stale without any status text.
    numeric = b'{"Data":{"MaTrangThai":4,"NgayHenTra":"2020-01-02"}}'
    assert _classify(body=numeric) == "stale_status"
    # The caller's parsed document is what gets classified (the body is not parsed again).
    assert _classify(body=b'{"DanhSach":[1]}', document={"DanhSach": []}) == "empty_data"
    assert _classify(body=b"", document={"DanhSach": [1]}) == "ok"


def test_unanswered_and_retried_requests_are_attributed_through_the_journal(
    tmp_path: Path,
) -> None:
    ledger = historical_ledger(tmp_path / "l.sqlite")
    # A hang: no answer came back, so no X-Sim-Fault tag; only the journal knows row 20.
    _request(ledger, 0, ok=False, tag=None, symptom="timeout", ms=30_000)
    ledger.record_fault("m-0", "dkdn", "20:hang")
    # A 502 on the first attempt, recovered by the retry: the final answer carries no tag.
    _request(ledger, 1, ok=True, tag=None, symptom="ok", attempts=2)
    ledger.record_fault("m-1", "dkdn", "44:http_502")
    _request(ledger, 2, ok=True, tag=None, symptom="ok")
    ledger.close()

    report = build_report(tmp_path / "l.sqlite")

    rows = {r.row: r for r in report.rows}
    assert rows["20"].requests == 1 and rows["20"].failed == 1
    assert rows["44"].requests == 1 and rows["44"].recovered_by_retry == 1
    assert rows["-"].requests == 1
    accuracy = {a.kind: a for a in report.accuracy}
    assert accuracy["hang"].observed == {"timeout": 1} and accuracy["hang"].matched == 1
    assert "http_502" not in accuracy  # judged by its clean final answer, not the fault


def test_breaker_rejections_get_their_own_line_not_the_clean_one(tmp_path: Path) -> None:
    ledger = historical_ledger(tmp_path / "l.sqlite")
    _request(ledger, 0, ok=False, tag=None, symptom="rejected")
    _request(ledger, 1, ok=True, tag=None, symptom="ok")
    ledger.close()
    rows = {r.row: r for r in build_report(tmp_path / "l.sqlite").rows}
    assert rows["protection"].requests == 1 and rows["protection"].failed == 1
    assert rows["protection"].title.startswith("rejected by the gateway's protection")
    assert rows["-"].requests == 1 and rows["-"].failed == 0


def test_http_presets_are_judged_by_their_status_class() -> None:
    from simulator.report.expectations import matches

    assert matches("http_502", "http_5xx") and not matches("http_502", "ok")
    assert matches("http_503", "maintenance") and matches("http_429", "http_429")
    assert not matches("http_429", "http_5xx")
