"""``ndxp-sim loadtest``: the go-live load test of a province, in one command.

    ndxp-sim loadtest --scenario thanh-hoa --shape office-day --duration 2m --users 100

1. Without ``--target``, starts the whole stack in this process (free ports, the fault scenario,
   a fresh ledger in the output folder; for ``office-day`` the simulated clock of the mocks is
   set to 07:00 of ``--day`` and sped up so the office day spans the run, which makes calendar
   faults such as the row-62 maintenance windows open at the matching point of the load curve).
2. Runs locust headless as a SUBPROCESS (locust monkey-patches with gevent; it must never be
   imported here): ``python -m locust -f loadtests/locustfile.py --headless --csv --html ...``.
3. Evaluates the SLO gates (``loadtests/gates.yaml``) on locust's ``*_stats.csv``, builds the
   run report (``simulator.report.build_report``) from the ledger when available, and prints a
   go-live verdict: READY (exit 0) or NOT READY with reasons (exit 1). With ``--target`` the
   report is of the target's calls, collected over HTTP from its gateways and mocks
   (``simulator.report_collect``); when nothing could be collected there is no verdict: one
   line says so and the exit code is 2.

Everything lands in the output folder (default ``out/loadtest-<timestamp>/``): locust CSVs and
HTML, locust's log, the report, and ``verdict.json``.
"""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from rich.console import Console

from simulator.cli_text import CLI
from simulator.i18n import Lang
from simulator.progress import timed_bar
from simulator.settings import SERVICES, StackSettings
from simulator.timeparse import parse_duration

__all__ = [
    "LoadTestOptions",
    "Verdict",
    "locust_command",
    "parse_duration",
    "run_loadtest",
]

SHAPES = ("steady", "step", "spike", "office-day")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Locust needs a moment to start and to write its last stats; beyond that it is hung.
_LOCUST_GRACE_SECONDS = 60.0


def _loadtests_dir() -> Path:
    # Located without importing the package's locust modules (gevent monkey-patching).
    spec = importlib.util.find_spec("loadtests")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the loadtests package is not installed next to the gateway")
    return Path(next(iter(spec.submodule_search_locations)))


@dataclass
class LoadTestOptions:
    duration: float = 60.0
    shape: str = "steady"
    users: int = 50
    spawn_rate: float = 10.0
    processes: int = 1
    scenario: str | None = None
    target: str | None = None
    collect_from: list[str] = field(default_factory=list)  # URLs the target's calls come from
    out_dir: Path | None = None
    gates_path: Path | None = None
    mix_file: Path | None = None
    mix_weights: str | None = None
    think_min: float | None = None
    think_max: float | None = None
    day: str = "mon"
    world_seed: int | None = None  # the registries' world the dossiers name (None: locust's)
    seed: int | None = None  # the dossiers and X-Road-Ids of the users (None: random)
    locust_args: list[str] = field(default_factory=list)
    lang: Lang = "vi"

    def output_dir(self) -> Path:
        if self.out_dir is not None:
            return self.out_dir
        return Path("out") / f"loadtest-{datetime.now():%Y%m%d-%H%M%S}"


@dataclass
class Verdict:
    ready: bool
    reasons: list[str]
    gates_text: str
    report_text: str
    out_dir: Path
    lang: Lang = "vi"

    def to_text(self) -> str:
        lines = [self.gates_text, "", self.report_text, ""]
        # The English token stays in both languages: scripts and CI grep for it.
        token = "GO-LIVE READINESS: READY" if self.ready else "GO-LIVE READINESS: NOT READY"
        if self.lang == "vi":
            said = "SẴN SÀNG VẬN HÀNH" if self.ready else "CHƯA SẴN SÀNG VẬN HÀNH"
            token = f"KẾT LUẬN: {said} ({token})"
        lines.append(token)
        if not self.ready:
            lines += [f"  - {reason}" for reason in self.reasons]
        files = "(locust_stats.csv, locust.html, report.*)"
        lines.append(f"\n{CLI('loadtest.output', self.lang)}: {self.out_dir}/ {files}")
        return "\n".join(lines)


