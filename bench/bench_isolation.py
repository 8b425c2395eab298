"""One registry hung, 500 callers waiting on it: does another registry keep its throughput?

    .venv/bin/python -m bench.bench_isolation [--callers 500] [--runs 5] [--duration 10]

The whole stack (four mocks, NDXP, LGSP, SQLite ledger) runs in one process pinned to one core,
as ``ndxp-sim up`` does (``bench/stack_server.py``). GPLX look-ups through the LGSP are measured
with wrk on the other core, alternately (A) alone and (B) while ``--callers`` clients call dân
cư, whose mock hangs every call (``X-Sim-Fault: hang``), from a process of their own on wrk's
core. The ratio is median(B) / median(A) over ``--runs`` pairs (A B, then B A, …), measured in
the same run: the per-provider breaker, bulkhead and connection pool of every hop
(``gateway/hops.py``) must keep it ≥ 0.95.

The dân cư callers behave as an integration that waits for its answers: each has one call in
flight at a time, re-sends when the answer comes, and honours ``Retry-After`` when the gateway
refuses a call it did not send (open breaker, full bulkhead) — capped at 5 s. What they got is
printed (statuses), with the LGSP's own count of calls it refused.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench.bench_gateway import LGSP_AUTH, PY, ROOT, free_port, wait_port, wrk

GPLX = "/apiDVC-GPLX/tcdbdvcdata/traCuuGPLX?soGPLX=010123456789"
DAN_CU = "/apiCSDLDC/1.0/TraCuuThongTinCongDan"
STACK_CPU, LOAD_CPU = "1", "0"


async def _call_forever(
    session: object, url: str, body: bytes, seen: Counter[str], stop: asyncio.Event
) -> None:
    import aiohttp

    assert isinstance(session, aiohttp.ClientSession)
    headers = {
        "Authorization": LGSP_AUTH,
        "Content-Type": "application/json",
        "X-Sim-Fault": "hang",
    }
    while not stop.is_set():
        try:
            async with session.post(url, data=body, headers=headers) as answer:
                await answer.read()
                seen[str(answer.status)] += 1
                wait = float(answer.headers.get("retry-after", "0") or 0)
        except (aiohttp.ClientError, TimeoutError) as exc:
            seen[type(exc).__name__] += 1
            wait = 1.0
        if wait:
            await asyncio.sleep(min(wait, 5.0))


async def _callers(url: str, count: int) -> None:
    import aiohttp

    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    seen: Counter[str] = Counter()
    body = json.dumps({"MaYeuCau": "bench", "SoDinhDanh": "001080012345"}).encode()
    # Idle connections closed before the gateway's keep-alive limit (5 s) would: no resets.
    connector = aiohttp.TCPConnector(limit=count + 10, keepalive_timeout=3.0)
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        tasks = [
            asyncio.create_task(_call_forever(session, url, body, seen, stop)) for _ in range(count)
        ]
        print("ready", flush=True)
        await stop.wait()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    print(json.dumps(dict(seen)), flush=True)


def spawn(module: str, args: list[str], cpu: str) -> subprocess.Popen[str]:
    """``python -m module args`` pinned to ``cpu``, in a session of its own; returns once it
    printed ``ready``."""
    proc = subprocess.Popen(
        ["taskset", "-c", cpu, PY, "-m", module, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    assert proc.stdout is not None
    if proc.stdout.readline().strip() != "ready":
        proc.kill()
        raise RuntimeError(f"{module} {args[:1]} did not start")
    return proc


def stop(proc: subprocess.Popen[str]) -> str:
    """SIGTERM to its session, its remaining output."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        out, _ = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
    return out


def _refused(lgsp: str) -> dict[str, float]:
    """The LGSP's calls to dân cư refused without sending (breaker, bulkhead)."""
    import urllib.request

    text = urllib.request.urlopen(lgsp + "/metrics", timeout=10).read().decode()
    found: dict[str, float] = {}
    for line in text.splitlines():
        for name in ("gateway_circuit_breaker_rejected_total", "gateway_bulkhead_rejected_total"):
            if line.startswith(name) and 'upstream="ndxp/dan_cu"' in line:
                found[name.removeprefix("gateway_").removesuffix("_total")] = float(
                    line.split()[-1]
                )
    return found


