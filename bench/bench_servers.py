"""granian vs uvicorn serving the gateway hop: instructions per request (callgrind, as
``bench_instructions``) and throughput against an nginx proxy measured alongside.

    .venv/bin/python -m bench.bench_servers [--seconds 8] [--duration 5] [--runs 3]

granian is benched only (``pip install -e '.[bench]'``). Both servers run the same app
(``bench.gateway_server``: ``create_app`` as in production, the raw transport, an in-memory
ledger sink). Layout as in ``bench_gateway``: the server under test on cpu1 — granian's Rust
runtime thread included — nginx upstream and wrk on cpu0. Results: ``bench/server_comparison.txt``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from bench.bench_gateway import (
    DKDN_XROAD,
    NDXP_AUTH,
    PY,
    Procs,
    free_port,
    measure,
    nginx,
    write_fixtures,
)
from bench.bench_instructions import count

SERVERS = (("uvicorn (gateway protocol)", "gateway"), ("granian 2.8.7", "granian"))


def _instructions(procs: Procs, tmp: Path, common: list[str], seconds: float) -> None:
    auth = [f"Authorization: {NDXP_AUTH}"]
    for label, http in SERVERS:
        for role, headers in (("static", []), ("ndxp", auth)):
            out = tmp / f"callgrind.{http}.{role}"
            args = ["--role", role, "--http", http, *common]
            requests, instructions = count(procs, args, headers, seconds, out)
            print(f"  {label:<28} {role:<7} {instructions / requests:>9,.0f} instructions/request")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=8.0, help="callgrind wrk run per case")
    parser.add_argument("--duration", type=float, default=5.0, help="wrk run per throughput cell")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench_servers_"))
    catalog, _ = write_fixtures(tmp)
    procs = Procs()
    up, px = free_port(), free_port()
    try:
        nginx(procs, tmp, "upstream", "0", up,
              f"server {{ listen 127.0.0.1:{up} backlog=4096; location / {{ default_type "
              f"application/json; root {tmp}; try_files /data.json =404; }} }}")  # fmt: skip
        common = ["--upstream", f"http://127.0.0.1:{up}", "--catalog", str(catalog)]
        print(f"work dir {tmp}\n\n== user-space instructions per request (callgrind, wrk -c8) ==")
        _instructions(procs, tmp, common, args.seconds)
        print("\n== throughput (server on cpu1; nginx upstream + wrk on cpu0) ==")
        proxy_pid = nginx(procs, tmp, "proxy", "1", px,
            f"upstream up {{ server 127.0.0.1:{up}; keepalive 128; keepalive_requests 10000000; }}"
            f" server {{ listen 127.0.0.1:{px} backlog=4096; location / {{ proxy_pass http://up;"
            ' proxy_http_version 1.1; proxy_set_header Connection ""; } }')  # fmt: skip
        query = f"{DKDN_XROAD}?msdn=0101234567"
        ngx = measure(
            "nginx proxy (1 worker)", f"http://127.0.0.1:{px}{query}", [], proxy_pid, args
        )
        for label, http in SERVERS:
            port = free_port()
            cmd = [PY, "-m", "bench.gateway_server", "--role", "ndxp", "--http", http,
                   "--port", str(port), *common]  # fmt: skip
            proc = procs.start(cmd, "1", port)
            hop = measure(label, f"http://127.0.0.1:{port}{query}",
                          [f"Authorization: {NDXP_AUTH}"], proc.pid, args)  # fmt: skip
            procs.stop(proc)
            ratios = {c: hop[c].rps / ngx[c].rps for c in (64, 8)}
            print(f"    -> rps/nginx -c64 {ratios[64]:.3f}; -c8 {ratios[8]:.3f}")
        print(f"\n  (medians of {args.runs}; nginx rps -c64 {statistics.median(ngx[64].runs):.0f})")
    finally:
        procs.stop_all()


if __name__ == "__main__":
    main()
