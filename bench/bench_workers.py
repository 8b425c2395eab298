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
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

from bench.bench_gateway import (
    DKDN_XROAD,
    NDXP_AUTH,
    PY,
    ROOT,
    Procs,
    WrkResult,
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
        nginx(procs, tmp, "upstream", "0,1", upstream,
              f"server {{ listen 127.0.0.1:{upstream}; location / {{ default_type "
              f"application/json; root {tmp}; try_files /data.json =404; }} }}")  # fmt: skip
        ports = {n: _serve(procs, tmp, n, upstream, catalog) for n in (1, 2)}
        pids = {n: procs.procs[-2 + i].pid for i, n in enumerate((1, 2))}
        print(
            f"work dir {tmp}; wrk -t1 -c{args.conns}, {args.runs} x {args.duration:g} s each,"
            f" alternating; load average before: {Path('/proc/loadavg').read_text().strip()}"
        )
        results: dict[int, list[WrkResult]] = {1: [], 2: []}
        for _ in range(args.runs):
            for n in (1, 2):
                url = f"http://127.0.0.1:{ports[n]}{DKDN_XROAD}?msdn=0101234567"
                results[n].append(
                    wrk(url, args.conns, args.duration, [f"Authorization: {NDXP_AUTH}"],
                        pids[n], cpus="0,1")
                )  # fmt: skip
        print(_line("ndxp, 1 worker", results[1]))
        print(_line("ndxp, 2 workers", results[2]))
        one, two = (statistics.median(r.rps for r in results[n]) for n in (1, 2))
        pairs = [round(b.rps / a.rps, 2) for a, b in zip(results[1], results[2], strict=True)]
        print(f"\n  2 workers / 1 worker: {two / one:.2f}x (medians); per alternating pair {pairs}")
        print(f"  load average after: {Path('/proc/loadavg').read_text().strip()}")
    finally:
        procs.stop_all()


if __name__ == "__main__":
    sys.exit(main())
