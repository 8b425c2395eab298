"""User-space instructions per proxied request, counted by valgrind's callgrind: one gateway hop
against the same server with no broker logic (the floor) and with no upstream at all.

    .venv/bin/python -m bench.bench_instructions [--seconds 8] [--before REF]

``--before REF`` also counts the two hop cases as committed at ``REF`` (``git archive``), with
the same fixture and upstream: a before/after from one run.

Why a second benchmark: on this shared VM wall-clock CPU per request moves by ±30 % from one
minute to the next, so two builds compared by wrk alone need many interleaved runs. Instruction
counts repeat to ~0.1 % (``../shared/research``: callgrind counts instructions, not seconds),
so a change to the hot path can be judged in one run. What they do not see: system calls and
the kernel's loopback TCP work (the coalesced writes of ``gateway.server`` save there), cache
misses, and waiting — wall-clock numbers stay ``bench/bench_gateway.py``'s job.

Each server starts under ``valgrind --tool=callgrind --instr-atstart=no``; instrumentation is
switched on (``callgrind_control -i on``) only after start-up and a warm-up, for a fixed wrk
run of 8 connections, and the counted total is divided by the requests wrk completed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_gateway import (
    DKDN_XROAD,
    NDXP_AUTH,
    PY,
    ROOT,
    Procs,
    extract_tree,
    free_port,
    nginx,
    wait_port,
    write_fixtures,
)

CASES = (
    # (label, gateway_server arguments, headers)
    ("uvicorn + raw ASGI, no upstream", ["--role", "static"], []),
    ("floor: raw ASGI + raw transport", ["--role", "rawproxy"], []),
    ("gateway ndxp hop (raw transport)", ["--role", "ndxp"], [f"Authorization: {NDXP_AUTH}"]),
    (
        "the same hop + SQLite ledger thread",
        ["--role", "ndxp", "--ledger", "sqlite"],
        [f"Authorization: {NDXP_AUTH}"],
    ),
)


def count(
    procs: Procs, args: list[str], headers: list[str], seconds: float, out: Path,
    home: Path = ROOT,
) -> tuple[int, int]:  # fmt: skip
    """(requests, instructions) of one wrk run against one server under callgrind."""
    port = free_port()
    cmd = [
        "valgrind",
        "--tool=callgrind",
        "--instr-atstart=no",
        f"--callgrind-out-file={out}",
        PY,
        "-m",
        "bench.gateway_server",
        "--port",
        str(port),
        *args,
    ]
    proc = subprocess.Popen(
        cmd,
        cwd=home,
        env=None if home == ROOT else {**os.environ, "PYTHONPATH": str(home)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    procs.procs.append(proc)
    wait_port(port, proc, timeout=180)
    url = f"http://127.0.0.1:{port}{DKDN_XROAD}?msdn=0101234567"
    wrk = ["wrk", "-t1", "-c8"]
    for header in headers:
        wrk += ["-H", header]
    subprocess.run([*wrk, "-d2s", url], capture_output=True, check=True)  # warm-up, uncounted
    subprocess.run(
        ["callgrind_control", "-i", "on", str(proc.pid)], capture_output=True, check=True
    )
    result = subprocess.run(
        [*wrk, f"-d{seconds:g}s", url], capture_output=True, text=True, check=True
    ).stdout
    subprocess.run(
        ["callgrind_control", "-i", "off", str(proc.pid)], capture_output=True, check=True
    )
    subprocess.run(["callgrind_control", "-d", str(proc.pid)], capture_output=True, check=True)
    procs.stop(proc)
    requests = int(re.search(r"(\d+) requests in", result).group(1))  # type: ignore[union-attr]
    if requests == 0 or "Non-2xx" in result or "Socket errors" in result:
        raise RuntimeError(f"{args} did not answer wrk cleanly:\n{result}")
    instructions = 0
    deadline = time.monotonic() + 10
    while not instructions and time.monotonic() < deadline:
        for dump in out.parent.glob(out.name + "*"):
            for line in dump.read_text(errors="replace").splitlines():
                if line.startswith(("summary:", "totals:")):
                    instructions = max(instructions, int(line.split()[1]))
        time.sleep(0.2)
    return requests, instructions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=8.0, help="counted wrk run per case")
    parser.add_argument(
        "--before", help="git ref: also count the two hop cases as committed there (same fixture)"
    )
    args = parser.parse_args()
    for tool in ("valgrind", "callgrind_control", "nginx", "wrk"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is required (scripts/install-system-deps)")
    tmp = Path(tempfile.mkdtemp(prefix="bench_instructions_"))
    catalog, _ = write_fixtures(tmp)
    procs = Procs()
    upstream = free_port()
    try:
        nginx(
            procs,
            tmp,
            "upstream",
            "0",
            upstream,
            f"server {{ listen 127.0.0.1:{upstream}; location / {{ "
            f"default_type application/json; root {tmp}; try_files /data.json =404; }} }}",
        )
        common = ["--upstream", f"http://127.0.0.1:{upstream}", "--catalog", str(catalog)]
        print(f"work dir {tmp}; user-space instructions per request (callgrind), wrk -c8\n")
        per_request: dict[str, float] = {}
        for label, case_args, headers in CASES:
            out = tmp / f"callgrind.{len(per_request)}"
            requests, instructions = count(procs, [*case_args, *common], headers, args.seconds, out)
            per_request[label] = instructions / requests
            print(
                f"  {label:<36} {per_request[label]:>9,.0f} instructions/request  ({requests} req)"
            )
        static, floor, hop, with_sqlite = list(per_request.values())[:4]
        if args.before:
            home = extract_tree(args.before, tmp / "before")
            for label, case_args, headers in CASES[2:]:
                out = tmp / f"callgrind.before.{label[:8]}"
                requests, instructions = count(
                    procs, [*case_args, *common], headers, args.seconds, out, home
                )
                name = f"{label} @{args.before}"
                print(f"  {name:<36} {instructions / requests:>9,.0f} instructions/request"
                      f"  ({requests} req)")  # fmt: skip
        print(
            f"\n  gateway hop / floor {hop / floor:.2f}x; broker logic {hop - floor:,.0f} "
            f"instructions/request; transport {floor - static:,.0f}; uvicorn + ASGI {static:,.0f}"
            f"\n  the SQLite ledger (writer thread, all threads counted) adds "
            f"{with_sqlite - hop:,.0f} instructions/request"
        )
    finally:
        procs.stop_all()


if __name__ == "__main__":
    main()
