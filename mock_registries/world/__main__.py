"""``python -m mock_registries.world check --sample N [--seed S]``: the world check.

Prints one line per invariant (checked, contradictions) and exits 1 on any contradiction.
Vietnamese by default; ``--lang en`` for English headings.
"""

from __future__ import annotations

import argparse
import sys
import time

from mock_registries.world.check import check_world
from mock_registries.world.settings import DEFAULT_SEED

_TEXT = {
    "vi": ("Kiểm tra thế giới: seed {seed}, {sample} mẫu, {seconds:.1f} s",
           "đã kiểm", "mâu thuẫn", "Không có mâu thuẫn.", "Có {n} mâu thuẫn."),
    "en": ("World check: seed {seed}, {sample} samples, {seconds:.1f} s",
           "checked", "contradictions", "No contradiction.", "{n} contradictions."),
}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mock_registries.world")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="sample identifiers and count invariants")
    check.add_argument("--sample", type=int, default=10_000)
    check.add_argument("--seed", type=int, default=DEFAULT_SEED)
    check.add_argument("--sample-seed", type=int, default=1)
    check.add_argument("--lang", choices=("vi", "en"), default="vi")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    counts = check_world(args.seed, args.sample, sample_seed=args.sample_seed)
    title, checked, bad, clean, dirty = _TEXT[args.lang]
    seconds = time.perf_counter() - started
    print(title.format(seed=args.seed, sample=args.sample, seconds=seconds))
    print(f"{checked:>9} {bad:>10}  invariant")
    for name, count in counts.items():
        print(f"{count.checked:>9} {count.contradictions:>10}  {name}")
        for example in count.examples:
            print(f"{'':>21}  ↳ {example}")
    total = sum(c.contradictions for c in counts.values())
    print(clean if total == 0 else dirty.format(n=total))
    return 0 if total == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
