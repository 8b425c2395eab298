"""The run report: per Phụ lục V row, per hop, and the gateway's detection accuracy.

report = build_report("var/ledger.sqlite", since_ms=None)
report.rows          # list[RowStats]
report.to_json(); report.to_markdown(); report.to_html(); report.to_text()
"""

from simulator.report.build import build_report, parse_fault_tag
from simulator.report.model import KindAccuracy, LatencySummary, Report, RowStats

__all__ = [
    "KindAccuracy",
    "LatencySummary",
    "Report",
    "RowStats",
    "build_report",
    "parse_fault_tag",
]
