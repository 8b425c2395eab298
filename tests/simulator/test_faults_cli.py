"""``ndxp-sim faults`` against a running stack: enable a Phụ lục V scenario, see it act, move the
clock without losing it, undo it — with human output by default and JSON for scripts."""

from __future__ import annotations

import asyncio

import httpx
import orjson
import pytest

from mock_registries import REGISTRY_NAMES
from simulator.agreement import ComponentState
from simulator.cli import main
from simulator.faults_cli import states_text
from simulator.stack import Stack
from tests.gateway.identities import CCCD, MCDT, MCDT_SECRET, basic


async def _cli(*argv: str) -> int:
    return await asyncio.to_thread(main, list(argv))


def _urls(stack: Stack) -> list[str]:
    return [arg for name in REGISTRY_NAMES for arg in ("--url", stack.urls[name])]


async def test_enable_confirms_list_is_human_and_disable_undoes(
    stack: Stack, client: httpx.AsyncClient, capsys: pytest.CaptureFixture[str]
) -> None:
    urls = _urls(stack)
    assert await _cli("faults", *urls, "enable", "national-2024", "--ttl", "10m") == 0
    said = capsys.readouterr().out
    assert said.startswith("Đã bật kịch bản national-2024") and "10 phút" in said
    assert "scenarios" not in said  # a confirmation, not the whole list
    assert stack.fault_engine is not None and stack.fault_engine.active_scenario is not None

    assert await _cli("faults", *urls, "list") == 0
    listed = capsys.readouterr().out
    assert "Kịch bản đang bật: national-2024" in listed and "thanh-hoa" in listed
    assert await _cli("faults", *urls, "--json", "list") == 0
    assert orjson.loads(capsys.readouterr().out)["active"]["name"] == "national-2024"
    assert await _cli("faults", *urls, "list", "--json") == 0
    assert orjson.loads(capsys.readouterr().out)["active"]["name"] == "national-2024"
    assert await _cli("faults", *urls, "--lang", "en", "list") == 0
    assert "Active scenario: national-2024" in capsys.readouterr().out

    assert await _cli("faults", *urls, "disable") == 0
    assert "Đã tắt kịch bản national-2024" in capsys.readouterr().out
    assert stack.fault_engine.active_scenario is None
    body = orjson.dumps({"MaYeuCau": "1", "SoDinhDanh": CCCD})
    clean = await client.post(
        stack.urls["lgsp"] + "/apiCSDLDC/1.0/TraCuuThongTinCongDan",
        content=body,
        headers={"Authorization": basic(MCDT, MCDT_SECRET)},
    )
    assert clean.status_code == 200 and "x-sim-fault" not in clean.headers


async def test_moving_the_clock_keeps_the_scenario_and_its_remaining_ttl(
    stack: Stack, capsys: pytest.CaptureFixture[str]
) -> None:
    # The README's order: enable with a TTL, then move the clock a day forward. The engine
    # counts TTLs on the simulated clock, so this used to end the scenario silently.
    urls = _urls(stack)
    assert await _cli("faults", *urls, "enable", "ninh-thuan", "--ttl", "600") == 0
    assert await _cli("faults", *urls, "clock", "advance", "1d") == 0
    said = capsys.readouterr().out
    assert "Kịch bản ninh-thuan vẫn bật" in said
    engine = stack.fault_engine
    assert engine is not None and engine.active_scenario is not None
    left = engine.status()["active"]["expires_in_s"]
    assert 590 < left <= 600

    # 'set' takes the moment as typed (positional, no zone = Vietnam time); the in-process
    # stack shares one engine between its four mocks and is set once, not advanced four times.
    assert await _cli("faults", *urls, "clock", "set", "2030-06-04 09:00") == 0
    assert engine.clock.now().isoformat().startswith("2030-06-04T09:00")
    assert engine.active_scenario is not None

    assert await _cli("faults", *urls, "clock", "freeze") == 0
    assert await _cli("faults", *urls, "--lang", "en", "clock", "advance", "--seconds", "90") == 0
    said = capsys.readouterr().out
    assert "frozen, so the scenario's TTL is paused" in said
    assert engine.clock.now().isoformat().startswith("2030-06-04T09:01:30")


