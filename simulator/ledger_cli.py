"""``ndxp-sim ledger export``: the ledger as CSV or JSON, from the command line.

ndxp-sim ledger export --from 1h --format csv > hops.csv
ndxp-sim ledger export --from 2024-06-04T09:00 --to 2024-06-04T10:30 --format json

--from and --to take a moment the way every option of the CLI does (simulator/timeparse.py):
ISO 8601 (Vietnam time without a zone), Unix seconds or milliseconds, or how long ago (15m).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from gateway.opmon import LedgerUnwritable, SqliteLedger, export, iter_records
from simulator.cli_text import CLI
from simulator.i18n import Lang
from simulator.settings import StackSettings
from simulator.timeparse import moment_arg

__all__ = ["LedgerUnwritable", "add_ledger_parser", "open_ledger", "run_ledger"]


def open_ledger(settings: StackSettings, components: tuple[str, ...]) -> SqliteLedger | None:
    """The ledger of a process running ``components`` (None: no gateway, or disabled)."""
    if not settings.ledger.enabled or not {"lgsp", "ndxp"} & set(components):
        return None
    # An unwritable file raises LedgerUnwritable (path and cause) for the one-line CLI error.
    return SqliteLedger(
        settings.ledger_path,
        queue_size=settings.ledger.queue_size,
        batch_size=settings.ledger.batch_size,
        flush_interval=settings.ledger.flush_interval_seconds,
        retention=settings.ledger.retention(),
        prune_interval=settings.ledger.prune_interval_seconds,
    )


def add_ledger_parser(sub: Any, lang: Lang, common: argparse.ArgumentParser) -> None:
    ledger = sub.add_parser("ledger", help=CLI("help.ledger", lang), parents=[common])
    actions = ledger.add_subparsers(dest="ledger_command", required=True)
    exp = actions.add_parser("export", help=CLI("help.export", lang), parents=[common])
    exp.add_argument("--from", dest="records_from", type=moment_arg, help=CLI("help.from", lang))
    exp.add_argument("--to", dest="records_to", type=moment_arg, help=CLI("help.to", lang))
    exp.add_argument("--client", help=CLI("help.client", lang))
    exp.add_argument("--format", choices=("csv", "json"), default="csv")
    exp.add_argument("--ledger", type=Path, help=CLI("help.ledger_file", lang))
    exp.add_argument("--output", "-o", type=Path, help=CLI("help.output", lang))


def run_ledger(args: argparse.Namespace, settings: StackSettings) -> int:
    lang = settings.lang
    path: Path = args.ledger or settings.ledger_path
    if not path.exists():
        print("ndxp-sim: " + CLI("error.no_ledger", lang, path=path), file=sys.stderr)
        return 2
    start = int(args.records_from.timestamp()) if args.records_from else 0
    end = int(args.records_to.timestamp()) if args.records_to else 2**40
    if end < start:
        print("ndxp-sim: " + CLI("error.range", lang), file=sys.stderr)
        return 2
    data = export(
        iter_records(path, records_from=start, records_to=end, client=args.client), args.format
    )
    if args.output:
        args.output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0
