"""The run report: per Phụ lục V row, per hop, and the gateway's detection accuracy.

report = build_report("var/ledger.sqlite", since_ms=None)
report.rows          # list[RowStats]
render(report, "html")   # or text, markdown, json
"""

from simulator.report.attribution import failure_location
from simulator.report.build import build_report, parse_fault_tag
from simulator.report.model import KindAccuracy, LatencySummary, Report, RowStats
from simulator.report.render import FORMATS, Format, render
from simulator.report.requests import Tag, faults_met

__all__ = [
    "FORMATS",
    "Format",
    "KindAccuracy",
    "LatencySummary",
    "Report",
    "RowStats",
    "Tag",
    "build_report",
    "failure_location",
    "faults_met",
    "parse_fault_tag",
    "render",
]