async def test_bad_input_unknown_scenario_and_dead_url_fail_cleanly(
    stack: Stack, capsys: pytest.CaptureFixture[str]
) -> None:
    url = stack.urls["dan_cu"]
    assert await _cli("faults", "--url", url, "enable", "khong-co") == 1
    assert "FAULT_SCENARIO_NOT_FOUND" in capsys.readouterr().err
    assert await _cli("faults", "--url", url, "--json", "enable", "khong-co") == 1
    assert orjson.loads(capsys.readouterr().out)["MaLoi"] == "FAULT_SCENARIO_NOT_FOUND"
    assert await _cli("faults", "--url", url, "clock", "set") == 2
    assert "faults clock set" in capsys.readouterr().err
    assert await _cli("faults", "--url", url, "clock", "set", "thứ ba") == 2
    assert "ISO 8601" in capsys.readouterr().err
    assert await _cli("faults", "--url", "http://127.0.0.1:9", "list") == 2
    assert "ndxp-sim up" in capsys.readouterr().err


async def test_a_change_that_missed_a_component_says_so_and_fails(
    stack: Stack, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only part of the deployment runs: the components reached change, the others are named
    and the exit status is 1 — never a bare "enabled"."""
    urls = ["--url", stack.urls["dan_cu"], "--url", "http://127.0.0.1:9"]
    assert await _cli("faults", *urls, "enable", "thanh-hoa") == 1
    said = capsys.readouterr().out
    assert said.startswith("Đã bật kịch bản thanh-hoa")
    assert "chỉ tới 1/2 thành phần" in said and "http://127.0.0.1:9" in said
    assert await _cli("faults", *urls, "--json", "--lang", "en", "disable") == 1
    assert orjson.loads(capsys.readouterr().out)["unreachable"] == ["http://127.0.0.1:9"]
    assert stack.fault_engine is not None and stack.fault_engine.active_scenario is None
    assert await _cli("faults", "--url", stack.urls["dan_cu"], "enable", "thanh-hoa") == 0
    assert "Cảnh báo" not in capsys.readouterr().out


async def test_show_names_each_rules_columns_and_where_it_arises(
    stack: Stack, capsys: pytest.CaptureFixture[str]
) -> None:
    url = stack.urls["dan_cu"]
    assert await _cli("faults", "--url", url, "show", "dak-lak") == 0
    shown = capsys.readouterr().out.splitlines()
    assert shown[1].startswith("  quy tắc") and "nơi phát sinh" in shown[1]
    assert any(
        line.split()[:4] == ["43.0", "lgsp-ndxp", "ho_tich", "reset_before"] for line in shown
    )
    assert await _cli("faults", "--url", url, "--lang", "en", "show", "dak-lak") == 0
    assert "arises at" in capsys.readouterr().out


def test_status_is_a_labelled_table_with_the_silent_components_below() -> None:
    states = [
        ComponentState("dan_cu", "u", "2026-06-15T10:00:00+07:00", True, "dak-lak", 2024),
        ComponentState("lgsp", "u", "2026-06-15T10:00:00+07:00", False, None, 2024),
        ComponentState("gplx", "u", error="unreachable: http://u/_admin/faults: connect_error"),
    ]
    lines = states_text(states, ["unreachable"], "vi")
    assert lines[0].split("  ")[0] == "thành phần" and "đồng hồ mô phỏng" in lines[0]
    assert set(lines[1]) == {"-", " "}
    assert lines[2].split()[:2] == ["dan_cu", "2026-06-15T10:00:00+07:00"]
    assert lines[3].split()[0] == "lgsp" and lines[3].split()[-2:] == ["-", "2024"]
    assert lines[4].split() == ["gplx", "không", "trả", "lời:", "không", "kết", "nối", "được",
                                "(connect_error)"]  # fmt: skip
    assert lines[5].startswith("CẢNH BÁO")
    english = states_text(states, [], "en")
    assert english[0].startswith("component")
    silent = [line.split() for line in english if line.startswith("gplx")]
    assert silent == [["gplx", "no", "answer:", "cannot", "connect", "(connect_error)"]]


async def test_an_unknown_scenario_is_refused_in_the_users_language(
    stack: Stack, capsys: pytest.CaptureFixture[str]
) -> None:
    urls = _urls(stack)
    assert await _cli("faults", *urls, "enable", "thanh-hao") == 1
    said = capsys.readouterr().err
    assert "FAULT_SCENARIO_NOT_FOUND: không có kịch bản lỗi 'thanh-hao'" in said, said
    assert await _cli("faults", *urls, "--lang", "en", "enable", "thanh-hao") == 1
    said = capsys.readouterr().err
    assert said.startswith("ndxp-sim: refused: FAULT_SCENARIO_NOT_FOUND: no fault scenario"), said
    assert "Không có" not in said  # the admin API's Vietnamese wording stays out of English
