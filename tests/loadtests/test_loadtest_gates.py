"""SLO gates evaluated from locust's ``*_stats.csv`` (written here in locust's exact format)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from loadtests.gates import (
    DEFAULT_GATES,
    GateError,
    evaluate,
    evaluate_files,
    gates_for,
    load_gates,
    main,
    read_stats,
)

HEADER = (
    "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,"
    "Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,"
    "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%"
).split(",")


def row(method: str, name: str, count: int, fails: int, p50: int, p95: int, p99: int) -> list[str]:
    if count == 0:
        return [method, name, "0", "0", "0", "0.0", "0", "0", "0", "0.0", "0.0", *["N/A"] * 11]
    pct = [p50, p50, p50, p50, p95, p95, p99, p99, p99, p99, p99 + 5]
    return [method, name, str(count), str(fails), str(p50), f"{p50 * 1.2}", "1.1", str(p99 + 5),
            "800.0", f"{count / 10}", f"{fails / 10}", *map(str, pct)]  # fmt: skip


def write_stats(path: Path, rows: list[list[str]]) -> Path:
    total = sum(int(r[2]) for r in rows)
    fails = sum(int(r[3]) for r in rows)
    counted = [r for r in rows if r[2] != "0"] or [["0"] * len(HEADER)]
    p50 = max(int(r[11]) for r in counted)
    p95 = max(int(r[16]) for r in counted)
    p99 = max(int(r[18]) for r in counted)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
        writer.writerow(row("", "Aggregated", total, fails, p50, p95, p99))
    return path


GATES = """
defaults:
  overall: {max_failure_ratio: 0.01, p95_ms: 500, p99_ms: 1000, min_requests: 100}
  requests:
    TraCuuThongTinCongDan: {p95_ms: 300, max_failure_ratio: 0.0}
    traCuuGPLX: {p99_ms: 800}
scenarios:
  thanh-hoa:
    overall: {max_failure_ratio: 0.2}
    requests:
      chiTietDoanhNghiep: {max_failure_ratio: 0.3, p95_ms: 11000}
