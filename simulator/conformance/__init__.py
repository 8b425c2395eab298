"""Province conformance: grade a province's own client against Phụ lục V, on a sandbox of its
own, from the LGSP's ledger.

    plan = load_plan(None)
    async with ConformanceSession(control, plan, consumer=client_id, sandbox="dng") as s:
        await s.run_phases()                     # meanwhile the province drives its system
    report = await s.grade(lgsp_url, non_idempotent_services(catalog_path))
    report_junit(report), report_json(report), report_html(report, "vi")

Checks (``CHECKS``): a bounded client timeout, bounded retries with backoff and jitter,
Retry-After and maintenance honoured, no storm on 503/429, no resubmission without an
idempotency key, a sane dossier-status polling cadence, own and unique X-Road-Ids with a
UserId, and no repeat of a refused request (docs/conformance.md says why, row by row).
"""

from simulator.conformance.calls import Call, calls_of
from simulator.conformance.grade import CHECKS, PhaseRun, Report, grade
from simulator.conformance.outputs import report_html, report_json, report_junit
from simulator.conformance.plan import Phase, Plan, PlanError, Thresholds, load_plan
from simulator.conformance.session import ConformanceSession, non_idempotent_services
from simulator.conformance.text import TEXTS
from simulator.conformance.verdicts import Verdict

__all__ = [
    "CHECKS",
    "TEXTS",
    "Call",
    "ConformanceSession",
    "Phase",
    "PhaseRun",
    "Plan",
    "PlanError",
    "Report",
    "Thresholds",
    "Verdict",
    "calls_of",
    "grade",
    "load_plan",
    "non_idempotent_services",
    "report_html",
    "report_json",
    "report_junit",
]
