"""What a first-time user meets when something is wrong: one clear line on stderr and exit code
2, never a traceback; plus --version, --lang and plain help. Real subprocesses."""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.cli import build_parser
from simulator.timeparse import parse_duration
from tests.stack_process import free_ports


def _run(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("NDXP_")}
    return subprocess.run(
        [sys.executable, "-m", "simulator.cli", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**clean, **(env or {})},
    )


def _one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize("component", ["ndxp", "console", "ho_tich"])
def test_busy_port_names_the_component_and_its_variable(component: str) -> None:
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    busy = holder.getsockname()[1]
    names = ("lgsp", "ndxp", "dan_cu", "dkdn", "ho_tich", "gplx", "console")
    env = {f"NDXP_PORTS__{n.upper()}": str(p) for n, p in zip(names, free_ports(7), strict=True)}
    env[f"NDXP_PORTS__{component.upper()}"] = str(busy)
    try:
        line = _one_line(_run("up", env=env))
    finally:
        holder.close()
    assert line.startswith(f"ndxp-sim: {component}: không mở được cổng 127.0.0.1:{busy}")
    assert f"NDXP_PORTS__{component.upper()}=" in line
    assert "LGSP" not in line or component == "lgsp"


def test_bad_setting_names_the_variable_and_the_problem() -> None:
    line = _one_line(_run("up", env={"NDXP_PORTS__LGSP": "tám nghìn"}))
    assert (
        line == "ndxp-sim: thiết lập không hợp lệ: NDXP_PORTS__LGSP='tám nghìn': phải là số nguyên"
    )
    english = _one_line(_run("up", "--lang", "en", env={"NDXP_PORTS__LGSP": "tám nghìn"}))
    assert english.startswith("ndxp-sim: invalid setting: NDXP_PORTS__LGSP='tám nghìn': Input")
    assert "integer" in english
    line = _one_line(_run("report", env={"NDXP_LANG": "fr"}))
    assert (
        line
        == "ndxp-sim: thiết lập không hợp lệ: NDXP_LANG='fr': phải là một trong: 'vi' hoặc 'en'"
    )


def test_unwritable_ledger_names_the_path_and_the_variable(tmp_path: Path) -> None:
    # A path through a regular file can be written by nobody, root included.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    target = blocker / "ledger.sqlite"
    names = ("lgsp", "ndxp", "dan_cu", "dkdn", "ho_tich", "gplx", "console")
    env = {f"NDXP_PORTS__{n.upper()}": str(p) for n, p in zip(names, free_ports(7), strict=True)}
    line = _one_line(_run("up", "--lang", "en", env={**env, "NDXP_LEDGER_PATH": str(target)}))
    assert line.startswith(f"ndxp-sim: cannot write the ledger {target}")
    assert "NDXP_LEDGER_PATH" in line


def test_ledger_path_that_is_a_directory_is_one_line(tmp_path: Path) -> None:
    names = ("lgsp", "ndxp", "dan_cu", "dkdn", "ho_tich", "gplx", "console")
    env = {f"NDXP_PORTS__{n.upper()}": str(p) for n, p in zip(names, free_ports(7), strict=True)}
    line = _one_line(_run("demo", "--rounds", "1", env={**env, "NDXP_LEDGER_PATH": str(tmp_path)}))
    assert str(tmp_path) in line and "NDXP_LEDGER_PATH" in line


def test_version_lang_and_plain_help() -> None:
    result = _run("--version")
    assert result.returncode == 0 and result.stdout.startswith("ndxp-sim ")
    help_vi = _run("faults", "enable", "--help").stdout
    assert "tự tắt sau" in help_vi and "`" not in help_vi
    help_en = _run("--lang", "en", "faults", "enable", "--help").stdout
    assert "switch off after" in help_en
    assert "language" in _run("--help", env={"NDXP_LANG": "en"}).stdout
    for command in ("up", "demo", "serve", "report", "ledger", "faults", "loadtest"):
        text = build_parser().format_help() + _run(command, "--help").stdout
        assert "`" not in text, command


