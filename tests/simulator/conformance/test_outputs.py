"""The report's three forms, from calls made up here: JUnit XML that validates against the
common JUnit schema and that junitparser reads back with the same verdicts, JSON, and the
Vietnamese HTML page with its English switch. Also: the default plan compiles on the fault
catalog, and a broken plan is refused with a clear message."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from junitparser import Failure, JUnitXml, Skipped
from lxml import etree

from mock_registries.faults import rows_scenario
from simulator.conformance import (
    CHECKS,
    Call,
    PhaseRun,
    PlanError,
    Report,
    grade,
    load_plan,
    report_html,
    report_json,
    report_junit,
)

SCHEMA = Path(__file__).resolve().parents[2] / "schemas" / "junit-10.xsd"


def _call(start: float, status: int, service: str = "traTrangThaiHoSo", **kw: object) -> Call:
    fields: dict[str, object] = {
        "start": start,
        "end": start + 0.05,
        "service": service,
        "status": status,
        "message_id": f"id-{start}",
        "user_id": "VN079*****01",
        "sent_id": True,
        "digest": "d1",
        "key": "HS-1",
        "content": "c1",
        "retry_after": None,
        "fault_code": None,
    }
    fields.update(kw)
    return Call(**fields)  # type: ignore[arg-type]


def _report() -> Report:
    calls = [
        _call(0.0, 503, retry_after=5.0),
        _call(0.1, 503, retry_after=5.0),  # back in 50 ms: too soon, and a storm
        _call(0.2, 503, retry_after=5.0),
        _call(0.3, 503, retry_after=5.0),
        _call(0.4, 200),
        _call(20.0, 404),
        _call(21.0, 404),  # the refused poll again
    ]
    plan = load_plan(None)
    phases = [PhaseRun("baseline", 0.0, 30.0, ())]
    return grade(
        calls, plan, consumer="VN/GOV/000.00.00.H56/MCDT", sandbox="s1", phases=phases,
        non_idempotent=frozenset({"dangKyHoTich"}),
    )  # fmt: skip


def test_junit_validates_and_reads_back(tmp_path: Path) -> None:
    report = _report()
    xml = report_junit(report)
    (tmp_path / "conformance.xml").write_bytes(xml)
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    document = etree.fromstring(xml)
    assert schema.validate(document), schema.error_log
    parsed = JUnitXml.fromfile(str(tmp_path / "conformance.xml"))  # as a CI reads the file
    [suite] = list(parsed)
    cases = {case.name: case for case in suite}
    assert set(cases) == set(CHECKS)
    for verdict in report.verdicts:
        result = cases[verdict.check].result
        if verdict.outcome == "failed":
            assert isinstance(result[0], Failure) and result[0].type == verdict.check
        elif verdict.outcome == "skipped":
            assert isinstance(result[0], Skipped)
        else:
            assert result == []
    counts = report.counts()
    assert (suite.tests, suite.failures, suite.skipped) == (
        len(CHECKS),
        counts["failed"],
        counts["skipped"],
    )
    assert {p.name: p.value for p in suite.properties()}["sandbox"] == "s1"


def test_the_made_up_client_fails_what_it_broke() -> None:
    outcomes = {v.check: v.outcome for v in _report().verdicts}
    assert outcomes["retry_after_honoured"] == "failed"
    assert outcomes["no_storm"] == "failed"
    assert outcomes["stops_on_4xx"] == "failed"
    assert outcomes["idempotent_submissions"] == "skipped"  # no submission at all


def test_json_and_html_in_both_languages() -> None:
    report = _report()
    data = orjson.loads(report_json(report, "en"))
    assert data["passed"] is False and data["sandbox"] == "s1"
    assert {c["check"] for c in data["checks"]} == set(CHECKS)
    assert any(
        c["message"].startswith("1 of 1") or "Retry-After" in c["message"] for c in data["checks"]
    )
    vi = report_html(report, "vi").decode()
    en = report_html(report, "en").decode()
    assert '<html lang="vi">' in vi and "KHÔNG ĐẠT" in vi and "Dừng khi bị từ chối" in vi
    assert '<html lang="en">' in en and "FAILED" in en and "Stops on 4xx" in en


def test_default_plan_compiles_on_the_fault_catalog() -> None:
    plan = load_plan(None)
    assert [p.name for p in plan.phases][0] == "baseline"
    for phase in plan.phases:
        if phase.rows:
            scenario = rows_scenario(phase.name, phase.rows)
            assert scenario.rules, phase.name


def test_a_broken_plan_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("name: x\nphases: [{name: a, duration_s: -1}]\n", encoding="utf-8")
    with pytest.raises(PlanError, match="phases.0.duration_s"):
        load_plan(path)


def test_cli_prints_the_default_plan_and_refuses_a_missing_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from simulator.cli import main

    assert main(["conformance", "plan"]) == 0
    assert "row-62-maintenance" in capsys.readouterr().out
    code = main(
        ["--lang", "en", "conformance", "run", "--consumer", "VN/GOV/X/Y", "--plan", "/nope"]
    )
    assert code == 2
    assert "/nope" in capsys.readouterr().err
