"""deploy/prometheus checked by the real promtool (Debian package ``prometheus``)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.system_tools import system_tool

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "prometheus"

pytestmark = pytest.mark.external


@pytest.fixture(scope="module")
def promtool() -> str:
    return system_tool("promtool", "prometheus")


def _run(promtool: str, *args: str) -> str:
    done = subprocess.run(
        [promtool, *args], cwd=DEPLOY, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def test_config_is_valid_and_loads_both_rule_files(promtool: str) -> None:
    out = _run(promtool, "check", "config", "prometheus.yml")
    assert "2 rule files found" in out


def test_rules_are_valid(promtool: str) -> None:
    out = _run(promtool, "check", "rules", "rules/recording.yml", "rules/alerts.yml")
    assert out.count("SUCCESS") == 2


def test_rule_unit_tests_pass(promtool: str) -> None:
    tests = sorted(str(p.relative_to(DEPLOY)) for p in (DEPLOY / "tests").glob("*.yml"))
    assert len(tests) >= 2
    out = _run(promtool, "test", "rules", *tests)
    assert "FAILED" not in out


def test_a_broken_expectation_makes_promtool_fail(promtool: str, tmp_path: Path) -> None:
    # The unit tests are only worth something if promtool rejects a wrong expectation.
    source = (DEPLOY / "tests" / "ops_alerts_test.yml").read_text(encoding="utf-8")
    rules = DEPLOY / "rules"
    broken = source.replace("../rules/", f"{rules}/").replace("upstream: dan_cu", "upstream: gplx")
    (tmp_path / "broken.yml").write_text(broken, encoding="utf-8")
    done = subprocess.run(
        [promtool, "test", "rules", str(tmp_path / "broken.yml")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0


def test_alert_names_are_camel_case_and_records_follow_level_metric_operations() -> None:
    import yaml

    alerts = yaml.safe_load((DEPLOY / "rules" / "alerts.yml").read_text(encoding="utf-8"))
    records = yaml.safe_load((DEPLOY / "rules" / "recording.yml").read_text(encoding="utf-8"))
    for rule in alerts["groups"][0]["rules"]:
        name = rule["alert"]
        assert name[0].isupper() and "_" not in name, name
    for rule in records["groups"][0]["rules"]:
        assert rule["record"].count(":") == 2, rule["record"]
