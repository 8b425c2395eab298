"""schemathesis against every mock on a real socket: every check (no 5xx, status codes and
bodies as documented, schema-valid requests accepted, schema-invalid ones refused with a 4xx,
405 with ``Allow`` for undocumented methods), over the examples, coverage and fuzzing phases.

The run is bounded (``MAX_EXAMPLES`` per operation and phase, fixed seed) so it fits CI; the
number of generated requests is printed (``pytest -s``) and must reach a floor.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from mock_registries.factory import REGISTRY_NAMES, RegistryName
from tests.mock_registries.live import live_registry
from tests.schemathesis_cli import ST, generated_and_passed, st_run

MAX_EXAMPLES = 25
MIN_CASES = 300
# Per registry: what the OpenAPI document cannot say (a birth date after the simulated today).
CONFIGS = {"dan_cu": Path(__file__).with_name("schemathesis_dan_cu.toml")}


@pytest.mark.slow
@pytest.mark.parametrize("name", REGISTRY_NAMES)
def test_schemathesis_finds_nothing(name: RegistryName, tmp_path: Path) -> None:
    assert ST.exists() or shutil.which("st"), "schemathesis is part of the test extra"
    with live_registry(name) as base:
        run = subprocess.run(
            st_run(
                f"{base}/openapi.json",
                max_examples=MAX_EXAMPLES,
                checks="all",
                config=CONFIGS.get(name),
            ),
            capture_output=True,
            text=True,
            timeout=300,
            cwd=tmp_path,  # its cache stays out of the work tree
        )
    assert run.returncode == 0, run.stdout[-3000:]
    generated, passed = generated_and_passed(run.stdout)
    print(f"schemathesis {name}: {generated} requests generated, {passed} passed")
    assert generated == passed >= MIN_CASES
