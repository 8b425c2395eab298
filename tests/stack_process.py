"""``ndxp-sim up`` as a real subprocess on free ports, for tests that need signals or an
outside observer (Prometheus), plus the province calls the demo sends."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from simulator.demo import DemoCall, demo_calls
from simulator.settings import COMPONENTS

__all__ = ["UpProcess", "free_ports", "launch_up", "sample_call", "wait_for"]

REPO = Path(__file__).resolve().parents[1]
READY = "(Ctrl-C"


def free_ports(n: int) -> list[int]:
    """``n`` distinct ports free right now on 127.0.0.1 (all held until all are chosen)."""
    socks = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(n)]
    try:
        for sock in socks:
            sock.bind(("127.0.0.1", 0))
        return [int(sock.getsockname()[1]) for sock in socks]
    finally:
        for sock in socks:
            sock.close()


def wait_for(
    proc: subprocess.Popen[bytes],
    log: Path,
    ready: Callable[[], bool],
    what: str,
    *,
    seconds: float = 20.0,
) -> None:
    """Poll ``ready`` for up to ``seconds``; fail with the process's log if it exits or never
    is (six processes starting at once on a shared 2-core box need more than one)."""
    deadline = time.monotonic() + seconds
    while not ready():
        if proc.poll() is not None or time.monotonic() > deadline:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            pytest.fail(f"{what} did not start:\n{log.read_text(errors='replace')[-4000:]}")
        time.sleep(0.05)


@dataclass(frozen=True, slots=True)
class UpProcess:
    proc: subprocess.Popen[bytes]
    ports: dict[str, int]
    log: Path
    ledger: Path

    def url(self, component: str) -> str:
        return f"http://127.0.0.1:{self.ports[component]}"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)


def launch_up(tmp_path: Path, extra_env: Mapping[str, str] | None = None) -> UpProcess:
    """Start ``python -m simulator.cli up`` and return once it printed its listening table."""
    ports = dict(zip(COMPONENTS, free_ports(len(COMPONENTS)), strict=True))
    ledger = tmp_path / "ledger.sqlite"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NDXP_")}
    env |= {f"NDXP_PORTS__{name.upper()}": str(port) for name, port in ports.items()}
    env |= {"NDXP_LEDGER_PATH": str(ledger), "PYTHONUNBUFFERED": "1", **(extra_env or {})}
    log = tmp_path / "up.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "simulator.cli", "up"],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    up = UpProcess(proc, ports, log, ledger)
    wait_for(proc, log, lambda: READY in up.output(), "ndxp-sim up")
    return up


def sample_call(index: int) -> DemoCall:
    """The ``index``-th province call, rotating over the four registries like the demo."""
    return demo_calls(index // 4)[index % 4]
