"""schemathesis through the LGSP: every registry's OpenAPI document, sent as the demo consumer
via LGSP → NDXP → registry on real sockets. Whatever it generates, the gateways answer — no 5xx,
no dropped reply (schemathesis counts a connection error as an error).

Only ``not_a_server_error`` is checked: on the way the gateways add answers of their own that a
registry's document does not list (401/403/404/405/413/429 X-Road errors), which are right. The
run is bounded (``MAX_EXAMPLES`` per operation and phase, fixed seed); the number of generated
requests is printed (``pytest -s``) and must reach :data:`MIN_TOTAL`.
"""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from mock_registries import REGISTRY_NAMES
from simulator.settings import SERVICES, StackSettings
from simulator.stack import Stack
from tests.gateway.identities import MCDT, MCDT_SECRET, basic
from tests.schemathesis_cli import generated_and_passed, st_run

MAX_EXAMPLES = 180
MIN_TOTAL = 5000


@pytest.fixture(scope="module")
def stack_urls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict[str, str], Path]]:
    """The six services on free ports, served from a thread with its own event loop (the
    schemathesis CLI is a process of its own)."""
    ledger = tmp_path_factory.mktemp("fuzz") / "ledger.sqlite"
    settings = StackSettings(ledger_path=ledger)
    ready = threading.Event()
    found: dict[str, object] = {}

    async def serve() -> None:
        from gateway.opmon import SqliteLedger

        stack = Stack(settings, only=SERVICES, free_ports=True, ledger=SqliteLedger(ledger))
        stop = asyncio.Event()
        found.update(urls=stack.urls, stop=stop, loop=asyncio.get_running_loop())
        async with stack:
            ready.set()
            await stop.wait()

    thread = threading.Thread(target=asyncio.run, args=(serve(),), daemon=True)
    thread.start()
    assert ready.wait(30), "the stack did not start"
    try:
        yield found["urls"], ledger  # type: ignore[misc]
    finally:
        loop: asyncio.AbstractEventLoop = found["loop"]  # type: ignore[assignment]
        stop: asyncio.Event = found["stop"]  # type: ignore[assignment]
        loop.call_soon_threadsafe(stop.set)
        thread.join(30)


def _via_lgsp(document: dict[str, object], lgsp: str) -> str:
    """The document's NGSP-style gateway address (``{lgsp}/{apiContext}/{version}``)."""
    servers = document["servers"]
    assert isinstance(servers, list)
    for server in servers:
        url = str(server["url"])
        if url.startswith("{lgsp}/") and "/r1/" not in url:
            return url.replace("{lgsp}", lgsp)
    raise AssertionError("the document names no LGSP address")


def _schemathesis(schema: Path, base: str, cwd: Path) -> subprocess.Popen[str]:
    """One schemathesis run, started (the four registries run side by side)."""
    auth = f"Authorization: {basic(MCDT, MCDT_SECRET)}"
    extra = ["--url", base, "--header", auth, "--request-timeout", "40"]
    return subprocess.Popen(
        st_run(str(schema), max_examples=MAX_EXAMPLES, checks="not_a_server_error", extra=extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=cwd,  # its cache stays out of the work tree
    )


def _generated(run: subprocess.Popen[str]) -> int:
    out, _ = run.communicate(timeout=900)
    assert run.returncode == 0, out[-3000:]
    return generated_and_passed(out)[0]


@pytest.mark.slow
def test_no_5xx_and_no_dropped_reply_through_the_lgsp(
    stack_urls: tuple[dict[str, str], Path], tmp_path: Path
) -> None:
    urls, ledger = stack_urls
    runs = {}
    for name in REGISTRY_NAMES:
        answer = httpx.get(urls[name] + "/openapi.json", timeout=10)
        schema = tmp_path / f"{name}.json"
        schema.write_bytes(answer.content)
        runs[name] = _schemathesis(schema, _via_lgsp(answer.json(), urls["lgsp"]), tmp_path)
    total = 0
    for name, run in runs.items():
        generated = _generated(run)
        print(f"schemathesis through the LGSP, {name}: {generated} requests generated")
        total += generated
    print(f"schemathesis through the LGSP: {total} requests, no 5xx, no dropped reply")
    assert total >= MIN_TOTAL
    conn = sqlite3.connect(ledger)
    try:
        statuses = dict(
            conn.execute(
                "SELECT statusCode, count(*) FROM records WHERE securityServerType = 'lgsp' "
                "GROUP BY statusCode"
            ).fetchall()
        )
    finally:
        conn.close()
    # What the ledger says the clients got agrees: nothing the gateway answered was a 5xx.
    assert sum(statuses.values()) >= total * 0.9
    assert not {s for s in statuses if s >= 500}, statuses
