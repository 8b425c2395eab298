"""Look-up throughput of each registry mock against a raw-ASGI bytes endpoint, same run.

Each server runs alone under uvicorn (uvloop + httptools, one process, pinned to cpu1 with
taskset when available); wrk (pinned to cpu0) drives it with a Lua script cycling through 1,000
distinct identifiers. The baseline is a raw ASGI app answering a pre-encoded 1 KB JSON body — the
ceiling for anything served by this toolkit on this box. Prints, per target, the medians of ≥3
runs of throughput and of the server's CPU time per request, each as a ratio to the baseline
(target ≥ 0.5). On a shared box the CPU ratio is the steadier of the two.

    .venv/bin/python bench/bench_mocks.py [--runs 3] [--duration 5] [--connections 64]

"cold" rows disable the answer cache, so every request generates its record from the hash.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
IDENTIFIERS = 1000


@dataclass(frozen=True)
class Target:
    name: str
    registry: str | None  # None: the raw ASGI baseline
    cache_size: int
    method: str
    requests: list[tuple[str, str]]  # (path, body)


def _targets() -> list[Target]:
    sys.path.insert(0, str(ROOT))
    from mock_registries.samples import sample_identifiers

    ids = [sample_identifiers(i) for i in range(IDENTIFIERS)]
    dan_cu = [
        (
            "/TraCuuThongTinCongDan",
            json.dumps(
                {"MaYeuCau": f"B{i}", "MaDVC": "G15", "MaTichHop": "037", "SoDinhDanh": s.cccd}
            ),
        )
        for i, s in enumerate(ids)
    ]
    return [
        Target("baseline raw ASGI", None, 0, "GET", [("/data", "")]),
        Target("dan_cu TraCuuThongTinCongDan", "dan_cu", 4096, "POST", dan_cu),
        Target("dan_cu TraCuuThongTinCongDan (cold)", "dan_cu", 0, "POST", dan_cu),
        Target(
            "dkdn chiTietDoanhNghiep",
            "dkdn",
            4096,
            "GET",
            [(f"/chiTietDoanhNghiep?msdn={s.msdn}", "") for s in ids],
        ),
        Target(
            "gplx traCuuGPLX",
            "gplx",
            4096,
            "GET",
            [(f"/traCuuGPLX?soGPLX={s.gplx}", "") for s in ids],
        ),
        Target(
            "ho_tich traCuuKhaiSinh",
            "ho_tich",
            4096,
            "GET",
            [(f"/traCuuKhaiSinh?soDinhDanh={s.cccd}", "") for s in ids],
        ),
    ]


def serve(registry: str, port: int, cache_size: int) -> None:
    """Child process: one server on 127.0.0.1:port."""
    import uvicorn
    from prometheus_client import CollectorRegistry

    from mock_registries.clock import Clock
    from mock_registries.settings import MockSettings

    app: Any
    if registry == "baseline":
        body = json.dumps({"data": "x" * 1000}).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ]

        async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope["type"] != "http":
                return
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": body})

    else:
        module = __import__(f"mock_registries.{registry}", fromlist=["create_app"])
        app = module.create_app(
            MockSettings(),
            clock=Clock(),
            metrics_registry=CollectorRegistry(),
            cache_size=cache_size,
        )
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=port,
        loop="uvloop",
        http="httptools",
        log_level="warning",
        access_log=False,
        lifespan="off",
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _pin(cpu: int) -> list[str]:
    if shutil.which("taskset") and (os.cpu_count() or 1) >= 2:
        return ["taskset", "-c", str(cpu)]
    return []


def _lua(target: Target, folder: Path) -> Path:
    rows = ",\n".join(
        f"  {{{json.dumps(path)}, {json.dumps(body)}}}" for path, body in target.requests
    )
    script = f"""
local requests = {{
{rows}
}}
local i = 0
wrk.method = "{target.method}"
wrk.headers["Content-Type"] = "application/json"
request = function()
  i = i % #requests + 1
  local item = requests[i]
  if item[2] == "" then return wrk.format(nil, item[1]) end
  return wrk.format(nil, item[1], nil, item[2])
end
"""
    path = folder / f"{abs(hash(target.name))}.lua"
    path.write_text(script, encoding="utf-8")
    return path


def _wait(port: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not start")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Measurement:
    rps: float
    cpu_us_per_request: float
    non_2xx: int


def measure(target: Target, folder: Path, duration: int, connections: int) -> Measurement:
    """One wrk run against a fresh server: throughput, server CPU per request, errors."""
    port = _free_port()
    registry = target.registry or "baseline"
    server = subprocess.Popen(
        [
            *_pin(1),
            sys.executable,
            __file__,
            "--serve",
            registry,
            "--port",
            str(port),
            "--cache-size",
            str(target.cache_size),
        ],
        cwd=ROOT,
    )
    try:
        _wait(port)
        script = _lua(target, folder)
        url = f"http://127.0.0.1:{port}"
        warm = ["wrk", "-t1", "-c8", "-d1s", "-s", str(script), url]
        subprocess.run([*_pin(0), *warm], capture_output=True, check=True)
        command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "-s", str(script), url]
        cpu_before = _cpu_seconds(server.pid)
        output = subprocess.run(
            [*_pin(0), *command], capture_output=True, text=True, check=True
        ).stdout
        cpu = _cpu_seconds(server.pid) - cpu_before
    finally:
        server.terminate()
        server.wait(timeout=10)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return Measurement(rps, cpu / max(total, 1) * 1e6, int(errors.group(1)) if errors else 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--serve")
    parser.add_argument("--port", type=int)
    parser.add_argument("--cache-size", type=int, default=4096)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port, args.cache_size)
        return
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (Debian package wrk)")
    targets = _targets()
    results: dict[str, list[Measurement]] = {t.name: [] for t in targets}
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            for target in targets:  # interleaved, so drift in box load hits every target alike
                measured = measure(target, Path(tmp), args.duration, args.connections)
                results[target.name].append(measured)
            print(f"run {run + 1}/{args.runs} done", file=sys.stderr)
    base = results[targets[0].name]
    base_rps = statistics.median(m.rps for m in base)
    base_cpu = statistics.median(m.cpu_us_per_request for m in base)
    pinned = "pinned (server cpu1, wrk cpu0)" if _pin(0) else "unpinned"
    print(f"# {args.runs} runs x {args.duration}s, wrk -t1 -c{args.connections}, {pinned}")
    print("# rps ratio = median rps / baseline median rps (sensitive to other load on the box);")
    print("# cpu ratio = baseline CPU-us per request / target CPU-us per request (load-robust)")
    header = f"{'target':36} {'rps':>7} {'ratio':>6} {'cpu-us/req':>10} {'ratio':>6}  runs (rps)"
    print(header + "  non-2xx")
    for target in targets:
        runs = results[target.name]
        rps = statistics.median(m.rps for m in runs)
        cpu = statistics.median(m.cpu_us_per_request for m in runs)
        each = " ".join(f"{m.rps:.0f}" for m in runs)
        errors = sum(m.non_2xx for m in runs)
        cpu_ratio = base_cpu / cpu if cpu else float("nan")
        print(
            f"{target.name:36} {rps:7.0f} {rps / base_rps:6.2f} {cpu:10.1f} {cpu_ratio:6.2f}"
            f"  {each}  {errors}"
        )


if __name__ == "__main__":
    main()
