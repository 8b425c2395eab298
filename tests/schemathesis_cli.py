"""The schemathesis command line as the fuzz tests run it: every phase (examples, coverage,
fuzzing), a fixed seed, one worker (its coverage phase is not thread-safe), and its summary
read back."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["ST", "generated_and_passed", "st_run"]

ST = Path(sys.executable).with_name("st")


def st_run(
    schema: str,
    *,
    max_examples: int,
    checks: str,
    extra: Sequence[str] = (),
    config: Path | None = None,
) -> list[str]:
    return [
        str(ST),
        *(("--config-file", str(config)) if config is not None else ()),
        "run",
        schema,
        *extra,
        "--checks",
        checks,
        "--phases",
        "examples,coverage,fuzzing",
        "--max-examples",
        str(max_examples),
        "--seed",
        "1",
        "--workers",
        "1",
        "--no-color",
        "--warnings",
        "off",
    ]


def generated_and_passed(stdout: str) -> tuple[int, int]:
    """The run's ``N generated, M passed``; fails the test when the summary is missing."""
    cases = re.search(r"(\d+) generated, (\d+) passed", stdout)
    assert cases is not None, stdout[-3000:]
    return int(cases.group(1)), int(cases.group(2))
