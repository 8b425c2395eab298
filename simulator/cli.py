"""ndxp-sim command line.

    ndxp-sim up                      # the whole stack and the console in one process, until Ctrl-C
    ndxp-sim demo                    # start it, send a burst through LGSP → NDXP, summarise
    ndxp-sim serve --component ndxp  # one component (what each docker-compose service runs)
    ndxp-sim serve --component lgsp --workers 2   # one component, two processes, one port
    ndxp-sim loadtest --scenario thanh-hoa --shape office-day --duration 2m  # go-live verdict
    ndxp-sim world check --sample 10000  # every cross-registry invariant of the national world

Settings come from NDXP_* environment variables (see simulator/settings.py); the flags here
override the few that people change on the command line. Messages are Vietnamese unless
--lang en or NDXP_LANG=en. A busy port, a bad setting or an unwritable ledger is one line on
stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version

import uvloop
from pydantic import ValidationError

from mock_registries.faults import ScenarioNotFound
from simulator.cli_parser import LangParser, parser_class
from simulator.cli_text import CLI
from simulator.failures import StackFailure
from simulator.faults_cli import add_faults_parser, run_faults_command
from simulator.i18n import LANGS, Lang, pick_lang
from simulator.ledger_cli import LedgerUnwritable
from simulator.setting_errors import setting_error
from simulator.settings import COMPONENTS, CONSOLE, SERVICES, StackSettings
from simulator.timeparse import moment_arg

__all__ = ["build_parser", "main"]

_BROKEN_PIPE = 141  # what a shell reports for a tool its reader's exit stopped (128 + SIGPIPE)


def _version() -> str:
    try:
        return version("ndxp-sim")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0+unknown"


def _common(lang: Lang) -> LangParser:
    """Options every command takes (SUPPRESS: a subcommand never resets the root's value)."""
    common = parser_class(lang)(add_help=False)
    common.add_argument(
        "--lang", choices=LANGS, default=argparse.SUPPRESS, help=CLI("help.lang", lang)
    )
    return common


def _add_run_commands(sub: argparse._SubParsersAction[LangParser], lang: Lang,
                      common: LangParser) -> None:  # fmt: skip
    for name in ("up", "demo", "serve"):
        command = sub.add_parser(name, help=CLI(f"help.{name}", lang), parents=[common])
        if name == "serve":
            command.add_argument(
                "--component", required=True, choices=COMPONENTS, help=CLI("help.component", lang)
            )
            command.add_argument("--workers", type=int, help=CLI("help.workers", lang))
        command.add_argument("--host", help=CLI("help.host", lang))
        command.add_argument("--seed", type=int, help=CLI("help.seed", lang))
        command.add_argument("--scenario", help=CLI("help.scenario", lang))
        if name == "demo":
            command.add_argument("--rounds", type=int, default=25, help=CLI("help.rounds", lang))
            command.add_argument("--at", type=moment_arg, help=CLI("help.demo_at", lang))


def build_parser(lang: Lang = "vi") -> argparse.ArgumentParser:
    from simulator.conformance_cli import add_conformance_parsers
    from simulator.ledger_cli import add_ledger_parser
    from simulator.loadtest_cli import add_loadtest_parser
    from simulator.report_cli import add_report_parser
    from simulator.world_cli import add_world_parser

    common = _common(lang)
    parser = parser_class(lang)(
        prog="ndxp-sim", description=CLI("description", lang), parents=[common]
    )
    parser.add_argument(
        "--version", action="version", version=f"ndxp-sim {_version()}",
        help=CLI("help.version", lang),
    )  # fmt: skip
    sub = parser.add_subparsers(dest="command", required=True)
    _add_run_commands(sub, lang, common)
    add_ledger_parser(sub, lang, common)
    add_report_parser(sub, lang, common)
    add_faults_parser(sub, lang, common)
    add_loadtest_parser(sub, lang, common)
    add_conformance_parsers(sub, lang, common)
    add_world_parser(sub, lang, common)
    return parser


def _settings(args: argparse.Namespace) -> StackSettings:
    overrides: dict[str, object] = {}
    if getattr(args, "host", None):
        overrides["host"] = args.host
    if getattr(args, "seed", None) is not None:
        overrides["mocks"] = {"seed": args.seed}
        overrides["faults"] = {"seed": args.seed}
        overrides["gateway"] = {"id_seed": args.seed}
    if getattr(args, "scenario", None):
        overrides["scenario"] = args.scenario
    if getattr(args, "lang", None):
        overrides["lang"] = args.lang
    if getattr(args, "workers", None) is not None:
        overrides["workers"] = args.workers
    settings = StackSettings()
    if not overrides:
        return settings
    data = settings.model_dump()
    for key, value in overrides.items():
        data[key] = {**data[key], **value} if isinstance(value, dict) else value
    return StackSettings.model_validate(data)


def _early_lang(argv: Sequence[str]) -> Lang:
    """The language for help and for errors met before the settings are read."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return pick_lang(argv[i + 1])
        if arg.startswith("--lang="):
            return pick_lang(arg.split("=", 1)[1])
    try:
        return StackSettings().lang
    except ValidationError:
        return "vi"


def _dispatch(args: argparse.Namespace, settings: StackSettings) -> int:
    lang = settings.lang
    if args.command == "up":
        return uvloop.run(_run_up(settings, None))
    if args.command == "serve":
        return _serve(settings, args.component)
    if args.command == "demo":
        from simulator.run import run_demo_command

        seeded = args.seed is not None
        return uvloop.run(run_demo_command(settings, args.rounds, seeded=seeded, at=args.at))
    if args.command == "ledger":
        from simulator.ledger_cli import run_ledger

        return run_ledger(args, settings)
    if args.command == "report":
        from simulator.report_cli import run_report

        return run_report(args, settings)
    if args.command == "world":
        from simulator.world_cli import run_world

        return run_world(args, settings)
    if args.command == "faults":
        # Every component with a fault engine: the mocks, and the gateways (hop faults).
        urls = {name: settings.base_url(name) for name in SERVICES}
        return run_faults_command(args, urls, lang, settings.admin_headers())
    if args.command in ("conformance", "sandbox"):
        from simulator.conformance_cli import run_conformance_command, run_sandbox_command

        run = run_conformance_command if args.command == "conformance" else run_sandbox_command
        return run(args, settings)
    from simulator.loadtest_cli import run_loadtest_command

    return run_loadtest_command(args, settings)


def _serve(settings: StackSettings, component: str) -> int:
    if settings.workers == 1:
        return uvloop.run(_run_up(settings, [component]))
    if component == CONSOLE:
        print(f"ndxp-sim: {CLI('error.workers_console', settings.lang)}", file=sys.stderr)
        return 2
    from simulator.workers import serve_workers

    return serve_workers(settings, component)


async def _run_up(settings: StackSettings, only: Sequence[str] | None) -> int:
    from simulator.run import run_up

    return await run_up(settings, only)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        code = _main(argv)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader left (`ndxp-sim faults show … | head`): stop quietly as Unix tools do, and
        # point stdout at /dev/null so the interpreter's last flush does not complain again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return _BROKEN_PIPE
    return code


def _main(argv: Sequence[str] | None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    lang = _early_lang(arguments)
    args = build_parser(lang).parse_args(arguments)
    try:
        settings = _settings(args)
        lang = settings.lang
        return _dispatch(args, settings)
    except ValidationError as exc:
        print(f"ndxp-sim: {setting_error(exc, lang)}", file=sys.stderr)
    except StackFailure as exc:
        print(f"ndxp-sim: {exc.message(lang)}", file=sys.stderr)
    except LedgerUnwritable as exc:
        message = CLI("error.ledger", lang, path=exc.path, why=exc.why)
        print(f"ndxp-sim: {message}", file=sys.stderr)
    except ScenarioNotFound as exc:  # `up/serve/demo --scenario` or NDXP_SCENARIO mistyped
        message = CLI("error.no_scenario", lang, name=exc.name, known=", ".join(exc.known))
        print(f"ndxp-sim: {message}", file=sys.stderr)
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