"""


@pytest.fixture
def gates_file(tmp_path: Path) -> Path:
    path = tmp_path / "gates.yaml"
    path.write_text(GATES, encoding="utf-8")
    return path


def healthy(tmp_path: Path) -> Path:
    return write_stats(
        tmp_path / "run_stats.csv",
        [
            row("POST", "TraCuuThongTinCongDan", 400, 0, 5, 40, 90),
            row("GET", "chiTietDoanhNghiep", 200, 1, 6, 50, 120),
            row("GET", "traCuuGPLX", 100, 0, 4, 30, 70),
        ],
    )


def test_a_healthy_run_passes_every_gate(tmp_path: Path, gates_file: Path) -> None:
    evaluation = evaluate_files(healthy(tmp_path), gates_file)
    assert evaluation.passed, evaluation.to_text()
    assert {(r.target, r.metric) for r in evaluation.results} == {
        ("overall", "max_failure_ratio"), ("overall", "p95_ms"), ("overall", "p99_ms"),
        ("overall", "min_requests"), ("TraCuuThongTinCongDan", "p95_ms"),
        ("TraCuuThongTinCongDan", "max_failure_ratio"), ("traCuuGPLX", "p99_ms"),
    }  # fmt: skip
    assert "SLO gates (default): PASS" in evaluation.to_text()


def test_each_breached_limit_is_named(tmp_path: Path, gates_file: Path) -> None:
    stats = write_stats(
        tmp_path / "run_stats.csv",
        [
            row("POST", "TraCuuThongTinCongDan", 400, 1, 5, 350, 400),
            row("GET", "chiTietDoanhNghiep", 200, 60, 6000, 10000, 10500),
            row("GET", "traCuuGPLX", 100, 0, 4, 30, 70),
        ],
    )
    evaluation = evaluate_files(stats, gates_file)
    failed = {(r.target, r.metric) for r in evaluation.failures}
    assert failed == {
        ("overall", "max_failure_ratio"), ("overall", "p95_ms"), ("overall", "p99_ms"),
        ("TraCuuThongTinCongDan", "p95_ms"), ("TraCuuThongTinCongDan", "max_failure_ratio"),
    }  # fmt: skip
    text = evaluation.to_text()
    assert "FAIL overall: max_failure_ratio 8.71 % (gate ≤ 1.00 %)" in text
    assert "FAIL TraCuuThongTinCongDan: p95_ms 350 ms (gate ≤ 300 ms)" in text


def test_scenario_gates_override_the_defaults_key_by_key(tmp_path: Path, gates_file: Path) -> None:
    sets = load_gates(gates_file)
    merged = gates_for(sets, "thanh-hoa")
    assert dict(merged.overall.values) == {
        "max_failure_ratio": 0.2, "p95_ms": 500, "p99_ms": 1000, "min_requests": 100
    }  # fmt: skip
    assert dict(merged.requests["chiTietDoanhNghiep"].values) == {
        "max_failure_ratio": 0.3,
        "p95_ms": 11000,
    }
    assert (
        merged.requests["TraCuuThongTinCongDan"]
        == sets["default"].requests["TraCuuThongTinCongDan"]
    )
    assert gates_for(sets, "no-such-scenario").overall == sets["default"].overall
    # The same slow enterprise look-ups fail the defaults and pass under Thanh Hóa's gates.
    stats = write_stats(
        tmp_path / "run_stats.csv",
        [
            row("POST", "TraCuuThongTinCongDan", 400, 0, 5, 40, 90),
            row("GET", "chiTietDoanhNghiep", 200, 40, 400, 450, 900),
        ],
    )
    assert not evaluate_files(stats, gates_file).passed
    assert evaluate_files(stats, gates_file, "thanh-hoa").passed


def test_a_run_without_traffic_fails_its_lower_bounds(tmp_path: Path, gates_file: Path) -> None:
    stats = write_stats(tmp_path / "run_stats.csv", [row("POST", "token", 0, 0, 0, 0, 0)])
    evaluation = evaluate_files(stats, gates_file)
    assert [(r.target, r.metric) for r in evaluation.failures] == [("overall", "min_requests")]
    # Upper bounds on a name that got no traffic are not judged (n/a), never invented.
    gplx = [r for r in evaluation.results if r.target == "traCuuGPLX"]
    assert gplx and all(r.observed is None and r.passed for r in gplx)


def test_rows_sharing_a_name_add_up_and_keep_the_worse_percentile(tmp_path: Path) -> None:
    stats = read_stats(
        write_stats(
            tmp_path / "s.csv",
            [
                row("GET", "traCuuGPLX", 100, 1, 4, 30, 70),
                row("POST", "traCuuGPLX", 50, 4, 9, 90, 95),
            ],
        )
    )
    gplx = stats["traCuuGPLX"]
    assert (gplx.requests, gplx.failures) == (150, 5)
    assert gplx.percentiles_ms["95%"] == 90
    assert gplx.failure_ratio == pytest.approx(5 / 150)


def test_too_few_samples_is_insufficient_data_not_ok(tmp_path: Path) -> None:
    gates = tmp_path / "gates.yaml"
    gates.write_text(
        "defaults:\n"
        "  min_samples: 20\n"
        "  overall: {max_failure_ratio: 0.05}\n"
        "  requests:\n"
        "    traCuuGPLX: {p99_ms: 800}\n"
        "    chiTietDoanhNghiep: {p95_ms: 900, min_samples: 5}\n"
        "    token: {max_failure_ratio: 0.0, min_samples: 1}\n"
        "scenarios:\n"
        "  quick: {min_samples: 3}\n",
        encoding="utf-8",
    )
    stats = write_stats(
        tmp_path / "s.csv",
        [
            row("GET", "traCuuGPLX", 5, 0, 4, 30, 70),  # fast, but only five answers
            row("GET", "chiTietDoanhNghiep", 6, 0, 5, 40, 60),
            row("POST", "token", 2, 0, 3, 3, 3),
        ],
    )
    evaluation = evaluate_files(stats, gates)
    assert not evaluation.passed
    (gplx,) = [r for r in evaluation.results if r.target == "traCuuGPLX"]
    assert gplx.insufficient and not gplx.passed and gplx.observed == 5
    assert "FAIL traCuuGPLX: không đủ dữ liệu / insufficient data (5 samples" in gplx.describe()
    # A per-service minimum wins over the set's; enough samples means the gates are judged.
    judged = {(r.target, r.metric) for r in evaluation.results if r.passed}
    # A passed minimum reads as the lower bound it is (it printed "43 (gate ≤ 20)").
    (enough,) = [
        r
        for r in evaluation.results
        if (r.target, r.metric) == ("chiTietDoanhNghiep", "min_samples")
    ]
    assert enough.describe() == "ok   chiTietDoanhNghiep: min_samples 6 (gate ≥ 5)"
    # Vietnamese first in the harness (`ndxp-sim loadtest`), the same facts.
    assert enough.describe("vi") == "đạt       chiTietDoanhNghiep: min_samples 6 (ngưỡng ≥ 5)"
    assert gplx.describe("vi").startswith("KHÔNG ĐẠT traCuuGPLX: không đủ dữ liệu")
    assert "(5 mẫu, ngưỡng min_samples ≥ 20)" in gplx.describe("vi")
    assert evaluation.to_text("vi").startswith("Ngưỡng SLO (default): KHÔNG ĐẠT")
    assert ("chiTietDoanhNghiep", "p95_ms") in judged and ("token", "max_failure_ratio") in judged
    assert evaluate_files(stats, gates, "quick").passed  # the scenario lowers the default
    # No traffic at all is insufficient too, not an "n/a" that passes.
    empty = write_stats(tmp_path / "e.csv", [row("POST", "token", 1, 0, 3, 3, 3)])
    assert [r.target for r in evaluate_files(empty, gates).failures] == [
        "chiTietDoanhNghiep",
        "traCuuGPLX",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("defaults: {overall: {min_samples: 3}}", "per service"),
        ("defaults: {min_samples: -3}", "number ≥ 0"),
        ("defaults: {overall: {p95: 3}}", "unknown limit"),
        ("defaults: {overall: {p95_ms: -1}}", "number ≥ 0"),
        ("defaults: {overall: {max_failure_ratio: 5}}", "ratio"),
        ("defaults: {overall: {p95_ms: yes}}", "number ≥ 0"),
        ("default: {}", "top-level keys"),
        ("defaults: {requests: [a, b]}", "by request name"),
        ("scenarios: {x: {overal: {}}}", "overall, requests and min_samples"),
        ("defaults: [", "cannot read"),
    ],
)
def test_bad_gate_files_are_rejected_clearly(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "gates.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GateError, match=message) as info:
        load_gates(path)
    assert info.value.reason == "GATES_INVALID"


def test_unreadable_stats_are_a_stats_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    for path in (bad, tmp_path / "missing.csv"):
        with pytest.raises(GateError) as info:
            read_stats(path)
        assert info.value.reason == "STATS_INVALID"
    no_total = tmp_path / "no_total.csv"
    with no_total.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([HEADER, row("GET", "traCuuGPLX", 1, 0, 1, 1, 1)])
    with pytest.raises(GateError, match="Aggregated"):
        read_stats(no_total)


def test_the_shipped_gates_file_covers_every_service_of_the_mix_and_is_valid() -> None:
    from loadtests.mix import load_mix

    sets = load_gates(DEFAULT_GATES)
    mixed = {step.service.code for kind in load_mix().kinds for step in kind.steps}
    assert mixed | {"token"} <= set(sets["default"].requests)
    for name in sets:
        merged = gates_for(sets, name)
        assert merged.overall.values["max_failure_ratio"] <= 0.5


def test_command_line_exit_codes(
    tmp_path: Path, gates_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stats = healthy(tmp_path)
    assert main([str(stats), "--gates", str(gates_file)]) == 0
    assert "PASS" in capsys.readouterr().out
    failing = write_stats(tmp_path / "f.csv", [row("GET", "traCuuGPLX", 200, 100, 4, 30, 70)])
    assert main([str(failing), "--gates", str(gates_file)]) == 1
    assert main([str(tmp_path / "nothing.csv"), "--gates", str(gates_file)]) == 2
    assert "STATS_INVALID" in capsys.readouterr().out


def test_evaluate_accepts_in_memory_stats(tmp_path: Path, gates_file: Path) -> None:
    stats = read_stats(healthy(tmp_path))
    assert evaluate(gates_for(load_gates(gates_file), None), stats).passed
