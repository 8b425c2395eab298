"""``ndxp-sim up``, ``demo``, ``serve`` (one process or ``--workers N``) and ``loadtest`` when
the stack cannot start: one line on stderr naming the component and the cause (Vietnamese, or
English with ``--lang en``), exit code 2, no traceback, the process gone within seconds and
nothing left listening or running. Real subprocesses; a real socket takes the port; a real
Starlette lifespan breaks a registry (``tests.simulator.broken``)."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from uvicorn.config import STARTUP_FAILURE

from simulator.settings import COMPONENTS, StackSettings
from simulator.workers import WorkerConfig
from tests.simulator.broken import CAUSE, assert_free, new_threads
from tests.stack_process import REPO, free_ports

EXIT_WITHIN_S = 45.0  # start-up imports and the world's tables take seconds on a shared box


def _env(tmp_path: Path, ports: dict[str, int], **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NDXP_")}
    env |= {f"NDXP_PORTS__{name.upper()}": str(port) for name, port in ports.items()}
    env |= {"NDXP_LEDGER_PATH": str(tmp_path / "ledger.sqlite"), "PYTHONUNBUFFERED": "1"}
    # A mark of this run in every process it starts: a worker left behind can be found.
    return env | {"NDXP_TEST_RUN": uuid.uuid4().hex} | extra


def _run(argv: list[str], env: dict[str, str], module: str = "simulator.cli") -> str:
    """Run and return the one line on stderr, checking exit code 2, no traceback, and that
    no process of this run is left."""
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", module, *argv],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    elapsed = time.monotonic() - started
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "Traceback" not in output, output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert elapsed < EXIT_WITHIN_S, f"took {elapsed:.1f} s"
    assert _left_behind(env["NDXP_TEST_RUN"]) == []
    return lines[0]


def _left_behind(mark: str) -> list[int]:
    """Processes still alive that carry this run's mark in their environment."""
    needle = f"NDXP_TEST_RUN={mark}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if needle in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:  # gone meanwhile, or not ours to read
                continue
    return found


@pytest.fixture
def ports() -> dict[str, int]:
    return dict(zip(COMPONENTS, free_ports(len(COMPONENTS)), strict=True))


@pytest.fixture
def busy() -> Iterator[int]:
    """A port a real listening socket holds for the test."""
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    try:
        yield int(holder.getsockname()[1])
    finally:
        holder.close()


def _ledger_is_closed(path: Path) -> None:
    """The ledger file was closed cleanly: no write-ahead log left, and it opens."""
    assert path.exists()
    assert not path.with_name(path.name + "-wal").exists()
    sqlite3.connect(path).close()


def test_up_with_a_busy_port_in_english(tmp_path: Path, ports: dict[str, int], busy: int) -> None:
    ports["dkdn"] = busy
    line = _run(["up", "--lang", "en"], _env(tmp_path, ports))
    assert line == (
        f"ndxp-sim: dkdn: cannot listen on 127.0.0.1:{busy} (Address already in use); pick "
        f"another port, e.g. NDXP_PORTS__DKDN={busy + 1000}"
    )
    assert_free(p for name, p in ports.items() if name != "dkdn")


@pytest.mark.parametrize("workers", [[], ["--workers", "2"]], ids=["one", "workers"])
def test_serve_with_a_busy_port(
    tmp_path: Path, ports: dict[str, int], busy: int, workers: list[str]
) -> None:
    ports["lgsp"] = busy
    line = _run(["serve", "--component", "lgsp", *workers], _env(tmp_path, ports))
    assert line.startswith(f"ndxp-sim: lgsp: không mở được cổng 127.0.0.1:{busy}")
    assert "NDXP_PORTS__LGSP=" in line


@pytest.mark.parametrize(
    "argv",
    [["up"], ["demo", "--rounds", "1"], ["serve", "--component", "gplx"], ["loadtest"]],
    ids=["up", "demo", "serve", "loadtest"],
)
def test_a_registry_that_fails_to_start(
    tmp_path: Path, ports: dict[str, int], argv: list[str]
) -> None:
    if argv == ["loadtest"]:
        argv = ["loadtest", "--duration", "5s", "--out", str(tmp_path / "run")]
    line = _run(["gplx", *argv, "--lang", "en"], _env(tmp_path, ports), "tests.simulator.broken")
    assert line == (
        f"ndxp-sim: gplx failed to start (RuntimeError: {CAUSE}); every other component was stopped"
    )
    assert_free(ports.values())
    ledger = tmp_path / ("run" if argv[0] == "loadtest" else "") / "ledger.sqlite"
    if argv[0] != "serve":  # a registry alone writes no ledger
        _ledger_is_closed(ledger)


@pytest.mark.parametrize("workers", [[], ["--workers", "2"]], ids=["one", "workers"])
def test_an_unreadable_catalog(tmp_path: Path, ports: dict[str, int], workers: list[str]) -> None:
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text("members: [", encoding="utf-8")
    env = _env(tmp_path, ports, NDXP_GATEWAY__CATALOG_PATH=str(catalog))
    line = _run(["serve", "--component", "ndxp", *workers, "--lang", "en"], env)
    assert line.startswith(f"ndxp-sim: cannot read the catalog {catalog} (")
    assert line.endswith("fix it or point NDXP_GATEWAY__CATALOG_PATH at a valid catalog")
    assert_free(ports.values())


def test_an_unknown_scenario(tmp_path: Path, ports: dict[str, int]) -> None:
    line = _run(["up", "--scenario", "ha-noi-mua-lu"], _env(tmp_path, ports))
    assert line.startswith("ndxp-sim: không có kịch bản lỗi 'ha-noi-mua-lu'; có: ")
    assert "thanh-hoa" in line
    assert_free(ports.values())


def test_a_worker_that_cannot_be_built_exits_as_a_startup_failure(tmp_path: Path) -> None:
    """What stops ``serve --workers N`` from respawning a worker for ever: the worker closes
    what it opened, leaves the cause for the parent and exits with uvicorn's start-up failure
    code, on which uvicorn's supervisor stops every worker."""
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text("members: [", encoding="utf-8")
    settings = StackSettings(
        ledger_path=tmp_path / "ledger.sqlite",
        gateway={"catalog_path": catalog},  # type: ignore[arg-type]
    )
    before = threading.enumerate()
    config = WorkerConfig(settings, "ndxp", tmp_path)
    with pytest.raises(SystemExit) as exited:
        config.load()
    assert exited.value.code == STARTUP_FAILURE
    cause = (tmp_path / "startup-failure.txt").read_text(encoding="utf-8")
    assert cause.startswith(f"cannot read the catalog {catalog} (")
    assert new_threads(before) == []  # the ledger it had opened is closed
    _ledger_is_closed(settings.ledger_path)
