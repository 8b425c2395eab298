"""``ndxp-sim report``: what the run hit, per Phụ lục V row, and how the integration coped.

ndxp-sim report                          # terminal tables (Vietnamese; --lang en for English)
ndxp-sim report --since 30m --json       # for scripts
ndxp-sim report --format html -o run.html
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rich.console import Console

from simulator.cli_text import CLI
from simulator.i18n import Lang
from simulator.settings import StackSettings
from simulator.timeparse import moment_arg

__all__ = ["add_report_parser", "run_report"]


def add_report_parser(sub: Any, lang: Lang, common: argparse.ArgumentParser) -> None:
    report = sub.add_parser("report", help=CLI("help.report", lang), parents=[common])
    report.add_argument("--ledger", type=Path, help=CLI("help.ledger_file", lang))
    report.add_argument("--since", type=moment_arg, help=CLI("help.since", lang))
    report.add_argument(
        "--format", choices=("text", "markdown", "json", "html"), default="text",
        help=CLI("help.format", lang),
    )  # fmt: skip
    report.add_argument("--json", action="store_true", help=CLI("help.json", lang))
    report.add_argument("--output", "-o", type=Path, help=CLI("help.output", lang))


def run_report(args: argparse.Namespace, settings: StackSettings) -> int:
    from simulator.report import Format, build_report, render

    lang = settings.lang
    path: Path = args.ledger or settings.ledger_path
    if not path.exists():
        print("ndxp-sim: " + CLI("error.no_ledger", lang, path=path), file=sys.stderr)
        return 2
    since_ms = int(args.since.timestamp() * 1000) if args.since else None
    fmt: Format = "json" if args.json else args.format
    with Console(stderr=True).status(CLI("report.building", lang, path=path)):
        text = render(build_report(path, since_ms=since_ms), fmt, lang)
    if not args.output:
        sys.stdout.write(text)
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        why = exc.strerror or str(exc)
        print("ndxp-sim: " + CLI("error.write", lang, path=args.output, why=why), file=sys.stderr)
        return 2
    print(CLI("report.written", lang, path=args.output), file=sys.stderr)
    return 0
