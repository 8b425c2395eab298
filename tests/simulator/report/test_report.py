"""The run report from a ledger: rows, where failures arose (read from the records, set beside
where faults were injected), slow answers vs hops that gave up, and strict per-class recall and
precision of the gateway's own classification."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from simulator.report import build_report, parse_fault_tag, render
from simulator.report.catalog import load_rows
from simulator.report.expectations import expected_class
from tests.gateway.opmon.records import historical_ledger, hop_record

T0 = 1_700_000_000_000
NDXP_TIMEOUT = "Server.ServerProxy.ServiceFailed.Timeout"


class Ledger:
    def __init__(self, tmp_path: Path) -> None:
        self.path = tmp_path / "l.sqlite"
        self.ledger = historical_ledger(self.path)
        self.n = 0

    def request(
        self, lgsp: dict[str, Any], ndxp: dict[str, Any] | None = None, *,
        ms: int = 50, journal: tuple[tuple[str, str], ...] = (), provider: str = "dkdn",
    ) -> str:  # fmt: skip
        """One request: its LGSP record, its NDXP record (None: it never reached the NDXP)."""
        self.n += 1
        message = f"m-{self.n}"
        t0 = T0 + self.n * 10
        common = {"messageId": message, "requestInTs": t0, "responseOutTs": t0 + ms,
                  "serviceProvider": provider, "answeredBy": f"registry:{provider}"}  # fmt: skip
        for hop, fields in (("lgsp", lgsp), ("ndxp", ndxp)):
            if fields is not None:
                self.ledger.record(hop_record(**{**common, "securityServerType": hop, **fields}))
        for registry, tag in journal:
            self.ledger.record_fault(message, registry, tag)
        return message

    def clean(self, ms: int = 20) -> None:
        self.request({}, {}, ms=ms)

    def relayed(self, tag: str | None, symptom: str, status: int = 200, **kw: Any) -> None:
        """A registry's answer, relayed by both hops."""
        ok = status < 400
        lgsp = {"statusCode": status, "succeeded": ok, "injectedFault": tag,
                "detectedSymptom": "ok" if symptom == "missing_fields" else symptom}  # fmt: skip
        ndxp = {"statusCode": status, "succeeded": ok and symptom != "missing_fields",
                "injectedFault": tag, "detectedSymptom": symptom, **kw.pop("ndxp", {})}  # fmt: skip
        self.request(lgsp, ndxp, **kw)

    def close(self) -> Path:
        self.ledger.close()
        return self.path


def _run(tmp_path: Path) -> Path:
    ledger = Ledger(tmp_path)
    for _ in range(10):
        ledger.clean()
    for _ in range(4):  # row 44's 502 at the registry, retried and still failing
        ledger.relayed("44:http_502", "http_5xx", 502, ms=900, ndxp={"attempts": 3})
    # Recovered by a retry: the final answer is clean, the journal remembers the 502.
    ledger.relayed(None, "ok", ms=300, ndxp={"attempts": 2}, journal=(("dkdn", "44:http_502"),))
    for _ in range(3):
        ledger.relayed("3:empty_result", "empty_data")
    ledger.relayed("3:empty_result", "ok")  # a miss: the gateway saw nothing wrong
    # The LGSP → NDXP link reset the call: only the LGSP has a record.
    ledger.request(
        {"statusCode": 502, "succeeded": False, "answeredBy": "lgsp",
         "faultCode": "Server.ClientProxy.ServiceFailed.IOError",
         "faultString": "LGSP không nhận được phản hồi hợp lệ từ NDXP (connection_reset)",
         "detectedSymptom": "connection_reset"},
        None, journal=(("ho_tich", "43:reset_before@lgsp-ndxp"),), provider="ho_tich",
    )  # fmt: skip
    # The NDXP in maintenance answers itself; the LGSP relays its X-Road error.
    ledger.request(
        {"statusCode": 503, "succeeded": False, "answeredBy": "ndxp",
         "faultCode": "Server.ServerProxy.MaintenanceMode",
         "injectedFault": "48:maintenance@ndxp", "detectedSymptom": "maintenance"},
        None, provider="ho_tich",
    )  # fmt: skip
    # A registry that hangs: the NDXP gives up after its deadline; the journal knows row 20.
    gave_up = {"statusCode": 504, "succeeded": False, "answeredBy": "ndxp",
               "faultCode": NDXP_TIMEOUT, "detectedSymptom": "timeout"}  # fmt: skip
    ledger.request(gave_up, gave_up, ms=60_000, journal=(("dkdn", "20:hang"),))
    # A slow registry that still answers after 45 s.
    ledger.relayed("20:latency", "slow", ms=45_000)
    return ledger.close()


