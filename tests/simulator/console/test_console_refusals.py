"""The console's own refusals say what is wrong in the page's language — an unknown registry in
"try a call" or an unknown action answered just "? xxx"."""

from __future__ import annotations

from typing import Any, cast

from simulator.console.actions import Actions


def _actions() -> Actions:
    # Neither refusal reaches the transport; an unknown action not even the live monitor.
    return Actions(live=cast(Any, None), transport=cast(Any, None), lgsp_url="", seed=1)


async def test_an_unknown_registry_names_the_ones_there_are() -> None:
    vi = await _actions().try_({"registry": "Nguyễn Văn An 001080012345"}, "vi")
    assert (vi.ok, vi.status) == (False, 400)
    assert vi.message.startswith("Không có CSDL") and "dan_cu, dkdn, ho_tich" in vi.message
    assert "001080012345" not in vi.message  # what a tester typed is not echoed
    en = await _actions().try_({}, "en")
    assert en.message.startswith("Unknown registry")


async def test_an_unknown_action_is_named_as_such() -> None:
    outcome = await _actions().run("explode", {}, "vi")
    assert (outcome.ok, outcome.status) == (False, 404)
    assert outcome.message.startswith("Bảng điều khiển không có thao tác")
