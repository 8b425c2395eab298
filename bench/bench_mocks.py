"""Look-up throughput of each registry mock (FastAPI), against the three-hop path and the old
raw-ASGI mocks, in the same run.

Each mock runs alone under uvicorn (uvloop + httptools, one process, pinned to cpu1 with taskset
when available); wrk (pinned to cpu0) drives it with a Lua script cycling through 1,000
distinct identifiers. Same-run references:

- ``baseline raw ASGI``: a raw ASGI app answering a pre-encoded 1 KB JSON body (the box's ceiling);
- ``old raw …``: the raw-ASGI mocks this package replaced, extracted from ``--old-ref`` with
  ``git archive`` into a temporary folder (no worktree is touched) and served the same way;
- ``three hops``: LGSP → NDXP → the FastAPI ĐKDN mock, as ``bench_gateway.py`` runs it (mock and
  wrk on cpu0, NDXP and LGSP on cpu1, quotas lifted), through the LGSP's X-Road address.

Prints, per target, the medians of ≥3 interleaved runs of throughput and of the server's CPU
time per request, the ratio to the baseline, to the three-hop path (must be ≥ 2: a mock is never
the bottleneck of a gateway test) and to the old mock of the same look-up.

    .venv/bin/python bench/bench_mocks.py [--runs 3] [--duration 5] [--connections 64]

"cold" rows disable the answer cache, so every request generates its record from the hash.
"""

from __future__ import annotations

import argparse
import base64
import gc
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

import yaml

ROOT = Path(__file__).resolve().parents[1]
IDENTIFIERS = 1000
DKDN_XROAD = "/r1/VN/GOV/000.00.00.G05/CSDLDKDN/chiTietDoanhNghiep"
LGSP_AUTH = "Basic " + base64.b64encode(b"VN/GOV/000.00.00.H56/MCDT:mcdt-demo-secret").decode()


OLD_REF = "d4c1761"  # the last commit with the raw-ASGI mocks


@dataclass(frozen=True)
class Target:
    name: str
    kind: str  # baseline | mock | old | threehop
    registry: str
    cache_size: int
    method: str
    requests: list[tuple[str, str]]  # (path, body)
    same_as: str = ""  # the new target an old one is compared with


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
    dkdn = [(f"/chiTietDoanhNghiep?msdn={s.msdn}", "") for s in ids]
    gplx = [(f"/traCuuGPLX?soGPLX={s.gplx}", "") for s in ids]
    ho_tich = [("/traHoSo", json.dumps({"module": "LTKS", "maHoSo": int(s.cccd)})) for s in ids]
    old_ho_tich = [(f"/traCuuKhaiSinh?soDinhDanh={s.cccd}", "") for s in ids]
    lgsp = [(f"{DKDN_XROAD}?msdn={s.msdn}", "") for s in ids]
    return [
        Target("baseline raw ASGI", "baseline", "baseline", 0, "GET", [("/data", "")]),
        Target("three hops LGSP->NDXP->dkdn", "threehop", "dkdn", 4096, "GET", lgsp),
        Target("dan_cu TraCuuThongTinCongDan", "mock", "dan_cu", 4096, "POST", dan_cu),
        Target("dan_cu TraCuuThongTinCongDan (cold)", "mock", "dan_cu", 0, "POST", dan_cu),
        Target("dkdn chiTietDoanhNghiep", "mock", "dkdn", 4096, "GET", dkdn),
        Target("gplx traCuuGPLX", "mock", "gplx", 4096, "GET", gplx),
        Target("ho_tich traHoSo", "mock", "ho_tich", 4096, "POST", ho_tich),
        Target("old raw dan_cu TraCuu", "old", "dan_cu", 4096, "POST", dan_cu,
               "dan_cu TraCuuThongTinCongDan"),
        Target("old raw dan_cu TraCuu (cold)", "old", "dan_cu", 0, "POST", dan_cu,
               "dan_cu TraCuuThongTinCongDan (cold)"),
        Target("old raw dkdn chiTiet", "old", "dkdn", 4096, "GET", dkdn, "dkdn chiTietDoanhNghiep"),
        Target("old raw gplx traCuuGPLX", "old", "gplx", 4096, "GET", gplx, "gplx traCuuGPLX"),
        Target("old raw ho_tich traCuuKhaiSinh", "old", "ho_tich", 4096, "GET", old_ho_tich,
               "ho_tich traHoSo"),
    ]  # fmt: skip


