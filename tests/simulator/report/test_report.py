from __future__ import annotations

from pathlib import Path

import orjson

from gateway.opmon import SqliteLedger
from simulator.report import build_report, parse_fault_tag, render
from simulator.report.catalog import load_rows
from tests.gateway.opmon.records import hop_record


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
    ledger = SqliteLedger(tmp_path / "l.sqlite")
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


def test_unanswered_and_retried_requests_are_attributed_through_the_journal(
    tmp_path: Path,
) -> None:
    ledger = SqliteLedger(tmp_path / "l.sqlite")
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
    ledger = SqliteLedger(tmp_path / "l.sqlite")
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
