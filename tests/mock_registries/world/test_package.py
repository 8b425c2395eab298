"""The world package's one door and its import rules."""

from __future__ import annotations

import ast
from pathlib import Path

import mock_registries.world as world
from mock_registries.world.__main__ import main

PACKAGE = Path(world.__file__).parent
FORBIDDEN = ("mock_registries.dan_cu", "mock_registries.dkdn", "mock_registries.ho_tich",
             "mock_registries.gplx", "mock_registries.asgi", "mock_registries.faults", "gateway",
             "connectors", "loadtests", "simulator")  # fmt: skip


def test_the_world_imports_no_registry_app_and_no_harness() -> None:
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(FORBIDDEN), f"{path.name} imports {name}"


def test_the_door_exports_what_views_need() -> None:
    for name in ("World", "WorldSettings", "Delays", "Person", "Enterprise", "Licence",
                 "BirthDeclaration", "check_world", "Rejected"):  # fmt: skip
        assert name in world.__all__


def test_the_check_command_exits_zero_on_a_healthy_world(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["check", "--sample", "60", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "No contradiction." in out and "I7 spouses" in out