def _measure(lgsp: str, args: argparse.Namespace, pid: int, label: str) -> float:
    result = wrk(lgsp + GPLX, args.conns, args.duration, [f"Authorization: {LGSP_AUTH}"], pid)
    print(f"  {label:<40} {result.rps:7.0f} rps  p99 {result.p99_ms:6.1f} ms  "
          f"non-2xx {result.non_2xx}  stack cpu-us/GPLX call {result.cpu_us_per_req:.0f}",
          flush=True)  # fmt: skip
    if result.non_2xx:
        raise RuntimeError("GPLX answered errors: isolation failed")
    return result.rps


def _measure_hung(lgsp: str, args: argparse.Namespace, pid: int, run: int) -> float:
    callers = spawn(
        "bench.bench_isolation",
        ["callers", "--url", lgsp + DAN_CU, "--callers", str(args.callers)],
        LOAD_CPU,
    )
    try:
        time.sleep(args.settle)  # every caller has met the hung registry at least once
        rps = _measure(lgsp, args, pid, f"run {run + 1} B  dân cư hung, {args.callers} callers")
    finally:
        seen = json.loads(stop(callers).strip().splitlines()[-1])
    print(f"      dân cư answers to the callers: {seen}", flush=True)
    return rps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("mode", nargs="?", default="bench", choices=("bench", "callers"))
    parser.add_argument("--callers", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--conns", type=int, default=32, help="wrk connections on GPLX")
    parser.add_argument("--settle", type=float, default=8.0, help="seconds before measuring B")
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    import uvloop

    if args.mode == "callers":
        uvloop.run(_callers(args.url, args.callers))
    else:
        bench(args)


def bench(args: argparse.Namespace) -> None:
    names = ("dan_cu", "dkdn", "ho_tich", "gplx", "ndxp", "lgsp")
    ports = {name: free_port() for name in names}
    tmp = Path(tempfile.mkdtemp(prefix="bench_isolation_"))
    stack = spawn(
        "bench.stack_server",
        ["--ports", json.dumps(ports), "--ledger", str(tmp / "ledger.sqlite")],
        STACK_CPU,
    )
    lgsp = f"http://127.0.0.1:{ports['lgsp']}"
    wait_port(ports["lgsp"], stack)  # type: ignore[arg-type]
    alone: list[float] = []
    hung: list[float] = []
    print(f"work dir {tmp}; GPLX through the LGSP, wrk -c{args.conns} {args.duration:g}s\n")
    try:
        wrk(lgsp + GPLX, args.conns, 2, [f"Authorization: {LGSP_AUTH}"], None)  # warm-up
        for run in range(args.runs):
            # A then B, then B then A: a drift of the shared machine does not favour one side.
            for phase in "AB" if run % 2 == 0 else "BA":
                if phase == "A":
                    alone.append(_measure(lgsp, args, stack.pid, f"run {run + 1} A  GPLX alone"))
                else:
                    hung.append(_measure_hung(lgsp, args, stack.pid, run))
        ratio = statistics.median(hung) / statistics.median(alone)
        pairs = [b / a for a, b in zip(alone, hung, strict=True)]
        print(
            f"\n  GPLX with dân cư hung / alone: {ratio:.3f} (medians of {args.runs}; "
            f"A {[round(x) for x in alone]}, B {[round(x) for x in hung]}; per pair "
            f"{[round(p, 3) for p in pairs]}, median {statistics.median(pairs):.3f})"
            f"\n  LGSP refusals of dân cư calls (not sent): {_refused(lgsp)}"
        )
    finally:
        stop(stack)
    sys.exit(0 if ratio >= 0.95 else 1)


if __name__ == "__main__":
    main()