def serve(registry: str, port: int, cache_size: int) -> None:
    """Child process: one server on 127.0.0.1:port (``mock_registries`` as on ``sys.path``:
    this tree's, or the old one's when PYTHONPATH points at the extracted ``--old-ref``)."""
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
        import mock_registries.factory as factory

        settings, clock, metrics = MockSettings(), Clock(), CollectorRegistry()
        if "cache_size" in factory.create_registry_app.__code__.co_varnames:
            app = factory.create_registry_app(
                registry, settings, clock=clock, metrics_registry=metrics, cache_size=cache_size
            )
        else:  # the old raw mocks took the cache size on each package's create_app
            module = __import__(f"mock_registries.{registry}", fromlist=["create_app"])
            app = module.create_app(
                settings, clock=clock, metrics_registry=metrics, cache_size=cache_size
            )
    gc.collect()
    gc.freeze()  # as bench/gateway_server.py: start-up objects out of the collector's way
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


def extract_old(ref: str, folder: Path) -> Path:
    """The old ``mock_registries`` package of ``ref``, unpacked under ``folder``."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", ref, "mock_registries"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    root = folder / "old"
    root.mkdir()
    subprocess.run(["tar", "-x", "-C", str(root)], input=archive, check=True)
    return root


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _pin(cpu: int) -> list[str]:
    if shutil.which("taskset") and (os.cpu_count() or 1) >= 2:
        return ["taskset", "-c", str(cpu)]
    return []


def _lua(target: Target, folder: Path, headers: str = "") -> Path:
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
{headers}
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


def _server(target: Target, port: int, old_root: Path | None) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        __file__,
        "--serve",
        target.registry,
        "--port",
        str(port),
        "--cache-size",
        str(target.cache_size),
    ]
    env = dict(os.environ)
    if target.kind == "old":
        assert old_root is not None
        env["PYTHONPATH"] = str(old_root)
    return subprocess.Popen([*_pin(1), *command], cwd=old_root or ROOT, env=env)


def _gateway(role: str, port: int, catalog: Path, **upstreams: str) -> list[str]:
    command = [sys.executable, "-m", "bench.gateway_server", "--role", role, "--port", str(port)]
    command += ["--catalog", str(catalog)]
    for flag, url in upstreams.items():
        command += [f"--{flag}", url]
    return command


def _three_hops(folder: Path) -> tuple[list[subprocess.Popen[bytes]], int]:
    """The dkdn mock (cpu0), an NDXP and an LGSP (cpu1) in front of it; the LGSP's port."""
    catalog = yaml.safe_load((ROOT / "gateway" / "catalog.yaml").read_text(encoding="utf-8"))
    for consumers in catalog["consumers"].values():
        for consumer in consumers:  # quotas would cap the bench, not the code path
            consumer["quota"] = {"rps": 10_000_000, "burst": 10_000_000}
    path = folder / "catalog.yaml"
    path.write_text(yaml.safe_dump(catalog, allow_unicode=True), encoding="utf-8")
    mock, ndxp, lgsp = _free_port(), _free_port(), _free_port()
    mock_url = f"http://127.0.0.1:{mock}"
    steps = [
        (mock, "0", [sys.executable, __file__, "--serve", "dkdn", "--port", str(mock)]),
        (ndxp, "1", _gateway("ndxp", ndxp, path, upstream=mock_url)),
        (lgsp, "1", _gateway("lgsp", lgsp, path, upstream=mock_url,
                             ndxp=f"http://127.0.0.1:{ndxp}")),
    ]  # fmt: skip
    procs = []
    for port, cpu, command in steps:
        pin = ["taskset", "-c", cpu] if _pin(0) else []
        procs.append(subprocess.Popen([*pin, *command], cwd=ROOT))
        _wait(port)
    return procs, lgsp


