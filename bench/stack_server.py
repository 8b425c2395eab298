"""The in-process stack (four mocks, NDXP, LGSP, SQLite ledger) as a process of its own for the
benches that load it from outside (``bench_isolation``, ``bench_soak``): one process, one
core, as ``ndxp-sim up`` runs it. Prints ``ready`` once every server listens; stops on SIGTERM.

    python -m bench.stack_server --ports '{"lgsp": 18300, ...}' --ledger /tmp/l.sqlite

Consumers get quotas no bench reaches (a 429 is cheap and would pass as throughput); fault
override headers are allowed, so a bench can hang one registry (``X-Sim-Fault: hang``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import yaml

from gateway import DEFAULT_CATALOG, GatewaySettings
from gateway.opmon import Retention, SqliteLedger
from mock_registries import FaultSettings
from simulator.settings import SERVICES, LedgerSettings, Ports, StackSettings
from simulator.stack import Stack

__all__ = ["unquoted_catalog"]


def unquoted_catalog(directory: Path) -> Path:
    """The default catalog with every consumer's quota out of reach."""
    data = yaml.safe_load(DEFAULT_CATALOG.read_text(encoding="utf-8"))
    for consumers in data["consumers"].values():
        for consumer in consumers:
            consumer["quota"] = {"rps": 1_000_000, "burst": 1_000_000}
    path = directory / "catalog.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


async def serve(ports: dict[str, int], ledger: Path, max_ledger_bytes: int) -> None:
    settings = StackSettings(
        ports=Ports(**ports),
        ledger_path=ledger,
        ledger=LedgerSettings(max_bytes=max_ledger_bytes),
        faults=FaultSettings(allow_override_headers=True),
        gateway=GatewaySettings(catalog_path=unquoted_catalog(ledger.parent)),
    )
    sink = SqliteLedger(
        ledger,
        retention=Retention(max_bytes=max_ledger_bytes),
        prune_interval=settings.ledger.prune_interval_seconds,
    )
    stack = Stack(settings, only=SERVICES, ledger=sink)
    stopping = stack.catch_signals()
    await stack.start()
    print("ready", flush=True)
    await stopping
    await stack.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ports", required=True, help="JSON: component -> port")
    parser.add_argument("--ledger", required=True, type=Path)
    parser.add_argument("--max-ledger-bytes", type=int, default=LedgerSettings().max_bytes)
    args = parser.parse_args()
    import uvloop

    uvloop.run(serve(json.loads(args.ports), args.ledger, args.max_ledger_bytes))


if __name__ == "__main__":
    main()
