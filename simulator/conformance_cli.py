"""``ndxp-sim conformance`` and ``ndxp-sim sandbox``: a conformance session against a
province's own system, and the per-consumer sandboxes it runs on.

    ndxp-sim sandbox create dng --consumer VN/GOV/000.00.00.H26/LGSP_DNG [--seed 7] [--at …]
    ndxp-sim sandbox list | delete dng | enable dng thanh-hoa | disable dng
    ndxp-sim conformance run --consumer VN/GOV/000.00.00.H56/MCDT [--plan plan.yaml]
                             [--sandbox mcdt] [--out var/conformance]
    ndxp-sim conformance plan                      # print the default plan

``run`` creates the sandbox, runs the plan's phases while the province drives its system,
grades the client from the LGSP's ledger and writes ``conformance.xml`` (JUnit),
``conformance.json`` and ``conformance.html``. Exit 0: every check passed or was not
exercised; 1: a check failed; 2: the session could not run.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import orjson

from simulator.cli_text import CLI
from simulator.conformance import (
    ConformanceSession,
    Plan,
    PlanError,
    Report,
    load_plan,
    non_idempotent_services,
    report_html,
    report_json,
    report_junit,
)
from simulator.conformance.text import TEXTS
from simulator.control import ControlError, FaultControl, JsonClient
from simulator.i18n import Lang
from simulator.settings import SERVICES, StackSettings
from simulator.timeparse import moment_arg

__all__ = ["add_conformance_parsers", "run_conformance_command", "run_sandbox_command"]


def add_conformance_parsers(sub: Any, lang: Lang, common: argparse.ArgumentParser) -> None:
    sandbox = sub.add_parser("sandbox", help=CLI("help.sandbox", lang), parents=[common])
    actions = sandbox.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", parents=[common], help=CLI("help.sandbox_create", lang))
    create.add_argument("id")
    create.add_argument("--consumer", required=True, help=CLI("help.consumer", lang))
    create.add_argument("--seed", type=int)
    create.add_argument("--at", type=moment_arg, help=CLI("help.sandbox_at", lang))
    actions.add_parser("list", parents=[common], help=CLI("help.list", lang))
    for name in ("delete", "disable"):
        actions.add_parser(name, parents=[common]).add_argument("id")
    enable = actions.add_parser("enable", parents=[common], help=CLI("help.enable", lang))
    enable.add_argument("id")
    enable.add_argument("scenario")
    conformance = sub.add_parser(
        "conformance", help=CLI("help.conformance", lang), parents=[common]
    )
    steps = conformance.add_subparsers(dest="action", required=True)
    run = steps.add_parser("run", parents=[common], help=CLI("help.conformance_run", lang))
    run.add_argument("--consumer", required=True, help=CLI("help.consumer", lang))
    run.add_argument("--plan", type=Path, help=CLI("help.plan", lang))
    run.add_argument("--sandbox", help=CLI("help.sandbox_id", lang))
    run.add_argument("--out", type=Path, default=Path("var/conformance"))
    steps.add_parser("plan", parents=[common], help=CLI("help.conformance_plan", lang))


def _urls(settings: StackSettings) -> list[str]:
    return [settings.base_url(name) for name in SERVICES]


async def _sandbox(args: argparse.Namespace, control: FaultControl) -> Any:
    if args.action == "list":
        return await control.sandboxes()
    if args.action == "create":
        body: dict[str, Any] = {"id": args.id, "consumer": args.consumer}
        if args.seed is not None:
            body["seed"] = args.seed
        if args.at is not None:
            body["at"] = args.at.isoformat()
        return await control.sandbox_call("POST", "", body)
    if args.action == "delete":
        return await control.sandbox_call("DELETE", f"/{args.id}")
    if args.action == "enable":
        return await control.sandbox_call("POST", f"/{args.id}/enable", {"scenario": args.scenario})
    return await control.sandbox_call("POST", f"/{args.id}/disable")


def _fail(lang: Lang, exc: ControlError | PlanError) -> int:
    if isinstance(exc, PlanError):
        print(f"ndxp-sim: {exc}", file=sys.stderr)
        return 2
    if exc.reason == "unreachable":
        message = CLI("error.unreachable", lang, url="LGSP/NDXP/CSDL", why=exc.message)
    else:
        message = CLI("error.refused", lang, code=exc.reason, message=exc.message)
    print(f"ndxp-sim: {message}", file=sys.stderr)
    return 2


def run_sandbox_command(args: argparse.Namespace, settings: StackSettings) -> int:
    async def go() -> Any:
        control = FaultControl(_urls(settings), JsonClient(headers=settings.admin_headers()))
        try:
            return await _sandbox(args, control)
        finally:
            await control.aclose()

    try:
        answer = asyncio.run(go())
    except ControlError as exc:
        return _fail(settings.lang, exc)
    print(orjson.dumps(answer, option=orjson.OPT_INDENT_2).decode())
    return 0


def _sandbox_id(consumer: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "-", consumer.rsplit("/", 1)[-1].lower())[:64] or "sandbox"


async def _session(args: argparse.Namespace, settings: StackSettings, plan: Plan) -> Report:
    lang = settings.lang
    sandbox = args.sandbox or _sandbox_id(args.consumer)
    control = FaultControl(_urls(settings), JsonClient(headers=settings.admin_headers()))
    try:
        session = ConformanceSession(control, plan, consumer=args.consumer, sandbox=sandbox)
        async with session:
            print(CLI("conformance.start", lang, consumer=args.consumer, sandbox=sandbox,
                      seconds=round(plan.duration_s)), flush=True)  # fmt: skip
            await session.run_phases(
                lambda p: print(
                    CLI("conformance.phase", lang, phase=p.name, seconds=p.duration_s), flush=True
                )
            )
        catalog = settings.gateway_settings().catalog_path
        return await session.grade(settings.base_url("lgsp"), non_idempotent_services(catalog))
    finally:
        await control.aclose()


def _write(report: Report, out: Path, lang: Lang) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "conformance.xml").write_bytes(report_junit(report, lang))
    (out / "conformance.json").write_bytes(report_json(report, lang))
    (out / "conformance.html").write_bytes(report_html(report, lang))


def run_conformance_command(args: argparse.Namespace, settings: StackSettings) -> int:
    lang = settings.lang
    if args.action == "plan":
        text = resources.files("simulator.conformance").joinpath("default_plan.yaml")
        print(text.read_text("utf-8"), end="")
        return 0
    try:
        plan = load_plan(args.plan)
        report = asyncio.run(_session(args, settings, plan))
    except (ControlError, PlanError) as exc:
        return _fail(lang, exc)
    _write(report, args.out, lang)
    for verdict in report.verdicts:
        mark = TEXTS(f"verdict.{verdict.outcome}", lang)
        title = TEXTS(f"check.{verdict.check}", lang)
        print(f"  [{mark}] {title}: {TEXTS(verdict.detail, lang, **verdict.values)}")
    print(TEXTS("summary", lang, **report.counts()))
    print(CLI("conformance.written", lang, out=args.out))
    return 0 if report.passed else 1