@dataclass(frozen=True)
class Measurement:
    rps: float
    cpu_us_per_request: float
    non_2xx: int


def measure(
    target: Target, folder: Path, duration: int, connections: int, old_root: Path | None
) -> Measurement:
    """One wrk run against fresh servers: throughput, server CPU per request, errors."""
    headers = ""
    if target.kind == "threehop":
        procs, port = _three_hops(folder)
        headers = f'wrk.headers["Authorization"] = "{LGSP_AUTH}"'
    else:
        port = _free_port()
        procs = [_server(target, port, old_root)]
    try:
        _wait(port)
        script = _lua(target, folder, headers)
        url = f"http://127.0.0.1:{port}"
        warm = ["wrk", "-t1", "-c8", "-d1s", "-s", str(script), url]
        subprocess.run([*_pin(0), *warm], capture_output=True, check=True)
        command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "-s", str(script), url]
        cpu_before = sum(_cpu_seconds(p.pid) for p in procs)
        output = subprocess.run(
            [*_pin(0), *command], capture_output=True, text=True, check=True
        ).stdout
        cpu = sum(_cpu_seconds(p.pid) for p in procs) - cpu_before
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=10)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return Measurement(rps, cpu / max(total, 1) * 1e6, int(errors.group(1)) if errors else 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--old-ref", default=OLD_REF, help="git ref of the old raw mocks")
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
        old_root = extract_old(args.old_ref, Path(tmp))
        for run in range(args.runs):
            for target in targets:  # interleaved, so drift in box load hits every target alike
                measured = measure(target, Path(tmp), args.duration, args.connections, old_root)
                results[target.name].append(measured)
            print(f"run {run + 1}/{args.runs} done", file=sys.stderr)
    report(targets, results, args)


def _per_run(mine: list[Measurement], other: list[Measurement]) -> float:
    """Median over runs of the ratio within each run (targets of a run are measured minutes
    apart at most, so the ratio is steadier than a ratio of medians on a drifting box)."""
    return statistics.median(a.rps / b.rps for a, b in zip(mine, other, strict=True))


def report(targets: list[Target], results: dict[str, list[Measurement]], args: Any) -> None:
    base_cpu = statistics.median(m.cpu_us_per_request for m in results[targets[0].name])
    three = results[next(t.name for t in targets if t.kind == "threehop")]
    three_cpu = statistics.median(m.cpu_us_per_request for m in three)
    pinned = "pinned (server cpu1, wrk cpu0)" if _pin(0) else "unpinned"
    print(f"# {args.runs} runs x {args.duration}s, wrk -t1 -c{args.connections}, {pinned}")
    print(f"# old raw mocks: git archive {args.old_ref} mock_registries (same run)")
    print("# x3hop = median over runs of rps / three-hop rps in the same run (target >= 2)")
    print("# cpu x3 = three-hop CPU-us per request (all three servers) / the target's")
    print("# vs old = median over runs of rps / the old raw mock's rps for the same look-up")
    print("# ratio = baseline CPU-us per request / target CPU-us per request (load-robust)")
    header = f"{'target':38} {'rps':>7} {'x3hop':>6} {'cpu x3':>6} {'vs old':>6} {'cpu-us/req':>10}"
    print(header + f" {'ratio':>6}  runs (rps)  non-2xx")
    for target in targets:
        runs = results[target.name]
        rps = statistics.median(m.rps for m in runs)
        cpu = statistics.median(m.cpu_us_per_request for m in runs)
        old = next((t.name for t in targets if t.same_as == target.name), None)
        versus = f"{_per_run(runs, results[old]):6.2f}" if old else f"{'':>6}"
        each = " ".join(f"{m.rps:.0f}" for m in runs)
        errors = sum(m.non_2xx for m in runs)
        print(
            f"{target.name:38} {rps:7.0f} {_per_run(runs, three):6.2f} {three_cpu / cpu:6.2f}"
            f" {versus} {cpu:10.1f} {base_cpu / cpu:6.2f}  {each}  {errors}"
        )


if __name__ == "__main__":
    main()
