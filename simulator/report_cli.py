"""``ndxp-sim report``: what the run hit, per Phụ lục V row, and how the integration coped.

ndxp-sim report                          # terminal tables from NDXP_LEDGER_PATH
ndxp-sim report --format html -o run.html
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from simulator.settings import StackSettings

__all__ = ["add_report_parser", "run_report"]


def add_report_parser(sub: Any) -> None:
    report = sub.add_parser("report", help="report a run from the ledger (per Phụ lục V row)")
    report.add_argument("--ledger", type=Path, help="ledger file (default NDXP_LEDGER_PATH)")
    report.add_argument("--since", type=int, help="only requests from this epoch millisecond")
    report.add_argument("--format", choices=("text", "markdown", "json", "html"), default="text")
    report.add_argument("--output", "-o", type=Path, help="write here instead of stdout")


def run_report(args: argparse.Namespace, settings: StackSettings) -> int:
    from simulator.report import build_report, render

    path: Path = args.ledger or settings.ledger_path
    if not path.exists():
        print(f"ndxp-sim: không có sổ ledger {path} (no ledger file)", file=sys.stderr)
        return 2
    report = build_report(path, since_ms=args.since)
    text = render(report, args.format)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0
