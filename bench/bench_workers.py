"""``ndxp-sim serve --workers 2`` vs ``--workers 1``: how a gateway hop scales on this box.

    .venv/bin/python -m bench.bench_workers [--duration 8] [--runs 3] [--conns 64]

Both servers are the real command (``python -m simulator.cli serve --component ndxp``), started
side by side in front of one nginx upstream (1 worker, a static 1 KB JSON answer), with the
production SQLite ledger on (one file per server) and a catalog whose quotas cannot cap the
bench. Nothing is pinned: two workers need both cores, and wrk and nginx share them. wrk runs
alternate between the two servers (1, 2, 1, 2, …) so drift on this shared VM hits both alike;
the ratio is of the medians, and the CPU-µs per request of each server (all its processes)
show what the box as a whole can give: with the gateway at G and wrk + nginx at O µs per
request, two workers can reach at most 2 / (G + O) against one worker's 1 / G.

Each two-worker run also reads the box: wrk's and nginx's CPU per request (O, measured, not
assumed), the bound that leaves (``2 s of CPU per s / (G + O)`` against the one-worker rate of
the same pair) and how busy both cores were (``/proc/stat``). A ratio under 1.7 with the box
near 100 % busy is the box's limit, not the workers'.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.bench_gateway import (
    DKDN_XROAD,
    NDXP_AUTH,
    PY,
    ROOT,
    Procs,
    WrkResult,
    cpu_ticks,
    free_port,
    nginx,
    wait_port,
    write_fixtures,
    wrk,
)


def _serve(procs: Procs, tmp: Path, workers: int, upstream: int, catalog: Path) -> int:
    """Start ``serve --component ndxp --workers N``; returns its port once it answers."""
    import subprocess

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NDXP_")}
    env |= {
        "NDXP_PORTS__NDXP": str(port),
        "NDXP_LEDGER_PATH": str(tmp / f"ledger-{workers}.sqlite"),
        "NDXP_GATEWAY__CATALOG_PATH": str(catalog),
        "NDXP_UPSTREAM_URLS__DKDN": f"http://127.0.0.1:{upstream}",
        "NDXP_WORKERS": str(workers),
    }
    proc = subprocess.Popen(
        [PY, "-m", "simulator.cli", "serve", "--component", "ndxp"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    procs.procs.append(proc)
    wait_port(port, proc, timeout=60)
    url = f"http://127.0.0.1:{port}{DKDN_XROAD}?msdn=0101234567"
    wrk(url, 64, 3, [f"Authorization: {NDXP_AUTH}"], None, cpus="0,1")  # warm-up, all workers
    return port


@dataclass
class Box:
    """What the whole box spent during one wrk run."""

    busy: float  # share of both cores busy (0-1), from /proc/stat
    others_us: float  # wrk + nginx CPU-µs per request


def _busy_ticks() -> tuple[int, int]:
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


def _measured(
    url: str, conns: int, seconds: float, pid: int, nginx_pid: int
) -> tuple[WrkResult, Box]:
    """One wrk run against ``pid`` with the box's own accounting around it."""
    busy0, total0 = _busy_ticks()
    nginx0 = cpu_ticks(nginx_pid)
    wrk0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = wrk(url, conns, seconds, [f"Authorization: {NDXP_AUTH}"], pid, cpus="0,1")
    wrk1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    nginx_s = (cpu_ticks(nginx_pid) - nginx0) / os.sysconf("SC_CLK_TCK")
    busy1, total1 = _busy_ticks()
    wrk_s = (wrk1.ru_utime - wrk0.ru_utime) + (wrk1.ru_stime - wrk0.ru_stime)
    requests = result.rps * seconds
    others = (wrk_s + nginx_s) * 1e6 / requests if requests else 0.0
    return result, Box((busy1 - busy0) / max(1, total1 - total0), others)


def _bound_line(one: list[WrkResult], two: list[WrkResult], boxes: list[Box]) -> str:
    bounds, busy = [], []
    for a, b, box in zip(one, two, boxes, strict=True):
        gateway = b.cpu_us_per_req or 0.0
        bounds.append(2e6 / (gateway + box.others_us) / a.rps)
        busy.append(box.busy)
    others = statistics.median(box.others_us for box in boxes)
    return (
        f"  the box during the 2-worker runs: wrk + nginx {others:.0f} CPU-us/request,"
        f" both cores {statistics.median(busy):.0%} busy; the most 2 workers could reach on"
        f" this box: {statistics.median(bounds):.2f}x (per pair {[round(x, 2) for x in bounds]})"
    )


def _line(name: str, runs: list[WrkResult]) -> str:
    rps = statistics.median(r.rps for r in runs)
    cpu = statistics.median(r.cpu_us_per_req or 0 for r in runs)
    p99 = statistics.median(r.p99_ms for r in runs)
    bad = sum(r.non_2xx for r in runs)
    return (
        f"  {name:<22} {rps:8.0f} rps  p99 {p99:7.2f} ms  cpu-us/req {cpu:5.0f}  non2xx {bad}"
        f"  runs {[round(r.rps) for r in runs]}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=float, default=8.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--conns", type=int, default=64)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench_workers_"))
    catalog, _ = write_fixtures(tmp)
    procs = Procs()
    try:
        upstream = free_port()
        nginx_pid = nginx(procs, tmp, "upstream", "0,1", upstream,
              f"server {{ listen 127.0.0.1:{upstream}; location / {{ default_type "
              f"application/json; root {tmp}; try_files /data.json =404; }} }}")  # fmt: skip
        ports = {n: _serve(procs, tmp, n, upstream, catalog) for n in (1, 2)}
        pids = {n: procs.procs[-2 + i].pid for i, n in enumerate((1, 2))}
        print(
            f"work dir {tmp}; wrk -t1 -c{args.conns}, {args.runs} x {args.duration:g} s each,"
            f" alternating; load average before: {Path('/proc/loadavg').read_text().strip()}"
        )
        results: dict[int, list[WrkResult]] = {1: [], 2: []}
        boxes: list[Box] = []
        for _ in range(args.runs):
            for n in (1, 2):
                url = f"http://127.0.0.1:{ports[n]}{DKDN_XROAD}?msdn=0101234567"
                result, box = _measured(url, args.conns, args.duration, pids[n], nginx_pid)
                results[n].append(result)
                if n == 2:
                    boxes.append(box)
        print(_line("ndxp, 1 worker", results[1]))
        print(_line("ndxp, 2 workers", results[2]))
        one, two = (statistics.median(r.rps for r in results[n]) for n in (1, 2))
        pairs = [round(b.rps / a.rps, 2) for a, b in zip(results[1], results[2], strict=True)]
        print(f"\n  2 workers / 1 worker: {two / one:.2f}x (medians); per alternating pair {pairs}")
        print(_bound_line(results[1], results[2], boxes))
        print(f"  load average after: {Path('/proc/loadavg').read_text().strip()}")
    finally:
        procs.stop_all()


if __name__ == "__main__":
    main()
