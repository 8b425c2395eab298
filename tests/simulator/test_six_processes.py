"""The six components as six real ``ndxp-sim serve`` processes, driven as one: a scenario and
the simulated clock switched through the CLI reach every component (read back from each), the
seeded demo calls go through the LGSP, and ``ndxp-sim report --from`` — records from both
gateways, fault journals from every component — gives what the in-process stack reports for the
same seeded calls (``ndxp-sim demo --seed`` run beside it): the same requests, the same faults
per request and hop, the same per-row and per-class numbers. Timings are not compared. A hang
at the dkdn mock, which leaves no answer to carry its tag, is attributed through the mock's
journal."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from simulator.cli import main
from simulator.collect import collect
from simulator.control import JsonClient
from simulator.demo import DEMO_MOMENT, run_demo
from simulator.settings import SERVICES, StackSettings
from tests.simulator.scaled import scaled_env
from tests.simulator.sequences import Sequences, fault_sequences
from tests.stack_process import REPO, free_ports, wait_for

SEED = 6  # seed 6, 24 dossiers of thanh-hoa: one call to dkdn hangs (row 20)
ROUNDS = 24
SCENARIO = "thanh-hoa"


def _env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NDXP_")}
    return env | scaled_env(SEED) | {"NDXP_LANG": "en", "PYTHONUNBUFFERED": "1"} | extra


class Cli:
    """``ndxp-sim`` run in this process (its start-up costs seconds on a loaded box) with the
    environment of the six processes; ``(exit code, stdout, stderr)``."""

    def __init__(self, env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
        for name in [k for k in os.environ if k.startswith("NDXP_")]:
            monkeypatch.delenv(name)
        for name, value in env.items():
            if name.startswith("NDXP_"):
                monkeypatch.setenv(name, value)
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(list(args))
        out, err = self.capsys.readouterr()
        return code, out, err


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=1) as answer:
            return bool(answer.status == 200)
    except OSError:
        return False


@pytest.fixture(scope="module")
def six(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[dict[str, str], dict[str, str]]]:
    """(component → URL, the CLI's environment) of six running ``serve`` processes."""
    tmp_path = tmp_path_factory.mktemp("six")
    ports = dict(zip(SERVICES, free_ports(len(SERVICES)), strict=True))
    env = _env({f"NDXP_PORTS__{name.upper()}": str(port) for name, port in ports.items()})
    urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    procs: list[tuple[subprocess.Popen[bytes], Path, str]] = []
    try:
        for name in SERVICES:
            log = tmp_path / f"{name}.log"
            with log.open("wb") as out:
                proc = subprocess.Popen(
                    [sys.executable, "-m", "simulator.cli", "serve", "--component", name,
                     "--seed", str(SEED)],
                    cwd=REPO, stdout=out, stderr=subprocess.STDOUT,
                    env=env | {"NDXP_LEDGER_PATH": str(tmp_path / f"{name}.sqlite")},
                )  # fmt: skip
            procs.append((proc, log, name))
        for proc, log, name in procs:
            ready = partial(_healthy, urls[name])
            wait_for(proc, log, ready, f"serve --component {name}", seconds=90)
        yield urls, env
    finally:
        for proc, _, _ in procs:
            proc.terminate()
        for proc, _, _ in procs:
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _comparable(report: dict[str, Any]) -> dict[str, Any]:
    """The report without timings, file names and clocks."""
    timing = {"latency", "overhead", "p50_ms", "p95_ms", "p99_ms", "max_ms"}

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in timing}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    keep = ("requests", "failed", "hops", "rows", "accuracy", "scores", "blame")
    return {k: strip(report[k]) for k in keep}


async def _merged_sequences(urls: list[str], settings: StackSettings) -> Sequences:
    client = JsonClient(headers=settings.admin_headers())
    try:
        collected = await collect(urls, client)
    finally:
        await client.aclose()
    try:
        return fault_sequences(
            await asyncio.to_thread(collected.merged.flushed), journal_in_order=False
        )
    finally:
        collected.close()


