"""``ndxp-sim faults ...``: list, enable, disable and reset Phụ lục V scenarios on a running
stack, and drive its simulated clock — through every registry mock's ``/_admin/faults`` API.

    ndxp-sim faults list
    ndxp-sim faults show thanh-hoa
    ndxp-sim faults enable dak-lak --ttl 10m
    ndxp-sim faults clock set 2024-06-04T09:00:00+07:00
    ndxp-sim faults clock advance 1h
    ndxp-sim faults disable
    ndxp-sim faults status        # each component's clock, scenario, seed; flags disagreement

Every command goes to every component taking part (the four mocks and both gateways, from
``StackSettings.base_url`` — ``NDXP_UPSTREAM_URLS__*`` in compose — or ``--url``); clock moves
are read back from each. Human output by default; ``--json`` prints the answers for scripts.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import datetime
from typing import Any

import orjson

from connectors import RawHeaders
from simulator.agreement import ComponentState, disagreements
from simulator.cli_text import CLI
from simulator.control import ClockMove, ControlError, FaultControl, JsonClient
from simulator.i18n import Lang
from simulator.text_table import text_table
from simulator.timeparse import parse_duration, parse_moment

__all__ = ["add_faults_parser", "format_left", "run_faults_command"]


def add_faults_parser(sub: Any, lang: Lang, common: argparse.ArgumentParser) -> None:
    faults = sub.add_parser(
        "faults", help=CLI("help.faults", lang), description=CLI("help.faults", lang),
        parents=[common],
    )  # fmt: skip
    faults.add_argument("--url", action="append", help=CLI("help.url", lang))
    # --json is accepted before or after the action (SUPPRESS: the action never resets it).
    both = argparse.ArgumentParser(add_help=False, parents=[common])
    both.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help=CLI("help.json", lang)
    )
    faults.add_argument("--json", action="store_true", default=False, help=CLI("help.json", lang))
    common = both
    actions = faults.add_subparsers(dest="action", required=True)
    actions.add_parser("list", help=CLI("help.list", lang), parents=[common])
    show = actions.add_parser("show", help=CLI("help.show", lang), parents=[common])
    show.add_argument("scenario")
    enable = actions.add_parser("enable", help=CLI("help.enable", lang), parents=[common])
    enable.add_argument("scenario")
    enable.add_argument("--ttl", type=parse_duration, help=CLI("help.ttl", lang))
    actions.add_parser("disable", help=CLI("help.disable", lang), parents=[common])
    actions.add_parser("reset", help=CLI("help.reset", lang), parents=[common])
    actions.add_parser("status", help=CLI("help.status", lang), parents=[common])
    clock = actions.add_parser("clock", help=CLI("help.clock", lang), parents=[common])
    clock.add_argument(
        "clock_action", nargs="?", choices=["freeze", "resume", "advance", "set"],
        help=CLI("help.clock_action", lang),
    )  # fmt: skip
    clock.add_argument("value", nargs="?", help=CLI("help.clock_value", lang))
    clock.add_argument("--at", help=CLI("help.at", lang))
    clock.add_argument("--seconds", help=CLI("help.seconds", lang))


def format_left(seconds: float, lang: Lang) -> str:
    """``600`` → ``10 phút`` / ``10 min``; ``3725`` → ``1 giờ 2 phút`` / ``1 h 2 min``."""
    whole = int(round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    units = ("giờ", "phút", "giây") if lang == "vi" else ("h", "min", "s")
    parts = [f"{n} {u}" for n, u in zip((hours, minutes, secs), units, strict=True) if n]
    return " ".join(parts[:2]) or f"0 {units[2]}"


def _status_text(status: dict[str, Any], lang: Lang) -> list[str]:
    clock = status["clock"]
    state = CLI("faults.frozen" if clock["frozen"] else "faults.running", lang)
    lines = [
        CLI("faults.seed", lang, seed=status["seed"]),
        CLI("faults.clock", lang, now=clock["now"], state=state),
    ]
    active = status.get("active")
    if active is None:
        lines.append(CLI("faults.none", lang))
    else:
        left = active.get("expires_in_s")
        ttl = "" if left is None else CLI("faults.ttl_left", lang, left=format_left(left, lang))
        lines.append(CLI("faults.active", lang, name=active["name"], ttl=ttl))
    return lines


def _list_text(status: dict[str, Any], lang: Lang) -> str:
    scenarios = status.get("scenarios", [])
    lines = [*_status_text(status, lang), "", CLI("faults.scenarios", lang, n=len(scenarios))]
    width = max((len(s["name"]) for s in scenarios), default=10)
    for s in scenarios:
        rows = ",".join(str(r) for r in s.get("rows", []))
        label = CLI("faults.rows", lang)
        lines.append(f"  {s['name']:<{width}}  {s.get('title', '')}  [{label} {rows}]")
    return "\n".join(lines)


def _show_text(scenario: dict[str, Any], lang: Lang) -> str:
    head = CLI("faults.show_head", lang).split("|")
    cells = []
    for rule in scenario.get("rules", []):
        fault = rule.get("fault", {})
        kind = fault.get("kind", fault.get("name", "?")) if isinstance(fault, dict) else fault
        window = rule.get("window") or {}
        cells.append([
            str(rule["id"]), str(rule.get("at", "registry")), str(rule["registry"]), str(kind),
            f"{rule['probability']:.3g}", str(window.get("window", "always")),
            f"{rule.get('method', '*')} {rule.get('route', '*')}",
        ])  # fmt: skip
    title = f"{scenario['name']}: {scenario.get('title', '')}"
    return title + "\n" + text_table(head, cells, indent="  ")


def _enabled_text(status: dict[str, Any], lang: Lang) -> str:
    active = status["active"]
    left = active.get("expires_in_s")
    ttl = "" if left is None else CLI("faults.enabled_ttl", lang, left=format_left(left, lang))
    rows = ", ".join(str(r) for r in active.get("rows", [])) or "-"
    return CLI(
        "faults.enabled", lang, name=active["name"], title=active.get("title", ""), rows=rows,
        ttl=ttl,
    )  # fmt: skip


def clock_text(move: ClockMove, lang: Lang) -> list[str]:
    state = CLI("faults.frozen" if move.frozen else "faults.running", lang)
    lines = [CLI("clock.moved", lang, now=move.now, state=state)]
    if move.scenario is not None and move.kept_seconds:
        left = format_left(move.kept_seconds, lang)
        lines.append(CLI("clock.kept", lang, name=move.scenario, left=left))
    lines += [CLI(key, lang) for key in move.warnings]
    if move.disagreements:
        states = [ComponentState(**c) for c in move.components]
        lines += states_text(states, move.disagreements, lang)
    return lines


def _why_down(error: str, lang: Lang) -> str:
    """``unreachable: <url>: connect_error`` said in the user's language (the URL is already
    the line's name); a component's own refusal as it came."""
    reason, _, detail = error.partition(": ")
    if reason == "unreachable":
        code = detail.rsplit(": ", 1)[-1]  # the connector's stable reason, e.g. connect_error
        return CLI("status.no_connection", lang) + (f" ({code})" if code else "")
    return error


def states_text(states: list[ComponentState], problems: list[str], lang: Lang) -> list[str]:
    """A table of the components that answered, a line for each that did not, then whether
    they agree."""
    rows, down = [], []
    for s in states:
        if s.error is not None:
            down.append(CLI("status.down", lang, name=s.name, why=_why_down(s.error, lang)))
            continue
        state = CLI("faults.frozen" if s.frozen else "faults.running", lang)
        rows.append([s.name, s.now or "-", state, s.scenario or "-", str(s.seed)])
    lines = text_table(CLI("status.head", lang).split("|"), rows).splitlines() if rows else []
    lines += down
    if not problems:
        return [*lines, CLI("status.agree", lang)]
    what = ", ".join(CLI(f"status.{p}", lang) for p in problems)
    return [*lines, CLI("status.disagree", lang, what=what)]


def _clock_target(args: argparse.Namespace, lang: Lang) -> tuple[float, datetime | None]:
    if args.clock_action == "set":
        text = args.at or args.value
        if not text:
            raise argparse.ArgumentTypeError(CLI("clock.needs_at", lang))
        return 0.0, parse_moment(text)
    if args.clock_action == "advance":
        text = args.seconds or args.value
        if not text:
            raise argparse.ArgumentTypeError(CLI("clock.needs_seconds", lang))
        return parse_duration(text), None
    return 0.0, None


async def _run(control: FaultControl, args: argparse.Namespace, lang: Lang) -> tuple[Any, str]:
    """(JSON answer, human text) of one faults command."""
    action = args.action
    if action == "list":
        status = await control.status()
        return status, _list_text(status, lang)
    if action == "show":
        scenario = await control.scenario(args.scenario)
        return scenario, _show_text(scenario, lang)
    if action == "enable":
        status = await control.enable(args.scenario, args.ttl)
        return status, _enabled_text(status, lang)
    if action == "status":
        states = await control.states()
        problems = disagreements(states)
        answer = {"components": [x.as_dict() for x in states], "disagreements": problems}
        return answer, "\n".join(states_text(states, problems, lang))
    if action in ("disable", "reset"):
        before = (await control.status()).get("active")
        status = await (control.disable() if action == "disable" else control.reset())
        if action == "reset":
            return status, CLI("faults.reset", lang)
        text = CLI("faults.disabled", lang, name=before["name"]) if before else None
        return status, text or CLI("faults.nothing", lang)
    if args.clock_action is None:
        status = await control.status()
        return status["clock"], "\n".join(_status_text(status, lang))
    seconds, at = _clock_target(args, lang)
    move = await control.move_clock(args.clock_action, seconds=seconds, at=at)
    return move.as_dict(), "\n".join(clock_text(move, lang))


async def _with_control(
    urls: list[str] | dict[str, str], args: argparse.Namespace, lang: Lang, admin: RawHeaders
) -> tuple[Any, str]:
    control = FaultControl(urls, JsonClient(headers=admin))
    try:
        answer, text = await _run(control, args, lang)
    finally:
        await control.aclose()
    missed = control.unreachable
    if not missed:
        return answer, text
    names = ", ".join(f"{name} ({url})" if name != url else url for name, url in missed.items())
    total = len(control.urls)
    warning = CLI("faults.partial", lang, reached=total - len(missed), total=total, names=names)
    if isinstance(answer, dict):
        answer = {**answer, "unreachable": list(missed)}
    return answer, f"{text}\n{warning}"


def run_faults_command(
    args: argparse.Namespace, default_urls: dict[str, str], lang: Lang, admin: RawHeaders
) -> int:
    """Run the parsed ``faults`` command; prints the answer, returns the exit code. ``admin``
    carries the admin credential (``StackSettings.admin_headers``); ``default_urls`` name the
    components (``--url`` replaces them). ``faults status`` exits 1 when they disagree, a change
    exits 1 when it did not reach every component (it names those it missed)."""
    urls: list[str] | dict[str, str] = args.url or default_urls
    try:
        answer, text = asyncio.run(_with_control(urls, args, lang, admin))
    except argparse.ArgumentTypeError as exc:
        print(f"ndxp-sim: {exc}", file=sys.stderr)
        return 2
    except ControlError as exc:
        if exc.reason == "unreachable":
            why = exc.message
            where = ", ".join(urls.values() if isinstance(urls, dict) else urls)
            print("ndxp-sim: " + CLI("error.unreachable", lang, url=where, why=why),
                  file=sys.stderr)  # fmt: skip
            return 2
        if args.json:
            print(orjson.dumps({"MaLoi": exc.reason, "MoTaLoi": exc.message}).decode())
        else:
            why = exc.message
            if exc.reason == "FAULT_SCENARIO_NOT_FOUND" and getattr(args, "scenario", None):
                # The admin API words it in Vietnamese only; the CLI speaks the user's language.
                why = CLI("error.no_scenario_remote", lang, name=args.scenario)
            message = CLI("error.refused", lang, code=exc.reason, message=why)
            print(f"ndxp-sim: {message}", file=sys.stderr)
        return 1
    if args.json:
        print(orjson.dumps(answer, option=orjson.OPT_INDENT_2).decode())
    else:
        print(text)
    failed = isinstance(answer, dict) and (answer.get("disagreements") or answer.get("unreachable"))
    return 1 if failed else 0
