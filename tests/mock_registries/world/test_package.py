"""The world package's one door and its command (import rules: pyproject's import-linter
contract "The world model is below the registry views")."""

from __future__ import annotations

import mock_registries.world as world
from mock_registries.world.__main__ import main


def test_the_door_exports_what_views_need() -> None:
    for name in ("World", "WorldSettings", "Delays", "Person", "Enterprise", "Licence",
                 "BirthDeclaration", "check_world", "Rejected"):  # fmt: skip
        assert name in world.__all__


def test_the_check_command_exits_zero_on_a_healthy_world(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["check", "--sample", "60", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "No contradiction." in out and "I7 spouses" in out