def _switch_through_cli(urls: dict[str, str], cli: Cli) -> None:
    for args in (
        ("enable", SCENARIO),
        ("clock", "freeze"),
        ("clock", "set", DEMO_MOMENT.isoformat()),
    ):
        code, out, err = cli("faults", *args)
        assert code == 0, out + err
    code, out, err = cli("faults", "status", "--json")
    assert code == 0, out + err
    status = json.loads(out)
    assert status["disagreements"] == []
    states = {c["name"]: c for c in status["components"]}
    assert set(states) == set(urls)  # all four mocks and both gateways answered
    for state in states.values():
        assert state["scenario"] == SCENARIO and state["frozen"] is True
        assert state["now"] == DEMO_MOMENT.isoformat() and state["seed"] == SEED


@contextlib.contextmanager
def _reference_demo(ledger: Path) -> Iterator[subprocess.Popen[bytes]]:
    """``ndxp-sim demo`` with the same seed, scenario and rounds, in a process of its own; a
    check that fails before it is read does not leave it running."""
    reference = subprocess.Popen(
        [sys.executable, "-m", "simulator.cli", "demo", "--seed", str(SEED), "--scenario",
         SCENARIO, "--rounds", str(ROUNDS)],
        cwd=REPO, env=_env({"NDXP_LEDGER_PATH": str(ledger)}),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        yield reference
    finally:
        if reference.returncode is None:  # a check failed before its output was read
            reference.kill()  # (nothing, if it has ended meanwhile)
            reference.communicate()


def test_six_processes_one_plane_one_report(
    six: tuple[dict[str, str], dict[str, str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    urls, env = six
    cli = Cli(env, monkeypatch, capsys)
    reference_ledger = tmp_path / "in-process.sqlite"
    with _reference_demo(reference_ledger) as reference:
        _switch_through_cli(urls, cli)
        # The mocks run with --seed SEED, so their world (the people the calls name) is SEED's.
        asyncio.run(
            run_demo(urls["lgsp"], rounds=ROUNDS, seed=SEED, now=DEMO_MOMENT, world_seed=SEED)
        )
        sources = [arg for url in urls.values() for arg in ("--from", url)]
        code, merged, err = cli("report", *sources, "--json")
        assert code == 0, err
        output, _ = reference.communicate(timeout=120)
        assert reference.returncode == 0, output.decode(errors="replace")[-3000:]
    code, alone, err = cli("report", "--ledger", str(reference_ledger), "--json")
    assert code == 0, err
    merged_report, alone_report = json.loads(merged), json.loads(alone)

    # Per request: the same faults met at the same hops with the same answers.
    settings = StackSettings()
    ours = asyncio.run(_merged_sequences(list(urls.values()), settings))
    theirs = fault_sequences(reference_ledger, journal_in_order=False)
    assert len(ours) == merged_report["requests"] > 40
    assert ours == theirs
    # The report: every row, class score and hop count alike.
    assert _comparable(merged_report) == _comparable(alone_report)

    # The hang left no answer: only the dkdn mock's journal tells, and the report uses it.
    hung = [m for m, (journal, _) in ours.items() if any("hang" in t for t in journal)]
    assert hung
    row20 = next(r for r in merged_report["rows"] if r["row"] == "20")
    assert "hang" in row20["kinds"] and row20["failed"] >= len(hung)


def test_status_flags_a_component_that_disagrees(
    six: tuple[dict[str, str], dict[str, str]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    urls, env = six
    cli = Cli(env, monkeypatch, capsys)
    assert cli("faults", "clock", "set", DEMO_MOMENT.isoformat())[0] == 0
    # One mock's clock moved behind the control plane's back.
    request = urllib.request.Request(
        f"{urls['gplx']}/_admin/faults/clock", method="POST",
        data=json.dumps({"action": "advance", "seconds": 3600}).encode(),
        headers={**{k.decode(): v.decode() for k, v in StackSettings().admin_headers()},
                 "content-type": "application/json"},
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=5) as answer:
        assert answer.status == 200
    code, out, _ = cli("faults", "status")
    assert code == 1
    assert "gplx" in out and "clocks apart" in out
    # The next clock move sets them all to one moment again.
    assert cli("faults", "clock", "set", DEMO_MOMENT.isoformat())[0] == 0
    assert cli("faults", "status")[0] == 0
