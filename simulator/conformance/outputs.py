"""The report as a CI reads it (JUnit XML, via junitparser) and as a script reads it (JSON).

JUnit: one ``<testsuite>`` per session (properties: consumer, sandbox, plan, seed), one
``<testcase classname="ndxp.conformance">`` per check; a failed check is a ``<failure
type="<check>">`` whose message says what and how much, a check the session did not exercise
is ``<skipped>``; the evidence (X-Road-Ids, timings) is the case's ``<system-out>``. The file
keeps to the common JUnit schema (Jenkins' ``junit-10.xsd``), which GitLab, Jenkins and the
GitHub report actions all read. A CI gates on the exit code: 0 all passed, 1 a check failed.
"""

from __future__ import annotations

from datetime import UTC, datetime

import jinja2
import orjson
from junitparser import Failure, JUnitXml, Skipped, TestCase, TestSuite

from simulator.conformance.grade import Report
from simulator.conformance.text import TEXTS
from simulator.i18n import Lang

__all__ = ["report_html", "report_json", "report_junit"]


def report_json(report: Report, lang: Lang = "vi") -> bytes:
    data = report.as_dict()
    for check, verdict in zip(data["checks"], report.verdicts, strict=True):
        check["title"] = TEXTS(f"check.{verdict.check}", lang)
        check["message"] = TEXTS(verdict.detail, lang, **verdict.values)
    return orjson.dumps(data, option=orjson.OPT_INDENT_2)


def report_junit(report: Report, lang: Lang = "vi") -> bytes:
    suite = TestSuite(f"ndxp.conformance.{report.plan.name}")
    started = report.phases[0].start if report.phases else datetime.now(UTC).timestamp()
    suite.timestamp = datetime.fromtimestamp(started, UTC).strftime("%Y-%m-%dT%H:%M:%S")
    suite.hostname = "ndxp-sim"
    for name, value in (
        ("consumer", report.consumer),
        ("sandbox", report.sandbox),
        ("plan", report.plan.name),
        ("seed", str(report.plan.seed)),
        ("calls", str(report.calls)),
    ):
        suite.add_property(name, value)
    for verdict in report.verdicts:
        case = TestCase(verdict.check, classname="ndxp.conformance", time=0.0)
        message = TEXTS(verdict.detail, lang, **verdict.values)
        rows = ", ".join(str(r) for r in verdict.rows)
        if verdict.outcome == "failed":
            case.result = [Failure(message, verdict.check)]
        elif verdict.outcome == "skipped":
            case.result = [Skipped(message)]
        lines = [TEXTS(f"check.{verdict.check}", lang), message, f"Phụ lục V: {rows}"]
        case.system_out = "\n".join([*lines, *verdict.evidence])
        suite.add_testcase(case)
    xml = JUnitXml(f"ndxp-sim conformance {report.consumer}")
    xml.add_testsuite(suite)
    xml.update_statistics()  # type: ignore[no-untyped-call]
    # junitparser counts skipped cases on <testsuites> too; the common schema has no such
    # attribute there (the suite keeps its own count).
    xml._elem.attrib.pop("skipped", None)
    body: bytes = xml.tostring()  # type: ignore[no-untyped-call]
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body


def report_html(report: Report, lang: Lang = "vi") -> bytes:
    """A one-page summary for people, Vietnamese first."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("simulator.conformance", "."),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    page = env.get_template("report.html").render(report=report, lang=lang, t=TEXTS.bound(lang))
    return page.encode("utf-8")
