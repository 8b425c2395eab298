"""When nothing can be collected from a deployment, ``report --from`` and
``loadtest --target`` say so in one line and exit non-zero: no empty report, no verdict beside
one (the go-live verdict used to print READY next to "requests: 0")."""

from __future__ import annotations

from pathlib import Path

import pytest

import simulator.loadtest
from simulator.cli import main
from tests.stack_process import free_ports


def _dead_url() -> str:
    return f"http://127.0.0.1:{free_ports(1)[0]}"


def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NDXP_LEDGER_PATH", str(tmp_path / "none.sqlite"))
    monkeypatch.setenv("NDXP_LANG", "vi")


def test_report_from_nowhere_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _clean_env(monkeypatch, tmp_path)
    url = _dead_url()
    assert main(["report", "--from", url]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "không thu được bản ghi nào từ " + url in err
    assert len([line for line in err.splitlines() if line.startswith("ndxp-sim:")]) == 1


def test_loadtest_target_with_no_records_gives_no_verdict(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _clean_env(monkeypatch, tmp_path)

    async def locust_ran(*_: object) -> tuple[int, str]:  # locust itself is not the point here
        return 0, ""

    monkeypatch.setattr(simulator.loadtest, "_run_with_progress", locust_ran)
    target = _dead_url()
    code = main(["loadtest", "--target", target, "--collect-from", target, "--duration", "1s",
                 "--out", str(tmp_path / "out")])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 2
    assert "READY" not in out and "SẴN SÀNG" not in out
    assert "không có báo cáo, không có kết luận" in err
    # The run is announced in the user's language too (it printed English under NDXP_LANG=vi).
    assert out.startswith(f"kiểm thử tải {target} (kịch bản -); locust dạng steady")