def locust_command(options: LoadTestOptions, host: str, out_dir: Path) -> list[str]:
    here = _loadtests_dir()
    command = [
        sys.executable, "-m", "locust",
        "-f", str(here / "locustfile.py"),
        "--headless",
        "--host", host,
        "--users", str(options.users),
        "--spawn-rate", str(options.spawn_rate),
        "--run-time", f"{int(round(options.duration))}s",
        "--shape", options.shape,
        "--csv", str(out_dir / "locust"),
        "--html", str(out_dir / "locust.html"),
        "--logfile", str(out_dir / "locust.log"),
        "--only-summary",
        "--stop-timeout", "5",
        # Gates decide pass/fail; locust's own exit code would fail on the first failed request.
        "--exit-code-on-error", "0",
    ]  # fmt: skip
    if options.processes != 1:
        command += ["--processes", str(options.processes)]
    if options.mix_file is not None:
        command += ["--mix-file", str(options.mix_file)]
    if options.mix_weights:
        command += ["--mix-weights", options.mix_weights]
    if options.think_min is not None:
        command += ["--think-min", str(options.think_min)]
    if options.think_max is not None:
        command += ["--think-max", str(options.think_max)]
    if options.seed is not None:
        command += ["--run-seed", str(options.seed)]
    if options.world_seed is not None:
        command += ["--world-seed", str(options.world_seed)]
    return command + list(options.locust_args)


def _office_clock(day: str, duration: float) -> Any:
    from loadtests import OFFICE_DAY_START, office_clock_speed
    from mock_registries import VIETNAM_TZ, Clock

    # The coming ``day`` (today included), never a past one: the users date their requests by the
    # wall clock (birth dates, sync windows) and the mocks refuse dates in their future.
    today = datetime.now(tz=VIETNAM_TZ).date()
    date = today + timedelta(days=(DAYS.index(day) - today.weekday()) % 7)
    start = datetime.combine(date, OFFICE_DAY_START, tzinfo=VIETNAM_TZ)
    return Clock(start=start, speed=office_clock_speed(duration))


async def _run_locust(command: list[str], out_dir: Path, budget: float) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        *command,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        cwd=out_dir,
    )
    try:
        output, _ = await asyncio.wait_for(process.communicate(), budget)
    except TimeoutError:
        process.kill()
        await process.wait()
        return -1, f"locust did not finish within {budget:.0f} s and was killed"
    text = output.decode(errors="replace")
    (out_dir / "locust.out").write_text(text, encoding="utf-8")
    return int(process.returncode or 0), text


def _report_text(report: Any, out_dir: Path, lang: Lang) -> str:
    """Write report.{json,md,html} and return the text shown beside the verdict."""
    from simulator.report import render

    (out_dir / "report.json").write_text(render(report, "json"), encoding="utf-8")
    (out_dir / "report.md").write_text(render(report, "markdown", lang), encoding="utf-8")
    (out_dir / "report.html").write_text(render(report, "html", lang), encoding="utf-8")
    # The terminal gets the terminal tables `ndxp-sim report` prints; Markdown goes to the file.
    text = render(report, "text", lang)
    head = CLI("loadtest.report_head", lang)
    if len(text) >= 6000:
        text = text[:6000] + f"\n… ({CLI('loadtest.report_full', lang)}: {out_dir}/report.md)"
    return f"{head}:\n{text}"


def _report(ledger_path: Path | None, since_ms: int, out_dir: Path, lang: Lang) -> str:
    """The report of the embedded stack's ledger. It is informative; it never blocks."""
    try:
        from simulator.report import build_report
    except ImportError:
        return CLI("loadtest.report_missing", lang, why="simulator.report")
    if ledger_path is None or not ledger_path.exists():
        return CLI("loadtest.report_missing", lang, why=ledger_path or "ledger")
    try:
        with Console(stderr=True).status(CLI("loadtest.report", lang)):
            return _report_text(build_report(ledger_path, since_ms=since_ms), out_dir, lang)
    except Exception as exc:  # the report is a separate component; its failure is reported
        return CLI("loadtest.report_failed", lang, why=f"{type(exc).__name__}: {exc}")


def target_urls(options: LoadTestOptions, settings: StackSettings) -> list[str]:
    """Where the target's calls are collected from: ``--collect-from``, else the target (its
    LGSP) and every other component at the settings' URLs (``NDXP_UPSTREAM_URLS__*``)."""
    if options.collect_from:
        return list(options.collect_from)
    assert options.target is not None
    others = [settings.base_url(name) for name in SERVICES if name != "lgsp"]
    return [options.target.rstrip("/"), *others]


