"""The real Prometheus (Debian ``/usr/bin/prometheus``) scrapes a running stack under a fault
scenario, evaluates the real ``deploy/prometheus/rules`` and fires a short test alert.

promtool unit tests feed rules hand-written series; this checks the other half of the contract:
the metric names and labels the stack really exports are the ones the rules query.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from tests.gateway.identities import ADMIN, MCDT, MCDT_SECRET, basic
from tests.stack_process import free_ports, launch_up, sample_call, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.external]

REPO = Path(__file__).resolve().parents[2]
RULES = REPO / "deploy" / "prometheus" / "rules"
PROMETHEUS = "/usr/bin/prometheus"
SCENARIO = "national-2024"
DEADLINE_SECONDS = 30
CLIENTS = 8
GATEWAYS = ("lgsp", "ndxp")
REGISTRIES = ("dan_cu", "dkdn", "ho_tich", "gplx")
TEST_RULES = {
    "groups": [
        {
            "name": "scrape-test",
            "rules": [
                {
                    "alert": "TestGatewayAnswersFailing",
                    "expr": "sum by (hop) "
                    '(rate(gateway_requests_total{outcome!="success"}[15s])) > 0',
                    "for": "0s",
                },
                {
                    # Through the real recording rule, so its output is proven usable.
                    "alert": "TestRegistryFaultsInjected",
                    "expr": "sum by (registry) (registry_row:mock_registry_faults_injected:rate5m)"
                    " > 0",
                    "for": "0s",
                },
            ],
        }
    ]
}
SERIES = (
    "gateway_requests_total",
    "gateway_request_duration_seconds_bucket",
    "mock_registry_faults_injected_total",
    "hop:gateway_requests:rate5m",
    "registry_row:mock_registry_faults_injected:rate5m",
)


@pytest.fixture(scope="module")
def prometheus_binary() -> str:
    if not os.access(PROMETHEUS, os.X_OK):
        if os.environ.get("CI") == "true":
            pytest.fail("prometheus is required in CI (apt-get install prometheus)")
        pytest.skip("prometheus not installed (apt-get install prometheus)")
    return PROMETHEUS


@pytest.fixture
def stack_ports(tmp_path: Path) -> Iterator[dict[str, int]]:
    """``ndxp-sim up`` as a subprocess on free ports (killed, not drained, at the end)."""
    up = launch_up(tmp_path)
    try:
        yield up.ports
    finally:
        up.kill()


@pytest.fixture
def prometheus(
    prometheus_binary: str, stack_ports: dict[str, int], tmp_path: Path
) -> Iterator[str]:
    (tmp_path / "test_rules.yml").write_text(yaml.safe_dump(TEST_RULES), encoding="utf-8")
    rule_files = sorted(str(p) for p in RULES.glob("*.yml")) + [str(tmp_path / "test_rules.yml")]
    jobs: dict[str, list[dict[str, Any]]] = {"gateway": [], "registry": [], "console": []}
    for name, port in stack_ports.items():
        target = {"targets": [f"127.0.0.1:{port}"], "labels": {"component": name}}
        job = "console" if name == "console" else "gateway" if name in GATEWAYS else "registry"
        jobs[job].append(target)
    config = {
        "global": {"scrape_interval": "1s", "scrape_timeout": "1s", "evaluation_interval": "1s"},
        "rule_files": rule_files,
        "scrape_configs": [{"job_name": j, "static_configs": s} for j, s in jobs.items()],
    }
    (tmp_path / "prometheus.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    port = free_ports(1)[0]
    url = f"http://127.0.0.1:{port}"
    log = tmp_path / "prometheus.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                prometheus_binary,
                f"--config.file={tmp_path / 'prometheus.yml'}",
                f"--storage.tsdb.path={tmp_path / 'tsdb'}",
                f"--web.listen-address=127.0.0.1:{port}",
                "--log.level=warn",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )

    def ready() -> bool:
        try:
            return httpx.get(f"{url}/-/ready", timeout=1, trust_env=False).status_code == 200
        except httpx.TransportError:
            return False

    try:
        wait_for(proc, log, ready, "prometheus")
        yield url
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)


async def _drive(lgsp: str, stop: asyncio.Event, statuses: dict[int, int]) -> None:
    """Province traffic until ``stop``; slow and hanging faults are cut short by the client."""
    counter = iter(range(10**6))
    auth = basic(MCDT, MCDT_SECRET)

    async def client(http: httpx.AsyncClient) -> None:
        for index in counter:
            if stop.is_set():
                return
            call = sample_call(index)
            method, path, body = call.method, call.path, call.body
            headers = {"Authorization": auth, "X-Road-Id": f"prom-{index}"}
            if body:
                headers["Content-Type"] = "application/json"
            try:
                response = await http.request(method, lgsp + path, content=body, headers=headers)
            except httpx.TimeoutException:
                statuses[0] = statuses.get(0, 0) + 1
                continue
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

    limits = httpx.Limits(max_connections=CLIENTS * 2)
    async with httpx.AsyncClient(timeout=2.0, trust_env=False, limits=limits) as http:
        await asyncio.gather(*(client(http) for _ in range(CLIENTS)))


async def _query(http: httpx.AsyncClient, url: str, expr: str) -> list[dict[str, Any]]:
    response = await http.get(f"{url}/api/v1/query", params={"query": expr})
    assert response.status_code == 200, response.text
    result: list[dict[str, Any]] = response.json()["data"]["result"]
    return result


async def _observe(http: httpx.AsyncClient, url: str) -> dict[str, Any]:
    """What Prometheus sees now: target health, series per metric, alert states, rule health."""
    targets = (await http.get(f"{url}/api/v1/targets")).json()["data"]["activeTargets"]
    alerts = (await http.get(f"{url}/api/v1/alerts")).json()["data"]["alerts"]
    groups = (await http.get(f"{url}/api/v1/rules")).json()["data"]["groups"]
    return {
        "targets": {t["labels"]["component"]: t["health"] for t in targets},
        "series": {name: await _query(http, url, name) for name in SERIES},
        "firing": {
            (a["labels"]["alertname"], a["labels"].get("hop") or a["labels"].get("registry"))
            for a in alerts
            if a["state"] == "firing"
        },
        "groups": groups,
    }


def _missing(seen: dict[str, Any]) -> list[str]:
    """What Prometheus does not show yet (empty: everything the test waits for is there)."""
    missing = []
    if seen["targets"] != dict.fromkeys((*REGISTRIES, *GATEWAYS, "console"), "up"):
        missing.append(f"targets up: {seen['targets']}")
    missing += [f"series {name}" for name, found in seen["series"].items() if not found]
    hops = {s["metric"].get("hop") for s in seen["series"]["hop:gateway_requests:rate5m"]}
    missing += [f"hop:gateway_requests:rate5m{{hop={h}}}" for h in GATEWAYS if h not in hops]
    firing = seen["firing"]
    missing += [
        f"TestGatewayAnswersFailing{{hop={h}}} firing"
        for h in GATEWAYS
        if ("TestGatewayAnswersFailing", h) not in firing
    ]
    if not any(name == "TestRegistryFaultsInjected" for name, _ in firing):
        missing.append("TestRegistryFaultsInjected firing")
    return missing


async def test_prometheus_scrapes_the_stack_and_fires_on_a_fault_scenario(
    prometheus: str, stack_ports: dict[str, int]
) -> None:
    lgsp = f"http://127.0.0.1:{stack_ports['lgsp']}"
    statuses: dict[int, int] = {}
    stop = asyncio.Event()
    async with httpx.AsyncClient(timeout=5, trust_env=False, headers=ADMIN) as http:
        enabled = await http.post(
            f"http://127.0.0.1:{stack_ports['dan_cu']}/_admin/faults/enable",
            json={"scenario": SCENARIO},
        )
        assert enabled.status_code == 200, enabled.text
        assert SCENARIO in enabled.text
        traffic = asyncio.create_task(_drive(lgsp, stop, statuses))
        missing = ["nothing observed"]
        seen: dict[str, Any] = {}
        deadline = time.monotonic() + DEADLINE_SECONDS
        try:
            while time.monotonic() < deadline:
                seen = await _observe(http, prometheus)
                missing = _missing(seen)
                if not missing:
                    break
                await asyncio.sleep(0.5)
        finally:
            stop.set()
            await asyncio.wait_for(traffic, timeout=10)
        assert not missing, f"after {DEADLINE_SECONDS} s Prometheus still lacks: {missing}"

        # Every real rule evaluates cleanly against what the stack really exports.
        rules = {g["name"]: g["rules"] for g in seen["groups"]}
        assert {"ndxp-sim-recording", "ndxp-sim-alerts", "scrape-test"} <= set(rules)
        broken = [(r["name"], r.get("lastError")) for g in rules.values() for r in g]
        assert all(r["health"] == "ok" for g in rules.values() for r in g), broken

        # The series carry the labels the rules and dashboards group by, with real values.
        requests = seen["series"]["gateway_requests_total"]
        assert {s["metric"]["hop"] for s in requests} == set(GATEWAYS)
        assert {s["metric"]["provider"] for s in requests} == set(REGISTRIES)
        assert {s["metric"]["outcome"] for s in requests} - {"success"}
        faults = seen["series"]["mock_registry_faults_injected_total"]
        assert {s["metric"]["registry"] for s in faults} <= set(REGISTRIES)
        assert sum(float(s["value"][1]) for s in faults) > 0
        answered = sum(float(s["value"][1]) for s in requests if s["metric"]["hop"] == "lgsp")
        assert 0 < answered <= sum(statuses.values()) + CLIENTS, (answered, statuses)
        assert any(code >= 400 or code == 0 for code in statuses), statuses
        fault_alerts = {
            where for name, where in seen["firing"] if name == "TestRegistryFaultsInjected"
        }
        assert fault_alerts <= {s["metric"]["registry"] for s in faults}, fault_alerts

        # No personal identifier (CCCD, MST, GPLX number) leaked into any label value.
        series = await http.get(
            f"{prometheus}/api/v1/series", params={"match[]": '{job=~"gateway|registry"}'}
        )
        values = {v for s in series.json()["data"] for v in s.values()}
        assert values and not [v for v in values if re.search(r"\d{9,}", v)]
