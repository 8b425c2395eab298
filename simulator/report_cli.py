"""``ndxp-sim report``: what the run hit, per Phụ lục V row, and how the integration coped.

ndxp-sim report                          # terminal tables (Vietnamese; --lang en for English)
ndxp-sim report --since 30m --json       # for scripts
ndxp-sim report --format html -o run.html
ndxp-sim report --from http://lgsp:8300 --from http://ndxp:8200 --from http://dan_cu:8101 ...
ndxp-sim report --collect                # from every component of the settings' URLs

Where the records come from: ``--ledger`` (a file), ``--from`` (URLs: each gateway's
``/opmon/records`` and each component's fault journal, merged by :mod:`simulator.collect`),
``--collect`` (``--from`` every component at ``StackSettings.base_url``, e.g. the compose
services' ``NDXP_UPSTREAM_URLS__*``); with none of them, the local ledger file if there is one,
else ``--collect``. stderr names the source.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console

from simulator.cli_text import CLI
from simulator.i18n import Lang
from simulator.report_collect import REPORT, NothingCollected, collected_text
from simulator.settings import SERVICES, StackSettings
from simulator.timeparse import moment_arg

if TYPE_CHECKING:
    from simulator.report import Format

__all__ = ["add_report_parser", "run_report"]


def add_report_parser(sub: Any, lang: Lang, common: argparse.ArgumentParser) -> None:
    report = sub.add_parser("report", help=CLI("help.report", lang), parents=[common])
    report.add_argument("--ledger", type=Path, help=CLI("help.ledger_file", lang))
    report.add_argument(
        "--from", dest="sources", action="append", metavar="URL", help=REPORT("help.from", lang)
    )
    report.add_argument("--collect", action="store_true", help=REPORT("help.collect", lang))
    report.add_argument("--since", type=moment_arg, help=CLI("help.since", lang))
    report.add_argument(
        "--format", choices=("text", "markdown", "json", "html"), default="text",
        help=CLI("help.format", lang),
    )  # fmt: skip
    report.add_argument("--json", action="store_true", help=CLI("help.json", lang))
    report.add_argument("--output", "-o", type=Path, help=CLI("help.output", lang))


def _ledger_text(path: Path, since_ms: int | None, fmt: Format, lang: Lang) -> str:
    from simulator.report import build_report, render

    with Console(stderr=True).status(CLI("report.building", lang, path=path)):
        return render(build_report(path, since_ms=since_ms), fmt, lang)


def _sources(args: argparse.Namespace, settings: StackSettings) -> list[str] | None:
    """The URLs to collect from, or ``None`` to read a ledger file."""
    if args.sources:
        return list(args.sources)
    if args.collect or (args.ledger is None and not settings.ledger_path.exists()):
        return [settings.base_url(name) for name in SERVICES]
    return None


def run_report(args: argparse.Namespace, settings: StackSettings) -> int:
    lang = settings.lang
    since_ms = int(args.since.timestamp() * 1000) if args.since else None
    fmt: Format = "json" if args.json else args.format
    urls = _sources(args, settings)
    if urls is not None:
        try:
            text = collected_text(urls, settings, since_ms, fmt)
        except NothingCollected as exc:
            print("ndxp-sim: " + exc.text(lang), file=sys.stderr)
            return 2
    else:
        path: Path = args.ledger or settings.ledger_path
        if not path.exists():
            print("ndxp-sim: " + CLI("error.no_ledger", lang, path=path), file=sys.stderr)
            return 2
        text = _ledger_text(path, since_ms, fmt, lang)
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