def test_rows_failures_and_where_they_arose(tmp_path: Path) -> None:
    report = build_report(_run(tmp_path))
    assert report.requests == 23 and report.failed == 7
    rows = {r.row: r for r in report.rows}
    assert [r.row for r in report.rows] == ["3", "20", "43", "44", "48", "-"]
    assert rows["44"].requests == 5 and rows["44"].failed == 4
    assert rows["44"].recovered_by_retry == 1
    assert rows["44"].failed_at == {"registry:dkdn": 4}
    assert rows["44"].latency.p50_ms == 900.0
    assert rows["-"].requests == 10 and rows["-"].latency.p99_ms == 20.0
    assert rows["3"].title.startswith("6 of 9 APIs")  # from the Phụ lục V catalog
    # The axis rows: failed on the LGSP → NDXP link / at the NDXP, injected there too.
    assert rows["43"].failed_at == {"lgsp-ndxp": 1}
    assert rows["43"].injected_at == {"lgsp-ndxp": 1}
    assert rows["48"].failed_at == {"ndxp": 1} and rows["48"].injected_at == {"ndxp": 1}
    # A slow answer is told apart from a hop that gave up; the timeout blames the registry.
    assert rows["20"].slow_answers == 1 and rows["20"].gave_up == {"ndxp": 1}
    assert rows["20"].failed_at == {"registry:dkdn": 1}
    blame = {b.where: b for b in report.blame}
    assert blame["lgsp-ndxp"].injected_at == {"lgsp-ndxp": 1}
    assert blame["registry:dkdn"].failed == 5 and blame["registry:dkdn"].gave_up == 1


def test_strict_scores_per_class_without_an_ok_escape(tmp_path: Path) -> None:
    report = build_report(_run(tmp_path))
    scores = {s.cls: s for s in report.scores}
    assert (scores["empty_data"].faults, scores["empty_data"].found) == (4, 3)
    assert scores["empty_data"].precision == 1.0
    # The missed empty answer was reported "ok": ok's precision pays for it.
    assert scores["ok"].faults == 11 and scores["ok"].found == 11
    assert scores["ok"].reported == 12 and scores["ok"].right == 11
    for cls in ("http_5xx", "connection_reset", "maintenance", "timeout", "slow"):
        assert scores[cls].recall == 1.0 and scores[cls].precision == 1.0, cls
    acc = {a.kind: a for a in report.accuracy}
    assert acc["http_502"].total == 4  # the recovered one is judged by its clean answer
    assert acc["hang"].observed == {"timeout": 1} and acc["hang"].matched == 1
    as_json = orjson.loads(render(report, "json"))
    empty = next(s for s in as_json["scores"] if s["cls"] == "empty_data")
    assert empty["recall"] == 0.75 and empty["precision"] == 1.0


def test_a_clean_answer_after_a_retried_fault_is_no_false_miss(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path)
    # A 502, retried: the registry then had no such record (its own 404, marked so).
    ledger.relayed(
        "-:no_record", "empty_data", 404, ndxp={"attempts": 2},
        journal=(("gplx", "44:http_502"),), provider="gplx",
    )  # fmt: skip
    report = build_report(ledger.close())
    scores = {s.cls: s for s in report.scores}
    assert set(scores) == {"empty_data"} and scores["empty_data"].recall == 1.0
    assert [r.row for r in report.rows] == ["44"]


def test_several_faults_on_one_answer_are_scored_each(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path)
    ledger.relayed("13:status_sync,4:missing_fields", "missing_fields,stale_status")
    ledger.relayed("13:status_sync,84:missing_fields", "missing_fields")
    report = build_report(ledger.close())
    scores = {s.cls: s for s in report.scores}
    assert (scores["missing_fields"].faults, scores["missing_fields"].found) == (2, 2)
    assert (scores["stale_status"].faults, scores["stale_status"].found) == (2, 1)


def test_renderings_name_every_section(tmp_path: Path) -> None:
    report = build_report(_run(tmp_path))
    text = render(report, "text")
    assert "Độ nhạy và độ chính xác theo lớp" in text and "Lỗi phát sinh tại đâu" in text
    assert "đường LGSP → NDXP (kết nối, lớp web trước NDXP)" in text
    assert "Recall and precision per class" in render(report, "text", "en")
    markdown = render(report, "markdown")
    assert "| 44 | Đắk Lắk | http_502 | 5 | 4 (80.0%)" in markdown
    html = render(report, "html")
    assert html.count("data:image/png;base64,") == 3 and "<table>" in html
    assert "<html lang='vi'>" in html and "Theo dòng Phụ lục V" in html
    assert "Per Phụ lục V row" in render(report, "html", "en")