def test_a_reader_that_leaves_early_gets_no_traceback() -> None:
    """`ndxp-sim faults show national-2024 | head` (or any command's output cut short) ended in
    a BrokenPipeError traceback; a command whose reader left stops quietly, as Unix tools do."""
    child = subprocess.Popen(
        [sys.executable, "-m", "simulator.cli", "world", "check", "--sample", "5"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={k: v for k, v in os.environ.items() if not k.startswith("NDXP_")},
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # the reader is gone before the first line is written
    with child.stderr:
        stderr = child.stderr.read().decode()
    assert child.wait(timeout=60) != 0
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr


def test_one_time_form_across_options(tmp_path: Path) -> None:
    args = build_parser().parse_args(["report", "--since", "2024-06-04T09:00"])
    assert args.since.isoformat() == "2024-06-04T09:00:00+07:00"
    args = build_parser().parse_args(["report", "--since", "1717466400000"])
    assert args.since.timestamp() == 1717466400
    args = build_parser().parse_args(["ledger", "export", "--from", "1717466400", "--to", "now"])
    assert args.records_from.timestamp() == 1717466400
    assert args.records_to.timestamp() > args.records_from.timestamp()
    result = _run("ledger", "export", "--from", "hôm qua")
    assert result.returncode == 2 and "ISO 8601" in result.stderr


@pytest.mark.parametrize("moment", ["99999999999999999", "999999999999d", "1e400"])
def test_a_moment_beyond_the_calendar_is_refused_in_one_line(moment: str) -> None:
    """`faults clock set 99999999999999999` ended in a ValueError traceback (year 3170843)."""
    result = _run("report", "--since", moment, "--ledger", "/nonexistent/ledger.sqlite")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "không hợp lệ" in result.stderr  # the moment, or the duration it goes back


def test_a_duration_beyond_a_century_is_refused_in_one_line() -> None:
    """`faults clock advance 999999999999d` ended in an OverflowError traceback, and
    `--ttl 999999999999d` switched a scenario on for 23,999,999,999,976 hours."""
    with pytest.raises(argparse.ArgumentTypeError):
        parse_duration("999999999999d")
    assert parse_duration("3650d") == 3650 * 86_400  # ten years of simulated clock is fine
    result = _run("faults", "enable", "dak-lak", "--ttl", "999999999999d")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "khoảng thời gian không hợp lệ" in result.stderr


def test_workers_for_the_console_are_refused() -> None:
    line = _one_line(_run("serve", "--component", "console", "--workers", "2", "--lang", "en"))
    assert "console runs as one process" in line


def test_workers_on_a_busy_port_name_the_component() -> None:
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    try:
        port = holder.getsockname()[1]
        env = {"NDXP_PORTS__NDXP": str(port), "NDXP_WORKERS": "2"}
        line = _one_line(_run("serve", "--component", "ndxp", "--lang", "en", env=env))
    finally:
        holder.close()
    assert "ndxp" in line and "NDXP_PORTS__NDXP" in line


@pytest.mark.parametrize(
    ("argv", "vietnamese", "english"),
    [
        (
            ("ledger", "export", "--format", "xml"),
            "tham số --format: lựa chọn không hợp lệ: 'xml' (chọn một trong",
            "invalid choice",
        ),
        (("report", "--bogus"), "tham số không nhận ra: --bogus", "unrecognized arguments"),
        (("serve",), "thiếu tham số bắt buộc: --component", "arguments are required"),
        (("demo", "--rounds", "x"), "tham số --rounds: giá trị int không hợp lệ", "invalid int"),
    ],
)
def test_the_parsers_own_refusals_speak_the_users_language(
    argv: tuple[str, ...], vietnamese: str, english: str
) -> None:
    result = _run(*argv)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f": lỗi: {vietnamese}" in result.stderr and result.stderr.startswith("cách dùng: ")
    result = _run("--lang", "en", *argv)
    assert result.returncode == 2 and ": error: " in result.stderr and english in result.stderr


def test_help_headings_are_vietnamese_unless_english_is_asked() -> None:
    help_vi = _run("faults", "--help").stdout
    assert help_vi.startswith("cách dùng: ") and "\ntùy chọn:\n" in help_vi
    assert "in trợ giúp này rồi thoát" in help_vi and "show this help" not in help_vi
    assert "\noptions:\n" in _run("--lang", "en", "faults", "--help").stdout


@pytest.mark.parametrize(
    ("argv", "env"),
    [
        (("up", "--scenario", "thanh-hao"), {}),
        (("demo", "--scenario", "thanh-hao"), {}),
        (("serve", "--component", "dkdn", "--scenario", "thanh-hao"), {}),
        (("up",), {"NDXP_SCENARIO": "thanh-hao"}),
    ],
)
def test_a_mistyped_scenario_is_one_line_naming_the_known_ones(
    argv: tuple[str, ...], env: dict[str, str]
) -> None:
    names = ("lgsp", "ndxp", "dan_cu", "dkdn", "ho_tich", "gplx", "console")
    ports = {f"NDXP_PORTS__{n.upper()}": str(p) for n, p in zip(names, free_ports(7), strict=True)}
    line = _one_line(_run(*argv, env={**ports, **env}))
    assert line.startswith("ndxp-sim: không có kịch bản lỗi 'thanh-hao'; có: "), line
    assert "thanh-hoa" in line
    english = _one_line(_run("--lang", "en", *argv, env={**ports, **env}))
    assert english.startswith("ndxp-sim: no fault scenario 'thanh-hao'; known: "), english
