"""Cold dân cư person generation: the world model against the old generator, same run.

For each run, a fresh ``World`` and a fresh ``mock_registries.data.citizens.Population`` look
up the same distinct CCCD numbers, none seen before (every memo empty — "cold"); a second row
warms the world's shared lineage table first (63,000 entries that a running server fills within
its first minutes, as the old generator fills its surname table). Prints medians of ``--runs``
(≥3) of CPU µs per person and the ratio to the old generator, then the time of ``world check``.

    .venv/bin/python -m bench.bench_world [--runs 3] [--people 3000] [--check 10000]
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import datetime

from mock_registries.clock import VIETNAM_TZ, Clock
from mock_registries.data.citizens import Population
from mock_registries.data.identity import PROVINCE_CODES
from mock_registries.samples import sample_identifiers
from mock_registries.world import World, check_world

MOMENT = datetime(2026, 6, 15, 10, 0, tzinfo=VIETNAM_TZ)


def _ids(run: int, count: int) -> list[str]:
    return [sample_identifiers(50_000 * (run + 1) + i).cccd for i in range(count)]


def _time(lookup: object, ids: list[str]) -> float:
    """CPU µs per look-up (process time: other work on the shared box does not count)."""
    started = time.process_time()
    for cccd in ids:
        lookup(cccd)  # type: ignore[operator]
    return (time.process_time() - started) / len(ids) * 1e6


def measure(run: int, count: int) -> tuple[float, float, float]:
    ids = _ids(run, count)
    old = Population(2024, 0.02)
    old_us = _time(lambda cccd: old.get(cccd, MOMENT.date()), ids)
    cold = World(2024, clock=Clock.frozen_at(MOMENT))
    world_us = _time(lambda cccd: cold.person(cccd, MOMENT), ids)
    warm = World(2024, clock=Clock.frozen_at(MOMENT))
    for province in PROVINCE_CODES:
        for lineage in range(1000):
            warm.lives.lineage(province, lineage)
    warm_us = _time(lambda cccd: warm.person(cccd, MOMENT), ids)
    return old_us, world_us, warm_us


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--check", type=int, default=10_000)
    args = parser.parse_args()
    rows = [measure(run, args.people) for run in range(max(3, args.runs))]
    old, world, warm = (statistics.median(column) for column in zip(*rows, strict=True))
    print(f"# {len(rows)} runs x {args.people} distinct CCCD, medians, µs per person")
    print(f"{'target':52} {'µs':>7} {'ratio':>6}  runs")
    for name, value, index in (
        ("old generator (data/citizens.Population.get)", old, 0),
        ("world.person, every memo cold", world, 1),
        ("world.person, lineage table warm", warm, 2),
    ):
        each = " ".join(f"{row[index]:.0f}" for row in rows)
        print(f"{name:52} {value:7.1f} {value / old:6.2f}  {each}")
    started = time.perf_counter()
    counts = check_world(2024, args.check)
    seconds = time.perf_counter() - started
    bad = sum(c.contradictions for c in counts.values())
    print(f"world check --sample {args.check}: {len(counts)} invariants, "
          f"{bad} contradictions, {seconds:.1f} s")  # fmt: skip


if __name__ == "__main__":
    main()