def test_rows_are_named_in_full_with_their_province(tmp_path: Path) -> None:
    report = build_report(_run(tmp_path))
    rows = load_rows()
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


def test_fault_tags_and_expected_classes() -> None:
    assert parse_fault_tag("12:status_sync, 43:half_open@lgsp-ndxp") == [
        ("12", "status_sync"),
        ("43", "half_open"),
    ]
    assert parse_fault_tag(None) == [] and parse_fault_tag("latency_500") == [("-", "latency_500")]
    assert expected_class("http_502", answered=True) == "http_5xx"
    assert expected_class("http_503", answered=True) == "overloaded"
    assert expected_class("maintenance", answered=True) == "maintenance"
    assert expected_class("latency", answered=True) == "slow"
    assert expected_class("latency", answered=False) == "timeout"
    assert expected_class("wrong_values", answered=True) is None
    assert expected_class("status_hidden", answered=True) is None


def test_breaker_rejections_get_their_own_line_not_the_clean_one(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path)
    ledger.request(
        {"succeeded": False, "statusCode": 503, "answeredBy": "ndxp",
         "faultCode": "Server.ServerProxy.ServiceFailed.CircuitOpen",
         "detectedSymptom": "rejected"},
        {"succeeded": False, "statusCode": 503, "answeredBy": "ndxp",
         "faultCode": "Server.ServerProxy.ServiceFailed.CircuitOpen",
         "detectedSymptom": "rejected"},
    )  # fmt: skip
    ledger.clean()
    report = build_report(ledger.close())
    rows = {r.row: r for r in report.rows}
    assert rows["protection"].requests == 1 and rows["protection"].failed == 1
    assert rows["protection"].title.startswith("rejected by the gateway's protection")
    assert rows["-"].requests == 1 and rows["-"].failed == 0
    assert {s.cls for s in report.scores} == {"ok"}  # protection is no detection


def test_calls_cut_by_the_stacks_stop_are_not_failures_of_the_exchange(tmp_path: Path) -> None:
    """A load test ends while calls wait on a hanging registry: the stopping gateways answer
    them ShuttingDown. They are left out of every count and named in a note of their own."""
    ledger = Ledger(tmp_path)
    for _ in range(3):
        ledger.clean()
    stopping = {"statusCode": 503, "succeeded": False, "answeredBy": "lgsp",
                "faultCode": "Server.ClientProxy.ShuttingDown", "detectedSymptom": "-"}  # fmt: skip
    ndxp_stopping = {**stopping, "answeredBy": "ndxp",
                     "faultCode": "Server.ServerProxy.ShuttingDown"}  # fmt: skip
    ledger.request(stopping, ndxp_stopping, ms=31_000, journal=(("dkdn", "20:hang"),))
    ledger.request(stopping, None, ms=31_000, journal=(("dkdn", "20:hang"),))
    report = build_report(ledger.close())
    assert (report.requests, report.failed, report.cut_at_stop) == (3, 0, 2)
    assert report.cut_rows == {"20": 2}
    assert [r.row for r in report.rows] == ["-"]
    assert report.blame == [] and all(h.failed == 0 for h in report.hops)
    assert "2 requests were still waiting when the stack stopped" in render(report, "text", "en")
    assert "các dòng Phụ lục V chúng đã gặp: 20×2" in render(report, "markdown", "vi")
    assert orjson.loads(render(report, "json"))["cut_at_stop"] == 2


def test_bad_input_is_the_provinces_not_a_registry_failure_nor_a_miss(tmp_path: Path) -> None:
    """A province testing bad input: the registry's 400 and the LGSP's own Client.* refusal
    are both its call refused; neither blames a registry nor scores as a false detection."""
    ledger = Ledger(tmp_path)
    for _ in range(3):
        ledger.clean()
    refused = {"statusCode": 400, "succeeded": False, "detectedSymptom": "http_4xx",
               "answeredBy": "registry:dan_cu"}  # fmt: skip
    for _ in range(4):
        ledger.request(refused, refused, provider="dan_cu")
    own = {"statusCode": 400, "succeeded": False, "answeredBy": "lgsp",
           "faultCode": "Client.BadRequest", "detectedSymptom": "-"}  # fmt: skip
    ledger.request(own, None, provider="dan_cu")
    faulty = {**refused, "statusCode": 403, "injectedFault": "44:http_403"}
    ledger.request(faulty, faulty, provider="dan_cu")  # a fault's 4xx stays the registry's
    report = build_report(ledger.close())
    blame = {b.where: b.failed for b in report.blame}
    assert blame == {"client": 5, "registry:dan_cu": 1}
    scores = {s.cls: s for s in report.scores}
    assert scores["ok"].faults == 3 and scores["ok"].found == 3
    assert scores["http_4xx"].reported == 1 and scores["http_4xx"].right == 1


