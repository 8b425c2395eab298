"""Cold dân cư look-ups: the world model against the generator it replaced, in the same run.

The old generator (``mock_registries/data/citizens.py``, deleted by #13) is extracted from
``--old-ref`` with ``git archive`` into a temporary folder (no worktree is touched) and run in
child processes beside the world's, interleaved: old, world, old, world… Each child looks up the
same distinct CCCD numbers — drawn like residents (province by census weight, birth year 1925 to
now) — none seen before: every memo cold. Rows:

- ``old generator``: ``Population.get`` (its records named relatives that did not exist);
- ``world.person, every memo cold``: a fresh ``World`` per run;
- ``world.person, clans warm``: the 63,000 paternal clans (surname, ethnicity, religion) built
  first, as a running server has them within minutes (the old generator's surname table alike);
- ``… + CongDan JSON``: the look-up as the dân cư mock answers it (record and its encoding),
  old view against new view.

Each child sets up its side, then freezes its start-up heap (``gc.collect(); gc.freeze()``) and
sets the collector's thresholds to the serving ones (``simulator.run.SERVING_GC_THRESHOLDS``,
passed down with ``--gc``) as the mock servers do once their components are built
(``simulator.run.freeze_startup_heap``), old and world alike: a full collection during the
look-ups scans what they allocated, not the imports and tables again. ``--gc 700,10,10`` gives
CPython's defaults. A run of a few thousand look-ups sees few collections of the second
generation under the serving thresholds (one per ~100,000 net container allocations), so its
share of a long-running server's collector work is slightly under-counted, on both sides.

Prints medians of ``--runs`` (≥3) of CPU µs per person and the ratio to the old generator, then
the time of ``ndxp-sim world check --sample``. CPU time on a shared box drifts; ``--instructions``
adds the repeatable figure: user-space instructions per cold look-up (old generator and
``world.person``) counted by valgrind's callgrind, a child with 1,001 identifiers minus one with
1 (imports, set-up and one-time tables cancel out). ``--cache`` counts the same look-ups with
cachegrind instead (``--cache-sim --branch-sim``, a 1 MB last-level cache as this EPYC's L2 per
core, ``PYTHONHASHSEED=0`` so that dict layouts repeat): instructions, D1 and last-level misses,
branch mispredicts. ``--objects`` adds what the collector sees: containers a cold look-up adds
to the young generation (how often it runs) and those still tracked after a full collection
(what its later passes walk) — exact tuples of atoms are untracked then. ``--calls`` adds the
function calls per cold look-up that cProfile counts (every row; C functions included, and of
them the Python functions: frames the interpreter enters).

    .venv/bin/python -m bench.bench_world [--runs 5] [--people 3000] [--check 10000]
                                          [--instructions] [--cache] [--objects] [--calls]
                                          [--gc 10000,10,10]
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import random
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OLD_REF = "880116a"  # the last commit with mock_registries/data/citizens.py
TARGETS = ("old", "world", "warm", "old_json", "world_json")
COUNTED = ("old", "world")  # callgrind runs ≈50x slower: the cold look-up alone
NAMES = {
    "old": "old generator (data/citizens.Population.get)",
    "world": "world.person, every memo cold",
    "warm": "world.person, clans warm",
    "old_json": "old generator + CongDan JSON (old view)",
    "world_json": "world.person + CongDan JSON (view)",
}


def _ids(run: int, count: int) -> list[str]:
    """Identifiers drawn like residents (this tree's sampler; the children read them)."""
    from mock_registries.data.identity import format_cccd
    from mock_registries.world.check_rules import sample_people

    rng = random.Random(f"bench-world:{run}")
    return [format_cccd(parts) for parts in sample_people(rng, count, _moment())]


def _moment():  # type: ignore[no-untyped-def]
    from datetime import datetime

    from mock_registries.clock import VIETNAM_TZ

    return datetime(2026, 6, 15, 10, 0, tzinfo=VIETNAM_TZ)


def _lookup(target: str):  # type: ignore[no-untyped-def]
    """The look-up function of ``target`` (a child process imports only its side)."""
    import orjson  # both JSON rows encode (until 2026-12-06 the old row stopped at the dict)

    moment = _moment()
    if target.startswith("old"):
        from mock_registries.data.citizens import Population  # type: ignore

        from mock_registries.dan_cu.view import congdan_json as old_json  # type: ignore

        old = Population(2024, 0.02)
        if target == "old":
            return lambda cccd: old.get(cccd, moment.date())

        def old_answer(cccd: str) -> object:
            found = old.get(cccd, moment.date())
            return None if found is None else orjson.dumps(old_json(found, moment.date()))

        return old_answer
    from mock_registries.clock import Clock
    from mock_registries.dan_cu.view import congdan_json
    from mock_registries.data.identity import PROVINCE_CODES
    from mock_registries.world import World

    world = World(2024, clock=Clock.frozen_at(moment))
    if target == "warm":
        for province in PROVINCE_CODES:
            for lineage in range(1000):
                world.lives.clan(province, lineage)
    if target == "world_json":

        def answer(cccd: str) -> object:
            found = world.person(cccd, moment)
            return None if found is None else orjson.dumps(congdan_json(found))

        return answer
    return lambda cccd: world.person(cccd, moment)


def child(target: str, ids_file: Path, thresholds: tuple[int, ...], objects: bool,
          calls: bool = False) -> None:  # fmt: skip
    """Child process: CPU µs per look-up of the fresh identifiers in ``ids_file`` (``objects``:
    young-generation containers and tracked objects left per look-up, the collector off;
    ``calls``: function calls per look-up as cProfile counts them, C functions included)."""
    ids = ids_file.read_text().split()
    lookup = _lookup(target)
    if objects or calls:  # one-time tables out of the count
        lookup(ids.pop(0))
    if calls:
        _count_calls(lookup, ids)
        return
    gc.collect()  # as simulator.run.freeze_startup_heap (not importable from the old tree)
    gc.freeze()
    gc.set_threshold(*thresholds)
    if objects:
        gc.disable()
    young, tracked = gc.get_count()[0], len(gc.get_objects())
    started = time.process_time()
    for cccd in ids:
        lookup(cccd)
    spent = time.process_time() - started
    if objects:
        young = gc.get_count()[0] - young
        gc.collect()
        tracked = len(gc.get_objects()) - tracked
        print(young / len(ids), tracked / len(ids))
        return
    print(spent / len(ids) * 1e6)


def _count_calls(lookup: Callable[[str], object], ids: list[str]) -> None:
    """Prints calls per look-up: all, then those of Python functions (frames)."""
    import cProfile
    import pstats

    profile = cProfile.Profile()
    profile.enable()
    for cccd in ids:
        lookup(cccd)
    profile.disable()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    every = sum(row[1] for row in stats.values())
    frames = sum(row[1] for (path, _, _), row in stats.items() if path != "~")
    print(every / len(ids), frames / len(ids))


def _extract(ref: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "archive", ref, "mock_registries"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def _measure(target: str, ids_file: Path, old_path: Path, gc_arg: str) -> float:
    env = dict(os.environ)
    # Old targets run the extracted tree (its data/citizens.py and views), world ones this one.
    home = old_path if target.startswith("old") else ROOT
    env["PYTHONPATH"] = str(home)
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.bench_world",
            "--child",
            target,
            "--ids",
            str(ids_file),
            "--gc",
            gc_arg,
        ],  # fmt: skip
        cwd=home,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


CACHEGRIND = ["--tool=cachegrind", "--cache-sim=yes", "--branch-sim=yes", "--LL=1048576,16,64"]


def _counted(target: str, ids_file: Path, old_path: Path, folder: Path,
             gc_arg: str, cache: bool) -> dict[str, float]:  # fmt: skip
    """Valgrind's counts per look-up of ``target`` over the identifiers of ``ids_file``: callgrind
    instructions (``Ir``), or cachegrind's events (``cache``)."""
    ids = ids_file.read_text().split()  # the first one only warms up (both children have it)
    counts: list[dict[str, int]] = []
    for size in (1, len(ids)):
        subset, out_file = folder / f"cg-{target}-{size}.txt", folder / "cg.out"
        subset.write_text("\n".join(ids[:size]))
        home = old_path if target.startswith("old") else ROOT
        tool = [*CACHEGRIND, f"--cachegrind-out-file={out_file}"] if cache else [
            "--tool=callgrind", f"--callgrind-out-file={out_file}"]  # fmt: skip
        env = dict(os.environ, PYTHONPATH=str(home), PYTHONHASHSEED="0")
        out = subprocess.run(
            ["valgrind", *tool, sys.executable, "-m", "bench.bench_world", "--child", target,
             "--ids", str(subset), "--gc", gc_arg],
            cwd=home, env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        if not cache:
            counts.append({"Ir": int(out.stderr.split("Collected :")[1].split()[0])})
            continue
        lines = out_file.read_text().splitlines()
        events = next(line for line in lines if line.startswith("events:")).split()[1:]
        summary = next(line for line in lines if line.startswith("summary:")).split()[1:]
        counts.append(dict(zip(events, map(int, summary), strict=True)))
    return {k: (counts[1][k] - counts[0][k]) / (len(ids) - 1) for k in counts[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--check", type=int, default=10_000)
    parser.add_argument("--old-ref", default=OLD_REF)
    parser.add_argument("--child", choices=TARGETS)
    parser.add_argument("--ids", type=Path)
    parser.add_argument("--instructions", action="store_true", help="add callgrind counts")
    parser.add_argument("--cache", action="store_true", help="add cachegrind counts")
    parser.add_argument("--objects", action="store_true", help="add the collector's objects")
    parser.add_argument("--calls", action="store_true", help="add calls per look-up (cProfile)")
    parser.add_argument("--gc", help="the children's gc thresholds (default: the servers')")
    args = parser.parse_args()
    if args.child:
        thresholds = tuple(int(value) for value in args.gc.split(","))
        child(args.child, args.ids, thresholds, args.objects, args.calls)
        return
    if args.gc is None:
        from simulator.run import SERVING_GC_THRESHOLDS

        args.gc = ",".join(str(value) for value in SERVING_GC_THRESHOLDS)
    with tempfile.TemporaryDirectory() as folder:
        old_path = _extract(args.old_ref, Path(folder) / "old")
        (old_path / "bench").mkdir()
        (old_path / "bench" / "__init__.py").write_text("")
        (old_path / "bench" / "bench_world.py").write_text(Path(__file__).read_text())
        rows: dict[str, list[float]] = {target: [] for target in TARGETS}
        for run in range(max(3, args.runs)):
            ids_file = Path(folder) / f"ids-{run}.txt"
            ids_file.write_text("\n".join(_ids(run, args.people)))
            for target in TARGETS:  # interleaved: drift on the shared box hits every row alike
                rows[target].append(_measure(target, ids_file, old_path, args.gc))
        extra = _counts(args, Path(folder), old_path)
    _report(rows, args)
    print("\n".join(extra))


def _counts(args: argparse.Namespace, folder: Path, old_path: Path) -> list[str]:
    """The repeatable rows (``--instructions``, ``--cache``, ``--objects``, ``--calls``) over
    1,001 ids."""
    ids_file = folder / "ids-counted.txt"
    ids_file.write_text("\n".join(_ids(99, 1001)))
    lines = []
    for cache in [False] * args.instructions + [True] * args.cache:
        counted = {t: _counted(t, ids_file, old_path, folder, args.gc, cache) for t in COUNTED}
        for target, count in counted.items():
            ratio = count["Ir"] / counted["old"]["Ir"]
            line = f"{NAMES[target]:48} {count['Ir'] / 1000:7.1f}k instructions  {ratio:5.2f}"
            if cache:
                d1 = count["D1mr"] + count["D1mw"]
                ll = count["DLmr"] + count["DLmw"] + count["ILmr"]
                line += (f"  D1 misses {d1 / 1000:.2f}k  LL misses {ll / 1000:.3f}k"
                         f"  mispredicts {(count['Bcm'] + count['Bim']) / 1000:.2f}k")  # fmt: skip
            lines.append(line)
    for target in COUNTED if args.objects else ():
        young, tracked = _child_figures(target, ids_file, old_path, args.gc, "--objects")
        lines.append(f"{NAMES[target]:48} per look-up: {young:5.2f} young containers, "
                     f"{tracked:5.2f} still tracked after a full collection")  # fmt: skip
    for target in TARGETS if args.calls else ():
        every, frames = _child_figures(target, ids_file, old_path, args.gc, "--calls")
        lines.append(f"{NAMES[target]:48} per look-up: {every:6.1f} calls, "
                     f"{frames:6.1f} of them Python functions (cProfile)")  # fmt: skip
    return lines


def _child_figures(target: str, ids_file: Path, old_path: Path, gc_arg: str,
                   flag: str) -> tuple[float, float]:  # fmt: skip
    """The two figures a child prints with ``flag`` (``--objects``, ``--calls``)."""
    home = old_path if target.startswith("old") else ROOT
    out = subprocess.run(
        [sys.executable, "-m", "bench.bench_world", "--child", target, "--ids", str(ids_file),
         "--gc", gc_arg, flag],
        cwd=home, env=dict(os.environ, PYTHONPATH=str(home)),
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    first, second = map(float, out.stdout.split())
    return first, second


def _report(rows: dict[str, list[float]], args: argparse.Namespace) -> None:
    runs = len(rows["old"])
    print(
        f"# {runs} runs x {args.people} distinct CCCD (drawn like residents), interleaved child "
        f"processes, medians of CPU µs per look-up; old = git archive {args.old_ref}; "
        f"gc thresholds {args.gc} in both"
    )
    print(f"{'target':48} {'µs':>7} {'ratio':>6}  {'per-run ratio':>14}  runs")
    for target in TARGETS:
        base = "old_json" if target.endswith("json") else "old"
        ratios = [t / b for t, b in zip(rows[target], rows[base], strict=True)]
        each = " ".join(f"{value:.0f}" for value in rows[target])
        print(
            f"{NAMES[target]:48} {statistics.median(rows[target]):7.1f} "
            f"{statistics.median(ratios):6.2f}  {min(ratios):6.2f}–{max(ratios):<6.2f}  {each}"
        )
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "simulator.cli", "world", "check", "--sample", str(args.check)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    last = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr
    print(f"ndxp-sim world check --sample {args.check}: exit {result.returncode}, "
          f"{seconds:.1f} s wall — {last}")  # fmt: skip


if __name__ == "__main__":
    main()
