"""The CLI as a user runs it: real subprocesses, real ports, real signals."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from simulator.cli import build_parser
from simulator.settings import COMPONENTS
from tests.stack_process import free_ports


def test_parser_knows_every_component() -> None:
    args = build_parser().parse_args(["serve", "--component", "gplx"])
    assert args.component == "gplx"
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--component", "nope"])


@pytest.mark.slow
def test_demo_prints_a_summary_and_exits_zero() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "simulator.cli", "demo", "--rounds", "5"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = {line.split()[0]: line.split() for line in result.stdout.splitlines() if line.split()}
    # The demo sends each dossier through its procedure's registries: with no fault scenario
    # every registry is called at least once and every call succeeds.
    for registry in ("dan_cu", "dkdn", "ho_tich", "gplx"):
        row = lines[registry]
        assert row[1].isdigit(), result.stdout
        assert row[1] == row[2] and int(row[1]) >= 1, result.stdout


@pytest.mark.slow
def test_up_lists_listeners_and_stops_on_sigterm(tmp_path: object) -> None:
    # Readiness is polled on /healthz, not on the printed table: a SIGTERM that lands as soon as
    # the servers answer must still be caught (the handlers are installed before start-up).
    ports = dict(zip(COMPONENTS, free_ports(len(COMPONENTS)), strict=True))
    env = dict(os.environ, **{f"NDXP_PORTS__{k.upper()}": str(v) for k, v in ports.items()})
    env["NDXP_LEDGER_PATH"] = f"{tmp_path}/ledger.sqlite"
    proc = subprocess.Popen(
        [sys.executable, "-m", "simulator.cli", "up"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{ports['lgsp']}/healthz", timeout=1
                ) as r:
                    assert r.status == 200
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the stack did not come up")
        # A browser watching the console holds an endless event stream: it must not keep the
        # stack from stopping.
        stream = socket.create_connection(("127.0.0.1", ports["console"]), timeout=5)
        stream.sendall(b"GET /api/stream HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
        assert b"event: status" in stream.recv(65536)
        proc.send_signal(signal.SIGTERM)
        started = time.monotonic()
        out, _ = proc.communicate(timeout=30)
        stopped_in = time.monotonic() - started
        stream.close()
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, out
    assert stopped_in < 5, f"took {stopped_in:.1f} s to stop with a console stream open"
    assert f"http://127.0.0.1:{ports['lgsp']}" in out
    assert f"http://127.0.0.1:{ports['dan_cu']}/docs" in out
    assert f"http://127.0.0.1:{ports['console']}/" in out
    assert "đã dừng sạch khi nhận SIGTERM" in out
