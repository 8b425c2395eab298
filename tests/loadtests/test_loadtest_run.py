"""The go-live command end to end: embedded stack, locust as a subprocess, gates, verdict.

Bounded for CI (two ~8 s runs with a handful of users, well under 60 s together). Locust runs
only in subprocesses: importing it here would monkey-patch this pytest process with gevent.
"""

from __future__ import annotations

import csv
import http.server
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from loadtests.mix import load_mix

LOCUSTFILE = Path(__file__).resolve().parents[2] / "loadtests" / "locustfile.py"

PASSING_GATES = """
defaults:
  overall: {max_failure_ratio: 0.05, p95_ms: 5000, p99_ms: 10000, min_requests: 20}
  requests:
    token: {max_failure_ratio: 0.0}
    TraCuuThongTinCongDan: {max_failure_ratio: 0.05, p95_ms: 5000}
"""
# A latency can never be 0 ms: this gate fails on any run, which proves failing gates fail.
FAILING_GATES = """
defaults:
  overall: {max_failure_ratio: 0.05, min_requests: 20}
  requests:
    TraCuuThongTinCongDan: {p50_ms: 0}
"""


def loadtest(
    tmp_path: Path, name: str, gates: str, *extra: str
) -> subprocess.CompletedProcess[str]:
    gates_file = tmp_path / f"{name}.yaml"
    gates_file.write_text(gates, encoding="utf-8")
    command = [
        sys.executable, "-m", "simulator.cli", "loadtest",
        "--duration", "8s", "--users", "6", "--spawn-rate", "6",
        "--think-min", "0.05", "--think-max", "0.3",
        "--gates", str(gates_file), "--out", str(tmp_path / name), *extra,
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=45, cwd=tmp_path)


@pytest.mark.slow
def test_a_short_run_passes_loose_gates_and_fails_a_deliberately_failing_one(
    tmp_path: Path,
) -> None:
    started = time.monotonic()
    ok = loadtest(tmp_path, "pass", PASSING_GATES, "--shape", "step")
    assert ok.returncode == 0, ok.stdout[-3000:] + ok.stderr[-3000:]
    assert "GO-LIVE READINESS: READY" in ok.stdout
    # Beside the verdict, the report's terminal tables (as `ndxp-sim report`), not Markdown.
    assert "Theo dòng Phụ lục V" in ok.stdout
    assert "|---|" not in ok.stdout and "\n# " not in ok.stdout
    out = tmp_path / "pass"
    assert "|---|" in (out / "report.md").read_text(encoding="utf-8")
    assert json.loads((out / "verdict.json").read_text(encoding="utf-8"))["ready"] is True
    assert (out / "locust.html").stat().st_size > 10_000
    with (out / "locust_stats.csv").open(newline="", encoding="utf-8") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    # Grouped by service code, never by raw URL. Which of the mix's rarer dossier kinds an 8 s
    # run draws is chance (that the mix covers every catalog service is test_loadtest_mix's);
    # the token and the citizen look-up most dossiers start with always come.
    mixed = {step.service.code for kind in load_mix().kinds for step in kind.steps}
    assert set(rows) <= {*mixed, "token", "Aggregated"}
    assert {"token", "TraCuuThongTinCongDan", "Aggregated"} <= set(rows)
    assert len(rows) >= 6
    assert all(int(row["Request Count"]) > 0 for row in rows.values())
    assert int(rows["token"]["Request Count"]) == 6  # one client-credentials token per user
    assert (
        int(rows["Aggregated"]["Failure Count"]) <= int(rows["Aggregated"]["Request Count"]) // 20
    )

    bad = loadtest(tmp_path, "fail", FAILING_GATES)
    assert bad.returncode == 1, bad.stdout[-3000:] + bad.stderr[-3000:]
    assert "GO-LIVE READINESS: NOT READY" in bad.stdout
    assert "Ngưỡng SLO không đạt: TraCuuThongTinCongDan: p50_ms" in bad.stdout
    verdict = json.loads((tmp_path / "fail" / "verdict.json").read_text(encoding="utf-8"))
    assert verdict["ready"] is False and len(verdict["reasons"]) == 1
    # The gates alone, on the first run's CSV, give the same answers.
    for gates, code in (("pass.yaml", 0), ("fail.yaml", 1)):
        again = subprocess.run(
            [sys.executable, "-m", "loadtests.gates", str(out / "locust_stats.csv"),
             "--gates", str(tmp_path / gates)],
            capture_output=True, text=True, timeout=20,
        )  # fmt: skip
        assert again.returncode == code, again.stdout
    assert time.monotonic() - started < 60


@pytest.mark.slow
def test_locust_failure_to_start_is_not_ready(tmp_path: Path) -> None:
    broken = tmp_path / "mix.yaml"
    broken.write_text("dossiers: [{name: a, steps: [noSuchService]}]\n", encoding="utf-8")
    run = loadtest(tmp_path, "broken", PASSING_GATES, "--duration", "2s", "--mix-file", str(broken))
    assert run.returncode == 1
    assert "NOT READY" in run.stdout
    assert "none of its services is in the catalog" in run.stdout


class _SilentLgsp(http.server.BaseHTTPRequestHandler):
    """Gives a token, then never answers a call (a registry hanging behind the exchange)."""

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        if self.path == "/token":
            body = b'{"access_token": "t", "token_type": "Bearer", "expires_in": 3600}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        time.sleep(8)

    do_GET = do_POST  # noqa: N815

    def log_message(self, *_: object) -> None:
        pass


@pytest.mark.slow
def test_calls_still_waiting_when_locust_stops_its_users_are_counted(tmp_path: Path) -> None:
    # Unrecorded, the calls a load step-down or the end of the run cuts would vanish from the
    # stats the gates read — the slowest ones, which the latency gates are for.
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _SilentLgsp)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        command = [
            sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
            "--host", f"http://127.0.0.1:{server.server_port}", "-u", "3", "-r", "3",
            "-t", "3s", "--stop-timeout", "1", "--csv", str(tmp_path / "run"),
            "--only-summary", "--exit-code-on-error", "0",
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    finally:
        server.shutdown()
        server.server_close()
    assert done.returncode == 0, done.stderr[-2000:]
    with (tmp_path / "run_stats.csv").open(encoding="utf-8") as f:
        rows = {r["Name"]: r for r in csv.DictReader(f)}
    calls = [r for name, r in rows.items() if name not in {"token", "Aggregated"}]
    assert calls and sum(int(r["Failure Count"]) for r in calls) >= 3  # one per user at least
    assert all(r["Request Count"] == r["Failure Count"] for r in calls)
    assert all(float(r["Max Response Time"]) >= 1000 for r in calls)  # they waited, then cut
    failures = (tmp_path / "run_failures.csv").read_text(encoding="utf-8")
    assert "no answer: the user was stopped while the call waited" in failures
