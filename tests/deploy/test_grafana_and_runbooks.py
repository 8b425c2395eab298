"""The Grafana dashboard's variables and Vietnamese titles, its queries checked as PromQL by the
real promtool, and a runbook page behind every alert's ``runbook_url``."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.system_tools import system_tool

REPO = Path(__file__).resolve().parents[2]
DASHBOARD = REPO / "deploy/grafana/dashboards/ndxp-sim-overview.json"
ALERTS = REPO / "deploy/prometheus/rules/alerts.yml"
VARIABLES = {"datasource", "hop", "provider", "consumer"}


@pytest.fixture(scope="module")
def dashboard() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    return loaded


def _targets(dashboard: dict[str, Any]) -> list[dict[str, Any]]:
    return [t for p in dashboard["panels"] for t in p.get("targets", [])]


def test_variables_narrow_every_panel(dashboard: dict[str, Any]) -> None:
    variables = {v["name"]: v for v in dashboard["templating"]["list"]}
    assert set(variables) == VARIABLES
    assert variables["datasource"]["type"] == "datasource"
    for name in ("hop", "provider", "consumer"):
        assert variables[name]["includeAll"] and variables[name]["allValue"] == ".*"
        assert "label_values(gateway_requests_total" in variables[name]["query"]["query"]
    for panel in dashboard["panels"]:
        if panel["type"] != "row":
            assert panel["datasource"]["uid"] == "${datasource}", panel["title"]
    exprs = [t["expr"] for t in _targets(dashboard)]
    assert all("$hop" in e or "$provider" in e for e in exprs), exprs
    assert sum("$consumer" in e for e in exprs) >= 3


def test_titles_are_vietnamese_with_the_english_kept_as_description(
    dashboard: dict[str, Any],
) -> None:
    for panel in dashboard["panels"]:
        assert re.search(r"[^\x00-\x7f]", panel["title"]), panel["title"]
        if panel["type"] != "row":
            assert panel["description"] and panel["description"] != panel["title"]


@pytest.mark.external
def test_every_query_is_valid_promql(dashboard: dict[str, Any], tmp_path: Path) -> None:
    promtool = system_tool("promtool", "prometheus")
    rules = []
    for i, target in enumerate(_targets(dashboard)):
        expr = target["expr"].replace("$__rate_interval", "1m")
        expr = re.sub(r"\$(hop|provider|consumer)", ".*", expr)
        rules.append({"record": f"dashboard:query_{i}", "expr": expr})
    path = tmp_path / "dashboard_rules.yml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}))
    done = subprocess.run(
        [promtool, "check", "rules", str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_alert_has_a_runbook_page_that_covers_it() -> None:
    groups = yaml.safe_load(ALERTS.read_text(encoding="utf-8"))["groups"]
    alerts = [r for g in groups for r in g["rules"] if "alert" in r]
    assert alerts
    for alert in alerts:
        url = alert["annotations"]["runbook_url"]
        page = REPO / url
        assert page.is_file(), f"{alert['alert']}: {url}"
        text = page.read_text(encoding="utf-8")
        assert text.startswith(f"# {alert['alert']}"), url
        for section in ("**Ý nghĩa.**", "**Xử lý.**"):
            assert section in text, f"{url}: {section}"


_VIETNAMESE = re.compile("[ăâđêôơưàáạảãèéẹẻẽìíịỉĩòóọỏõùúụủũỳýỵỷỹầấậẩẫằắặẳẵềếệểễồốộổỗờớợởỡừứựửữ]")


def test_alert_texts_are_vietnamese_first_with_the_english_after() -> None:
    # What the on-call reads in Alertmanager or Grafana: Vietnamese, then " — " and the English.
    groups = yaml.safe_load(ALERTS.read_text(encoding="utf-8"))["groups"]
    for alert in (r for g in groups for r in g["rules"] if "alert" in r):
        for key in ("summary", "description"):
            text = alert["annotations"][key]
            vietnamese, sep, english = text.partition(" — ")
            assert sep and _VIETNAMESE.search(vietnamese), f"{alert['alert']} {key}: {text}"
            assert english and not _VIETNAMESE.search(english.replace("Phụ lục V", "")), text
