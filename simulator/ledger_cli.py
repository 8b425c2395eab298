"""``ndxp-sim ledger export``: the ledger as CSV or JSON, from the command line.

ndxp-sim ledger export --from 1732330000 --to 1732333600 --format csv > hops.csv
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from gateway.opmon import SqliteLedger, export, iter_records
from simulator.settings import StackSettings

__all__ = ["add_ledger_parser", "open_ledger", "run_ledger"]


def open_ledger(settings: StackSettings, components: tuple[str, ...]) -> SqliteLedger | None:
    """The ledger of a process running ``components`` (None: no gateway, or disabled)."""
    if not settings.ledger.enabled or not {"lgsp", "ndxp"} & set(components):
        return None
    return SqliteLedger(
        settings.ledger_path,
        queue_size=settings.ledger.queue_size,
        batch_size=settings.ledger.batch_size,
        flush_interval=settings.ledger.flush_interval_seconds,
        retention=settings.ledger.retention(),
        prune_interval=settings.ledger.prune_interval_seconds,
    )


def add_ledger_parser(sub: Any) -> None:
    ledger = sub.add_parser("ledger", help="read the per-hop opmon ledger")
    actions = ledger.add_subparsers(dest="ledger_command", required=True)
    exp = actions.add_parser("export", help="export records as CSV or JSON")
    exp.add_argument("--from", dest="records_from", type=int, default=0, help="unix seconds")
    exp.add_argument("--to", dest="records_to", type=int, default=2**40, help="unix seconds")
    exp.add_argument("--client", help="only this client subsystem (e.g. SUB_MOTCUA)")
    exp.add_argument("--format", choices=("csv", "json"), default="csv")
    exp.add_argument("--ledger", type=Path, help="ledger file (default NDXP_LEDGER_PATH)")
    exp.add_argument("--output", "-o", type=Path, help="write here instead of stdout")


def run_ledger(args: argparse.Namespace, settings: StackSettings) -> int:
    path: Path = args.ledger or settings.ledger_path
    if not path.exists():
        print(f"ndxp-sim: không có sổ ledger {path} (no ledger file)", file=sys.stderr)
        return 2
    if args.records_to < args.records_from:
        print("ndxp-sim: --to phải sau --from (--to is before --from)", file=sys.stderr)
        return 2
    data = export(
        iter_records(
            path, records_from=args.records_from, records_to=args.records_to, client=args.client
        ),
        args.format,
    )
    if args.output:
        args.output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0