async def _target_report(
    options: LoadTestOptions, settings: StackSettings, since_ms: int, out_dir: Path
) -> str:
    """The report of the TARGET's calls, collected over HTTP (never a local ledger file);
    raises ``NothingCollected`` when no component gave a record."""
    from simulator.report_collect import collect_report

    report, collected = await collect_report(target_urls(options, settings), settings, since_ms)
    collected.close()
    return await asyncio.to_thread(_report_text, report, out_dir, options.lang)


def _verdict(
    options: LoadTestOptions, out_dir: Path, returncode: int, output: str, report: str
) -> Verdict:
    from loadtests import DEFAULT_GATES, GateError, evaluate_files

    reasons: list[str] = []
    if returncode != 0:
        log = out_dir / "locust.log"
        text = output + (log.read_text(encoding="utf-8", errors="replace") if log.exists() else "")
        tail = "\n".join("    " + line for line in text.strip().splitlines()[-12:])
        failed = CLI("loadtest.locust_failed", options.lang, code=returncode, log=log, tail=tail)
        reasons.append(failed)
    stats = out_dir / "locust_stats.csv"
    gates_text = CLI("loadtest.gates_skipped", options.lang)
    try:
        evaluation = evaluate_files(stats, options.gates_path or DEFAULT_GATES, options.scenario)
    except GateError as exc:
        reasons.append(f"{exc.reason}: {exc}")
    else:
        gates_text = evaluation.to_text(options.lang)
        reasons += [
            CLI("loadtest.gate_failed", options.lang, detail=r.detail(options.lang))
            for r in evaluation.failures
        ]
    return Verdict(not reasons, reasons, gates_text, report, out_dir, options.lang)


async def _run_with_progress(
    command: list[str], out_dir: Path, options: LoadTestOptions
) -> tuple[int, str]:
    async with timed_bar(CLI("loadtest.running", options.lang), options.duration):
        return await _run_locust(command, out_dir, options.duration + _LOCUST_GRACE_SECONDS)


async def run_loadtest(options: LoadTestOptions, settings: StackSettings) -> Verdict:
    if options.shape not in SHAPES:
        raise ValueError(f"unknown shape {options.shape!r}; choose from {', '.join(SHAPES)}")
    out_dir = options.output_dir().resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in ("locust.log", "locust_stats.csv", "ledger.sqlite"):  # locust appends its log
        (out_dir / stale).unlink(missing_ok=True)
    since_ms = int(time.time() * 1000)
    if options.target is not None:
        host = options.target.rstrip("/")
        started = CLI(
            "loadtest.target", options.lang, host=host, scenario=options.scenario or "-",
            shape=options.shape, users=options.users, seconds=f"{options.duration:.0f}",
        )  # fmt: skip
        print(started, flush=True)
        command = locust_command(options, host, out_dir)
        code, output = await _run_with_progress(command, out_dir, options)
        report = await _target_report(options, settings, since_ms, out_dir)
        return _verdict(options, out_dir, code, output, report)

    from simulator.stack import Stack

    ledger_path = out_dir / "ledger.sqlite"
    settings = settings.model_copy(update={"ledger_path": ledger_path})
    sink: Any = None
    try:
        from gateway.opmon import SqliteLedger
    except ImportError:  # pragma: no cover - the ledger ships with the gateway
        pass
    else:
        sink = SqliteLedger(ledger_path)
    clock = _office_clock(options.day, options.duration) if options.shape == "office-day" else None
    try:
        stack_at = Stack(settings, only=SERVICES, free_ports=True, clock=clock, ledger=sink)
        async with stack_at as stack:
            host = stack.urls["lgsp"]
            started = CLI(
                "loadtest.started", options.lang, scenario=settings.scenario or "-", host=host,
                shape=options.shape, users=options.users, seconds=f"{options.duration:.0f}",
            )  # fmt: skip
            print(started, flush=True)
            command = locust_command(options, host, out_dir)
            code, output = await _run_with_progress(command, out_dir, options)
            # Locust has stopped its users, but calls into a hanging registry (a fault) are still
            # in flight and get cancelled at shutdown; uvicorn logs each as an ASGI exception.
            # They are the run's tail, already counted by locust and the ledger: not news.
            logging.getLogger("uvicorn.error").setLevel(logging.CRITICAL)
    finally:
        if sink is not None:
            await asyncio.to_thread(sink.close)
    report = _report(ledger_path if sink is not None else None, since_ms, out_dir, options.lang)
    return _verdict(options, out_dir, code, output, report)
