"""Soak: the in-process stack at its top speed for half an hour — memory flat, the ledger within
its cap, no error answer.

    .venv/bin/python -m bench.bench_soak [--minutes 30] [--ledger-mib 64] [--warmup-minutes 5]

The whole stack runs in one process pinned to one core (``bench/stack_server.py``), the SQLite
ledger capped at ``--ledger-mib`` so that retention runs all along. wrk on the other core sends a
one-stop system's calls through the LGSP — the demo's four calls for 64 different identities,
in turn (dân cư, ĐKDN, hộ tịch, GPLX) — with 32 connections for the whole run. Every minute the
stack's resident memory, its threads and open file descriptors (the registries serve on a
loop in a thread of their own: neither may grow), the ledger's size on disk (file + WAL) and
the LGSP's answers by status are sampled; the summary adds memory's slope after the warm-up
(least squares, MiB/min). Verdict: memory after the warm-up grows by at most 10 %, the ledger never
exceeds its cap, and every answer is a 2xx (wrk's non-2xx and socket errors, the LGSP's
counters). The samples and the verdict go to stdout; ``bench/soak_results.txt`` keeps a run.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from bench.bench_gateway import LGSP_AUTH, free_port
from bench.bench_isolation import LOAD_CPU, STACK_CPU, spawn, stop
from simulator.demo import demo_calls

_LUA = """
local requests = {}
%s
local n = 0
request = function()
  n = n + 1
  return requests[(n %% #requests) + 1]
end
"""


def _lua(path: Path, identities: int) -> None:
    """A wrk script sending the demo's calls for ``identities`` identities in turn."""
    lines = []
    for index in range(identities):
        for call in demo_calls(index):
            body = json.dumps(call.body.decode()) if call.body else "nil"
            headers = (
                f'{{["Authorization"] = "{LGSP_AUTH}", ["Content-Type"] = "application/json"}}'
            )
            lines.append(
                f'table.insert(requests, wrk.format("{call.method}", {json.dumps(call.path)}, '
                f"{headers}, {body}))"
            )
    path.write_text(_LUA % "\n".join(lines), encoding="utf-8")


def _rss_bytes(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
    assert match is not None
    return int(match.group(1)) * 1024


def _threads(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"^Threads:\s+(\d+)", status, re.M)
    assert match is not None
    return int(match.group(1))


def _fds(pid: int) -> int:
    return sum(1 for _ in Path(f"/proc/{pid}/fd").iterdir())


class Sample(NamedTuple):
    elapsed: float  # seconds since the load began
    rss: int  # bytes
    ledger: int  # bytes on disk
    rate: float  # answers per second since the last sample
    threads: int
    fds: int


def _ledger_bytes(path: Path) -> int:
    total = 0
    for each in (path, path.with_name(path.name + "-wal")):
        if each.exists():
            total += each.stat().st_size
    return total


def _answers(lgsp: str) -> dict[str, float]:
    """The LGSP's answers so far, by status code."""
    text = urllib.request.urlopen(lgsp + "/metrics", timeout=30).read().decode()
    found: dict[str, float] = {}
    for line in text.splitlines():
        if line.startswith("gateway_requests_total{"):
            code = re.search(r'code="(\d+)"', line)
            if code is not None:
                found[code.group(1)] = found.get(code.group(1), 0.0) + float(line.split()[-1])
    return found


def _check_calls(lgsp: str) -> None:
    for call in demo_calls(0):
        request = urllib.request.Request(
            lgsp + call.path,
            data=call.body or None,
            method=call.method,
            headers={"Authorization": LGSP_AUTH, "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            assert answer.status == 200, (call.path, answer.status)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--warmup-minutes", type=float, default=5.0)
    parser.add_argument("--ledger-mib", type=int, default=64)
    parser.add_argument("--sample-seconds", type=float, default=60.0)
    args = parser.parse_args()
    names = ("dan_cu", "dkdn", "ho_tich", "gplx", "ndxp", "lgsp")
    ports = {name: free_port() for name in names}
    tmp = Path(tempfile.mkdtemp(prefix="bench_soak_"))
    ledger, cap = tmp / "ledger.sqlite", args.ledger_mib * 1024 * 1024
    stack = spawn(
        "bench.stack_server",
        ["--ports", json.dumps(ports), "--ledger", str(ledger), "--max-ledger-bytes", str(cap)],
        STACK_CPU,
    )
    lgsp = f"http://127.0.0.1:{ports['lgsp']}"
    script = tmp / "calls.lua"
    _lua(script, 64)
    seconds = int(args.minutes * 60)
    print(f"work dir {tmp}; {args.minutes:g} min, ledger cap {args.ledger_mib} MiB", flush=True)
    try:
        _check_calls(lgsp)
        load = subprocess.Popen(
            ["taskset", "-c", LOAD_CPU, "wrk", "-t1", "-c32", f"-d{seconds}s", "-s", str(script),
             lgsp + "/"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        samples = _sample(stack.pid, ledger, lgsp, load, args.sample_seconds)
        out, _ = load.communicate()
        final = _answers(lgsp)
    finally:
        stop(stack)
    _verdict(samples, out, final, cap, args.warmup_minutes * 60)


def _sample(
    pid: int, ledger: Path, lgsp: str, load: subprocess.Popen[str], every: float
) -> list[Sample]:
    """One :class:`Sample` every ``every`` seconds while the load runs."""
    samples: list[Sample] = []
    started = time.monotonic()
    previous = 0.0
    print(
        f"  {'min':>5} {'RSS MiB':>8} {'ledger MiB':>10} {'answers/s':>10} {'threads':>7} "
        f"{'fds':>4}  by status"
    )
    while load.poll() is None:
        time.sleep(every)
        if load.poll() is not None:
            break
        elapsed = time.monotonic() - started
        answers = _answers(lgsp)
        total = sum(answers.values())
        rate = (total - previous) / every
        previous = total
        sample = Sample(
            elapsed, _rss_bytes(pid), _ledger_bytes(ledger), rate, _threads(pid), _fds(pid)
        )
        samples.append(sample)
        print(
            f"  {elapsed / 60:5.1f} {sample.rss / 2**20:8.1f} {sample.ledger / 2**20:10.1f} "
            f"{rate:10.0f} {sample.threads:7d} {sample.fds:4d}  {answers}",
            flush=True,
        )
    return samples


def _verdict(
    samples: list[Sample],
    wrk_out: str,
    answers: dict[str, float],
    cap: int,
    warmup: float,
) -> None:
    after = [s for s in samples if s.elapsed >= warmup]
    if len(after) < 2:
        raise SystemExit("too short a run to judge memory after the warm-up")
    base = after[0].rss
    peak = max(s.rss for s in after)
    growth = peak / base - 1
    slope, _ = statistics.linear_regression(
        [s.elapsed / 60 for s in after], [s.rss / 2**20 for s in after]
    )
    biggest = max(s.ledger for s in samples)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", wrk_out)
    socket_errors = re.search(r"Socket errors: (.*)", wrk_out)
    errors = {code: n for code, n in answers.items() if not code.startswith("2")}
    requests = re.search(r"(\d+) requests in", wrk_out)
    print(
        f"\n  wrk: {requests.group(1) if requests else '?'} requests, "
        f"{statistics.median(s.rate for s in after):.0f} answers/s (median after warm-up)"
        f"\n  memory after warm-up: {base / 2**20:.1f} MiB -> peak {peak / 2**20:.1f} MiB "
        f"({growth:+.1%}; limit +10 %), slope {slope * 1024:+.0f} KiB/min"
        f"\n  threads {_span(s.threads for s in samples)}, open fds {_span(s.fds for s in samples)}"
        f"\n  ledger on disk: at most {biggest / 2**20:.1f} MiB (cap {cap / 2**20:.0f} MiB)"
        f"\n  error answers: wrk non-2xx {non_2xx.group(1) if non_2xx else 0}, socket errors "
        f"{socket_errors.group(1) if socket_errors else 'none'}, LGSP non-2xx {errors or 0}"
    )
    ok = growth <= 0.10 and biggest <= cap and not non_2xx and not socket_errors and not errors
    print(f"\n  verdict: {'PASS' if ok else 'FAIL'}")
    raise SystemExit(0 if ok else 1)


def _span(values: Iterable[int]) -> str:
    seen = list(values)
    return f"{min(seen)}-{max(seen)}" if min(seen) != max(seen) else str(seen[0])


if __name__ == "__main__":
    main()
