"""schemathesis against every mock on a real socket: every check (no 5xx, status codes and
bodies as documented, schema-valid requests accepted, schema-invalid ones refused with a 4xx,
405 with ``Allow`` for undocumented methods), over the examples, coverage and fuzzing phases.

The run is bounded (``MAX_EXAMPLES`` per operation and phase, fixed seed) so it fits CI; the
number of generated requests is printed (``pytest -s``) and must reach a floor.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mock_registries.factory import REGISTRY_NAMES, RegistryName
from tests.mock_registries.live import live_registry

MAX_EXAMPLES = 25
MIN_CASES = 300
ST = Path(sys.executable).with_name("st")


@pytest.mark.slow
@pytest.mark.parametrize("name", REGISTRY_NAMES)
def test_schemathesis_finds_nothing(name: RegistryName, tmp_path: Path) -> None:
    assert ST.exists() or shutil.which("st"), "schemathesis is part of the test extra"
    with live_registry(name) as base:
        run = subprocess.run(
            [
                str(ST),
                "run",
                f"{base}/openapi.json",
                "--checks",
                "all",
                "--phases",
                "examples,coverage,fuzzing",
                "--max-examples",
                str(MAX_EXAMPLES),
                "--seed",
                "1",
                "--workers",
                "1",
                "--no-color",
                "--warnings",
                "off",
            ],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=tmp_path,  # its cache stays out of the work tree
        )
    summary = run.stdout[-3000:]
    assert run.returncode == 0, summary
    cases = re.search(r"(\d+) generated, (\d+) passed", run.stdout)
    assert cases is not None, summary
    generated, passed = int(cases.group(1)), int(cases.group(2))
    print(f"schemathesis {name}: {generated} requests generated, {passed} passed")
    assert generated == passed >= MIN_CASES
