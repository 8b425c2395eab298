"""The house rules, checked on the code as it is: which package may import which (import-linter
contracts in pyproject.toml, lazy and TYPE_CHECKING imports included, no circles), and the
size of modules and functions (DEVELOPERS.md "Style")."""

from __future__ import annotations

import ast
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("gateway", "connectors", "mock_registries", "loadtests", "simulator")
MAX_MODULE_LINES = 400
MAX_MEDIAN_MODULE_LINES = 150
MAX_FUNCTION_LINES = 60
# Modules and functions allowed over the limit, each with its reason. Keep these lists short.
LONG_MODULES: dict[str, str] = {}
LONG_FUNCTIONS: dict[str, str] = {}


def _modules() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def test_import_contracts_hold() -> None:
    tool = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(tool), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_modules_stay_small() -> None:
    sizes = {p.relative_to(ROOT).as_posix(): len(p.read_text().splitlines()) for p in _modules()}
    too_long = {
        name: n for name, n in sizes.items() if n > MAX_MODULE_LINES and name not in LONG_MODULES
    }
    assert not too_long, f"modules over {MAX_MODULE_LINES} lines: {too_long}"
    assert statistics.median(sizes.values()) <= MAX_MEDIAN_MODULE_LINES


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_functions_stay_short(path: Path) -> None:
    tree = ast.parse(path.read_text(), filename=str(path))
    where = path.relative_to(ROOT).as_posix()
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
        and f"{where}:{node.name}" not in LONG_FUNCTIONS
    ]
    assert not long, f"{where}: functions over {MAX_FUNCTION_LINES} lines: {long}"