def test_a_body_over_the_registrys_limit_is_the_provinces_too(tmp_path: Path) -> None:
    """A 1.5 MiB body passes the gateways' 2 MiB limit and the registry answers 413
    (YEU_CAU_QUA_LON): the call was refused for what it sent, like a 400, not a registry
    failure nor a false detection."""
    ledger = Ledger(tmp_path)
    ledger.clean()
    too_big = {"statusCode": 413, "succeeded": False, "detectedSymptom": "http_4xx",
               "answeredBy": "registry:dan_cu"}  # fmt: skip
    ledger.request(too_big, too_big, provider="dan_cu")
    report = build_report(ledger.close())
    assert {b.where: b.failed for b in report.blame} == {"client": 1}
    assert "http_4xx" not in {s.cls for s in report.scores if s.reported}


def test_a_slow_answer_is_counted_at_the_gateways_own_threshold(tmp_path: Path) -> None:
    """A scaled rehearsal (slow threshold 3 s): the gateway marked a 3.5 s answer slow."""
    ledger = Ledger(tmp_path)
    ledger.relayed("20:latency", "slow", ms=3_500)
    ledger.relayed("20:latency", "ok", ms=2_000)
    (row,) = build_report(ledger.close()).rows
    assert (row.row, row.requests, row.slow_answers) == ("20", 2, 1)


def test_the_lgsps_refusal_of_a_provinces_credentials_access_or_path_is_the_provinces(
    tmp_path: Path,
) -> None:
    """A bad token (401), a service the province is not granted (403) and one that does not
    exist (404), refused by the LGSP: the province's own call or configuration, not the LGSP
    failing. The NDXP refusing the LGSP (Server.ServerProxy.*) stays on the exchange's axis."""
    ledger = Ledger(tmp_path)
    ledger.clean()
    for status, code in ((401, "AuthenticationFailed"), (403, "AccessDenied"),
                         (404, "UnknownService")):  # fmt: skip
        refused = {"statusCode": status, "succeeded": False, "answeredBy": "lgsp",
                   "faultCode": f"Server.ClientProxy.{code}", "detectedSymptom": "-"}  # fmt: skip
        ledger.request(refused, None, provider="dan_cu")
    by_ndxp = {"statusCode": 403, "succeeded": False, "answeredBy": "ndxp",
               "faultCode": "Server.ServerProxy.AccessDenied", "detectedSymptom": "-"}  # fmt: skip
    ledger.request(by_ndxp, by_ndxp, provider="dan_cu")
    blame = {b.where: b.failed for b in build_report(ledger.close()).blame}
    assert blame == {"client": 3, "ndxp": 1}


def test_a_registrys_soap_client_fault_is_the_provinces_refused_call(tmp_path: Path) -> None:
    """zeep sends a bad CCCD: dân cư answers a soapenv:Client Fault in a 500 (SOAP 1.1), which
    the gateways classify http_4xx — the province's message refused, not CSDL dân cư failing
    nor a false detection. A Server Fault stays the registry's."""
    ledger = Ledger(tmp_path)
    ledger.clean()
    refused = {"statusCode": 500, "succeeded": False, "detectedSymptom": "http_4xx",
               "answeredBy": "registry:dan_cu"}  # fmt: skip
    ledger.request(refused, refused, provider="dan_cu")
    failing = {**refused, "detectedSymptom": "http_5xx"}
    ledger.request(failing, failing, provider="dan_cu")
    report = build_report(ledger.close())
    assert {b.where: b.failed for b in report.blame} == {"client": 1, "registry:dan_cu": 1}


def test_a_registrys_own_no_record_is_not_called_an_injected_fault(tmp_path: Path) -> None:
    # A run with no scenario still meets "no such record" answers (the truth the empty_data
    # class is scored on); the accuracy table must not read as if faults had been injected.
    ledger = Ledger(tmp_path)
    ledger.clean()
    ledger.relayed("-:no_record", "empty_data", 404, provider="gplx")
    report = build_report(ledger.close())
    assert "no_record (CSDL không có bản ghi, không phải lỗi tiêm)" in render(report, "text")
    english = render(report, "markdown", "en")
    assert "| no_record (the registry has no such record; not an injected fault) |" in english
