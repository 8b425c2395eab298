"""``ndxp-sim faults ...``: list, enable, disable and reset Phụ lục V scenarios on a running
stack, and drive its simulated clock — a client of the mocks' ``/_admin/faults`` API.

    ndxp-sim faults list
    ndxp-sim faults show thanh-hoa
    ndxp-sim faults enable dak-lak --ttl 600
    ndxp-sim faults clock advance --seconds 3600
    ndxp-sim faults disable

All mocks of one process share one engine, so talking to any of them (default: the dân cư mock
on its default port) changes the whole stack.
"""

from __future__ import annotations

import argparse
import asyncio

import orjson

from connectors import AiohttpTransport, Timeout, UpstreamError

__all__ = ["add_faults_parser", "run_faults_command"]

_TIMEOUT = Timeout(connect=2.0, read=5.0, attempt=5.0, total=5.0)


def add_faults_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    faults = sub.add_parser("faults", help="control fault scenarios of a running stack")
    faults.add_argument("--url", help="a registry mock's base URL (default: dân cư on its port)")
    actions = faults.add_subparsers(dest="action", required=True)
    actions.add_parser("list", help="seed, active scenario and every scenario")
    show = actions.add_parser("show", help="rules of one scenario")
    show.add_argument("scenario")
    enable = actions.add_parser("enable", help="activate a scenario")
    enable.add_argument("scenario")
    enable.add_argument("--ttl", type=float, help="expire after this many simulated seconds")
    actions.add_parser("disable", help="deactivate the active scenario")
    actions.add_parser("reset", help="deactivate and reset counters")
    clock = actions.add_parser("clock", help="show or move the simulated clock")
    clock.add_argument("clock_action", nargs="?", choices=["freeze", "resume", "advance", "set"])
    clock.add_argument("--seconds", type=float, default=0.0)
    clock.add_argument("--at", help="ISO 8601 moment with zone, for 'set'")


def _request(args: argparse.Namespace) -> tuple[str, str, bytes]:
    if args.action == "list":
        return "GET", "", b""
    if args.action == "show":
        return "GET", f"/scenarios/{args.scenario}", b""
    if args.action == "enable":
        payload: dict[str, object] = {"scenario": args.scenario}
        if args.ttl is not None:
            payload["ttl_seconds"] = args.ttl
        return "POST", "/enable", orjson.dumps(payload)
    if args.action in ("disable", "reset"):
        return "POST", f"/{args.action}", b""
    if args.clock_action is None:
        return "GET", "/clock", b""
    body = {"action": args.clock_action, "seconds": args.seconds}
    if args.at:
        body["at"] = args.at
    return "POST", "/clock", orjson.dumps(body)


async def _call(
    url: str, method: str, path: str, body: bytes, admin: list[tuple[bytes, bytes]]
) -> tuple[int, bytes]:
    transport = AiohttpTransport(max_connections=1)
    try:
        headers = [(b"content-type", b"application/json"), *admin]
        response = await transport.send(
            method, f"{url}/_admin/faults{path}", headers, body, _TIMEOUT
        )
        return response.status, response.body
    finally:
        await transport.aclose()


def run_faults_command(
    args: argparse.Namespace, default_url: str, admin: list[tuple[bytes, bytes]]
) -> int:
    """Run the parsed ``faults`` command; prints the JSON answer, returns the exit code.
    ``admin`` are the headers carrying the admin credential (``StackSettings.admin_headers``)."""
    method, path, body = _request(args)
    url = (args.url or default_url).rstrip("/")
    try:
        status, answer = asyncio.run(_call(url, method, path, body, admin))
    except UpstreamError as exc:
        print(f"không kết nối được tới {url} ({exc.reason}): is `ndxp-sim up` running?")
        return 2
    try:
        print(orjson.dumps(orjson.loads(answer), option=orjson.OPT_INDENT_2).decode())
    except orjson.JSONDecodeError:
        print(answer.decode("utf-8", "replace"))
    return 0 if status < 400 else 1
