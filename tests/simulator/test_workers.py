"""``ndxp-sim serve --workers 2``: real separate processes sharing one port.

The NDXP runs as ``serve --component ndxp --workers 2`` in front of a real slow registry (a
threaded HTTP server on 127.0.0.1). Checked from outside, as ops would: both workers answer
(``/healthz`` names the pid), a token issued by one worker is accepted by the other, the
consumer's quota holds across the workers (never more than burst + rps·t admitted, where two
unshared buckets would admit twice the burst), every call lands in the one ledger that
``/opmon/records`` reads, and SIGTERM answers a call in flight before the workers stop.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from gateway import DEFAULT_CATALOG
from tests.gateway.identities import ADMIN, LGSP, LGSP_SECRET, basic
from tests.stack_process import REPO, free_ports, wait_for

pytestmark = pytest.mark.slow

CALL = "/r1/VN/GOV/000.00.00.G05/CSDLDKDN/chiTietDoanhNghiep?msdn=0101234567"
BURST = 20
RPS = 1.0


class _Registry(BaseHTTPRequestHandler):
    """Answers every GET with a small JSON body; ``slow`` in the query holds it 1.5 s."""

    def do_GET(self) -> None:
        if "slow" in self.path:
            time.sleep(1.5)
        body = b'{"error_code":"0","msdn":"0101234567"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def registry() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Registry)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _catalog(tmp_path: Path) -> Path:
    text = DEFAULT_CATALOG.read_text(encoding="utf-8")
    text = text.replace(
        "quota: {rps: 5000, burst: 10000}", f"quota: {{rps: {RPS}, burst: {BURST}}}"
    )
    path = tmp_path / "catalog.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _serve(tmp_path: Path, registry: str) -> tuple[subprocess.Popen[bytes], str, Path, Path]:
    (port,) = free_ports(1)
    ledger = tmp_path / "ledger.sqlite"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NDXP_")}
    env |= {
        "NDXP_PORTS__NDXP": str(port),
        "NDXP_LEDGER_PATH": str(ledger),
        "NDXP_GATEWAY__CATALOG_PATH": str(_catalog(tmp_path)),
        "NDXP_UPSTREAM_URLS__DKDN": registry,
        "NDXP_LANG": "en",
        "PYTHONUNBUFFERED": "1",
    }
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        command = ["serve", "--component", "ndxp", "--workers", "2"]
        proc = subprocess.Popen(
            [sys.executable, "-m", "simulator.cli", *command],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    return proc, f"http://127.0.0.1:{port}", ledger, log


def _pids(url: str, tries: int = 40) -> set[int]:
    """Worker pids seen over fresh connections (each request its own connection)."""
    seen: set[int] = set()
    for _ in range(tries):
        with httpx.Client(timeout=5) as http:
            seen.add(http.get(url + "/healthz").json()["pid"])
        if len(seen) == 2:
            break
    return seen


def _children(pid: int) -> set[int]:
    out = subprocess.run(["ps", "--ppid", str(pid), "-o", "pid="], capture_output=True, text=True)
    return {int(line) for line in out.stdout.split()}


def _ready(url: str) -> bool:
    try:
        return httpx.get(url + "/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def test_two_workers_share_port_quota_tokens_ledger_and_stop_gracefully(
    tmp_path: Path, registry: str
) -> None:
    proc, url, ledger, log = _serve(tmp_path, registry)
    try:
        wait_for(proc, log, lambda: _ready(url) and len(_pids(url, 10)) == 2, "serve --workers 2")
        assert _pids(url) <= _children(proc.pid), "the answering pids are the serve workers"

        started = time.monotonic()
        form = {"grant_type": "client_credentials", "client_id": LGSP, "client_secret": LGSP_SECRET}
        token = httpx.post(url + "/token", data=form).json()["access_token"]
        statuses = []
        for i in range(60):  # fresh connections: the kernel hands them to either worker
            auth = f"Bearer {token}" if i < 10 else basic(LGSP, LGSP_SECRET)
            with httpx.Client(timeout=10) as http:
                statuses.append(http.get(url + CALL, headers={"Authorization": auth}).status_code)
        elapsed = time.monotonic() - started
        assert 401 not in statuses, "a token from one worker is accepted by the other"
        assert set(statuses) <= {200, 429}
        admitted = statuses.count(200)
        # Never more than the quota (two whole buckets would admit up to 2 x BURST); at least
        # one worker's share, since both workers take calls.
        assert BURST // 2 <= admitted <= BURST + RPS * elapsed + 1, statuses

        time.sleep(0.5)  # the other worker's batch: committed within its flush interval
        page = httpx.get(url + "/opmon/records?limit=1000", headers=ADMIN).json()
        assert len(page["records"]) == 60, "every worker's records, read from any worker"

        with httpx.Client(timeout=15) as http:
            slow: list[int] = []
            caller = threading.Thread(
                target=lambda: slow.append(
                    http.get(
                        url + CALL + "&slow=1", headers={"Authorization": basic(LGSP, LGSP_SECRET)}
                    ).status_code
                )
            )
            time.sleep(2.2 / RPS)  # a token for the call in flight (each worker refills RPS/2)
            caller.start()
            time.sleep(0.5)
            proc.send_signal(signal.SIGTERM)
            caller.join(10)
        assert slow == [200], "the call in flight at SIGTERM is answered"
        assert proc.wait(20) == 0, log.read_text(errors="replace")[-3000:]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    with sqlite3.connect(ledger) as conn:
        (rows,) = conn.execute("SELECT count(*) FROM records").fetchone()
    assert rows == 61, "both workers flushed the ledger at the stop"
    assert "2 workers stopped cleanly after answering the calls in flight" in log.read_text(
        errors="replace"
    )
