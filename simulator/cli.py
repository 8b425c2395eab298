"""``ndxp-sim`` command line.

    ndxp-sim up                      # the whole stack in one process, until Ctrl-C
    ndxp-sim demo                    # start it, send a burst through LGSP → NDXP, summarise
    ndxp-sim serve --component ndxp  # one component (what each docker-compose service runs)
    ndxp-sim loadtest --scenario thanh-hoa --shape office-day --duration 2m  # go-live verdict

Settings come from ``NDXP_*`` environment variables (see ``simulator/settings.py``); the
flags here override the few that people change on the command line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import uvloop

from simulator.faults_cli import add_faults_parser, run_faults_command
from simulator.settings import COMPONENTS, StackSettings

__all__ = ["main"]

_DESCRIPTION = (
    "Mô phỏng trục kết nối LGSP → NDXP → CSDL quốc gia (dân cư, đăng ký doanh nghiệp, hộ tịch, "
    "GPLX) và các sự cố của Phụ lục V. Simulator of the LGSP/NDXP data-exchange path."
)

COMPONENT_TITLES = {
    "dan_cu": "CSDLQG về dân cư (mock)",
    "dkdn": "CSDLQG về đăng ký doanh nghiệp (mock)",
    "ho_tich": "CSDL hộ tịch (mock)",
    "gplx": "CSDL giấy phép lái xe (mock)",
    "ndxp": "NDXP — nền tảng quốc gia",
    "lgsp": "LGSP — nền tảng tỉnh",
}


def _listening_table(urls: dict[str, str]) -> str:
    lines = [f"{'component':<8} {'what':<40} {'url':<24} docs / metrics"]
    for name, url in urls.items():
        extra = f"{url}/docs  {url}/metrics" if name not in ("lgsp", "ndxp") else f"{url}/metrics"
        lines.append(f"{name:<8} {COMPONENT_TITLES[name]:<40} {url:<24} {extra}")
    return "\n".join(lines)


def _settings(args: argparse.Namespace) -> StackSettings:
    overrides: dict[str, object] = {}
    if getattr(args, "host", None):
        overrides["host"] = args.host
    if getattr(args, "seed", None) is not None:
        overrides["mocks"] = {"seed": args.seed}
        overrides["faults"] = {"seed": args.seed}
    if getattr(args, "scenario", None):
        overrides["scenario"] = args.scenario
    settings = StackSettings()
    if not overrides:
        return settings
    data = settings.model_dump()
    for key, value in overrides.items():
        if isinstance(value, dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    return StackSettings.model_validate(data)


async def _up(settings: StackSettings, only: Sequence[str] | None) -> int:
    from simulator.ledger_cli import open_ledger
    from simulator.stack import Stack

    components = tuple(only) if only is not None else COMPONENTS
    stack = Stack(settings, only=only, ledger=open_ledger(settings, components))
    stopping = stack.catch_signals()
    await stack.start()
    print(_listening_table(stack.urls), flush=True)
    print(
        f"\ndata seed={settings.mocks.seed}  fault seed={settings.faults.seed}  "
        f"scenario={settings.fault_settings().scenario or '-'}  (Ctrl-C to stop)",
        flush=True,
    )
    try:
        name = await stopping
    finally:
        await stack.stop()
    print(f"stopped cleanly on {name}", flush=True)
    return 0


async def _demo(settings: StackSettings, rounds: int) -> int:
    from simulator.demo import format_summary, run_demo
    from simulator.ledger_cli import open_ledger
    from simulator.stack import Stack

    ledger = open_ledger(settings, COMPONENTS)
    async with Stack(settings, free_ports=True, ledger=ledger) as stack:
        print(_listening_table(stack.urls), flush=True)
        print(
            f"\nsending {rounds * 4} requests: province client → LGSP → NDXP → registry ...\n",
            flush=True,
        )
        summaries = await run_demo(stack.urls["lgsp"], rounds=rounds)
    print(format_summary(summaries), flush=True)
    if ledger is not None:
        print(f"\nledger: {ledger.written} hop records in {ledger.path} (ndxp-sim report)")
    failed = sum(s.count - s.successes for s in summaries)
    if failed and settings.fault_settings().scenario is None:
        print(f"\n{failed} request(s) failed with no fault scenario active: the stack is broken.")
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ndxp-sim", description=_DESCRIPTION)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("up", "run the whole stack until Ctrl-C"),
        ("demo", "run a short demo and exit"),
    ):
        command = sub.add_parser(name, help=text)
        command.add_argument("--host", help="listen address (default 127.0.0.1)")
        command.add_argument("--seed", type=int, help="run seed of the mock data and faults")
        command.add_argument("--scenario", help="Phụ lục V fault scenario to activate")
        if name == "demo":
            command.add_argument("--rounds", type=int, default=25, help="rounds of 4 calls")
    serve = sub.add_parser("serve", help="run one component (docker-compose services use this)")
    serve.add_argument("--component", required=True, choices=COMPONENTS)
    serve.add_argument("--host", help="listen address")
    serve.add_argument("--seed", type=int)
    serve.add_argument("--scenario")
    from simulator.ledger_cli import add_ledger_parser
    from simulator.report_cli import add_report_parser

    add_ledger_parser(sub)
    add_report_parser(sub)
    add_faults_parser(sub)
    from simulator.loadtest import add_loadtest_parser

    add_loadtest_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = _settings(args)
    if args.command == "up":
        return uvloop.run(_up(settings, None))
    if args.command == "serve":
        return uvloop.run(_up(settings, [args.component]))
    if args.command == "demo":
        return uvloop.run(_demo(settings, args.rounds))
    if args.command == "ledger":
        from simulator.ledger_cli import run_ledger

        return run_ledger(args, settings)
    if args.command == "report":
        from simulator.report_cli import run_report

        return run_report(args, settings)
    if args.command == "faults":
        return run_faults_command(args, settings.base_url("dan_cu"), settings.admin_headers())
    if args.command == "loadtest":
        from simulator.loadtest import run_loadtest_command

        return run_loadtest_command(args, settings)
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
