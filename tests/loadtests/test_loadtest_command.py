"""``ndxp-sim loadtest`` pieces that need no run: durations, the locust command line, the clock
of the office day, and the CLI wiring."""

from __future__ import annotations

import argparse
import sys
import time as _time
from datetime import datetime, time
from pathlib import Path

import pytest

from mock_registries.clock import VIETNAM_TZ
from simulator.cli import build_parser
from simulator.loadtest import LoadTestOptions, _office_clock, locust_command, parse_duration


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90s", 90), ("2m", 120), ("1h30m", 5400), ("45", 45), ("1m30s", 90), ("0.5m", 30)],
)
def test_durations_read_like_locusts(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "2x", "m", "0s", "2m-1", "1 m"])
def test_bad_durations_are_refused(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="bad duration"):
        parse_duration(text)


def test_locust_runs_headless_as_a_subprocess_of_this_interpreter(tmp_path: Path) -> None:
    options = LoadTestOptions(
        duration=120,
        shape="office-day",
        users=80,
        spawn_rate=8.0,
        processes=2,
        mix_weights="gplx=0",
        think_min=0.5,
        locust_args=["--loglevel", "DEBUG"],
    )
    command = locust_command(options, "http://127.0.0.1:8300", tmp_path)
    assert command[:3] == [sys.executable, "-m", "locust"]
    assert Path(command[command.index("-f") + 1]).name == "locustfile.py"
    assert Path(command[command.index("-f") + 1]).is_file()

    def value(flag: str) -> str:
        return command[command.index(flag) + 1]

    assert "--headless" in command
    assert value("--host") == "http://127.0.0.1:8300"
    assert (value("--users"), value("--spawn-rate"), value("--run-time")) == ("80", "8.0", "120s")
    assert (value("--shape"), value("--processes"), value("--mix-weights")) == (
        "office-day",
        "2",
        "gplx=0",
    )
    assert value("--csv") == str(tmp_path / "locust")
    assert value("--html") == str(tmp_path / "locust.html")
    assert value("--exit-code-on-error") == "0"  # the gates decide, not locust's first failure
    assert "--think-max" not in command
    assert command[-2:] == ["--loglevel", "DEBUG"]
    single = locust_command(LoadTestOptions(), "http://x", tmp_path)
    assert "--processes" not in single


@pytest.mark.parametrize("day", ["mon", "tue", "sun"])
def test_the_office_day_clock_starts_at_seven_on_the_coming_weekday(day: str) -> None:
    clock = _office_clock(day, 120.0)
    start = clock.now()
    today = datetime.now(tz=VIETNAM_TZ).date()
    assert start.strftime("%a").lower() == day
    assert 0 <= (start.date() - today).days < 7  # never in the past: users date by wall clock
    assert time(7, 0) <= start.time() < time(7, 5)
    wall, simulated = _time.monotonic(), clock.timestamp()
    _time.sleep(0.02)
    # 315× speed: the simulated clock ran at least 300 times as far as the wall clock.
    assert clock.timestamp() - simulated >= 300 * (_time.monotonic() - wall) * 0.95


def test_the_cli_has_the_loadtest_command() -> None:
    args = build_parser().parse_args(
        ["loadtest", "--scenario", "thanh-hoa", "--shape", "office-day", "--duration", "2m"]
    )
    assert (args.command, args.scenario, args.shape, args.duration) == (
        "loadtest",
        "thanh-hoa",
        "office-day",
        120.0,
    )
    assert args.target is None and args.users == 50
    with pytest.raises(SystemExit):
        build_parser().parse_args(["loadtest", "--shape", "sawtooth"])


def test_the_users_draw_their_dossiers_from_the_targets_world(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A stack run with another data seed (``up --seed 7``) has other people: the dossiers must
    # name people of *its* world, or every look-up is a "no record" the exchange did not cause.
    captured: list[LoadTestOptions] = []

    async def fake_run(options: LoadTestOptions, settings: object) -> object:
        captured.append(options)
        raise SystemExit(0)

    monkeypatch.setenv("NDXP_MOCKS__SEED", "7")
    monkeypatch.setattr("simulator.loadtest_cli.run_loadtest", fake_run)
    from simulator.cli import main

    with pytest.raises(SystemExit):
        main(["loadtest", "--target", "http://127.0.0.1:1", "--out", str(tmp_path)])
    assert captured and captured[0].world_seed == 7
    command = locust_command(captured[0], "http://127.0.0.1:1", tmp_path)
    assert command[command.index("--world-seed") + 1] == "7"
    locustfile = (Path(command[command.index("-f") + 1])).read_text(encoding="utf-8")
    assert "Dossier.new(self.next_id, self.rng, seed=self.world_seed)" in locustfile
