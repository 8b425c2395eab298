"""The /_admin/faults API, the Prometheus series, and the factory hook."""

from __future__ import annotations

import httpx
from prometheus_client import CollectorRegistry

from mock_registries.clock import Clock
from mock_registries.factory import create_registry_app
from mock_registries.faults.catalog import load_catalog
from mock_registries.faults.engine import DEFAULT_ADMIN_TOKEN
from mock_registries.faults.middleware import FaultMiddleware
from mock_registries.faults.setup import FaultSettings, build_fault_engine
from mock_registries.settings import MockSettings
from tests.mock_registries.faults.support import (
    ADMIN_HEADERS,
    EngineFactory,
    Serve,
    asgi_client,
    rule,
    scenario,
    wrap,
)

OFFICE_HOURS = {
    "window": "weekly",
    "slots": [{"days": ["tue", "thu"], "start": "09:00", "end": "10:30"}],
}


async def test_admin_api_needs_the_admin_credential(make_engine: EngineFactory) -> None:
    engine = make_engine(scenario("dak-lak", rule("http_error", row=43, status=502)))
    app = wrap(engine)
    before = engine.clock.now()
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic eDp5"}):
        async with asgi_client(app, headers) as client:
            refused = await client.post("/_admin/faults/enable", json={"scenario": "dak-lak"})
            clock = await client.post(
                "/_admin/faults/clock", json={"action": "advance", "seconds": 3600}
            )
        assert refused.status_code == clock.status_code == 401
        assert refused.json()["MaLoi"] == "FAULT_ADMIN_UNAUTHORIZED"
        assert refused.headers["www-authenticate"].startswith("Bearer")
    assert engine.active_scenario is None and engine.clock.now() == before
    async with asgi_client(app, {"Authorization": f"bearer {DEFAULT_ADMIN_TOKEN}"}) as client:
        assert (await client.get("/_admin/faults")).status_code == 200


async def test_enable_list_expire_and_disable_over_http(
    make_engine: EngineFactory, fault_clock: Clock
) -> None:
    engine = make_engine(scenario("dak-lak", rule("http_error", row=43, status=502)))
    async with asgi_client(wrap(engine)) as client:
        listing = (await client.get("/_admin/faults")).json()
        assert listing["seed"] == 7 and listing["active"] is None
        assert [s["name"] for s in listing["scenarios"]] == ["dak-lak"]
        enabled = await client.post(
            "/_admin/faults/enable", json={"scenario": "dak-lak", "ttl_seconds": 60}
        )
        assert enabled.json()["active"]["name"] == "dak-lak"
        assert (await client.get("/hoso/A1")).status_code == 502
        advanced = await client.post(
            "/_admin/faults/clock", json={"action": "advance", "seconds": 61}
        )
        assert advanced.json()["frozen"] is True
        # A jump of the clock keeps the TTL the scenario had left...
        assert (await client.get("/hoso/A1")).status_code == 502
        assert 59 < engine.status()["active"]["expires_in_s"] <= 60
        # ...while simulated time that passes uses it up.
        fault_clock.advance(61)
        assert (await client.get("/hoso/A1")).status_code == 200
        await client.post("/_admin/faults/enable", json={"scenario": "dak-lak"})
        await client.post("/_admin/faults/disable")
        assert (await client.get("/hoso/A1")).status_code == 200
        rules = (await client.get("/_admin/faults/scenarios/dak-lak")).json()["rules"]
        assert rules[0]["fault"] == {"kind": "http_error", "status": 502}


async def test_bad_admin_input_is_a_4xx_with_a_stable_code(make_engine: EngineFactory) -> None:
    engine = make_engine(scenario("t"))
    async with asgi_client(wrap(engine)) as client:
        unknown = await client.post("/_admin/faults/enable", json={"scenario": "atlantis"})
        missing = await client.post("/_admin/faults/enable", json={})
        not_json = await client.post("/_admin/faults/enable", content=b"{")
        ttl = await client.post("/_admin/faults/enable", json={"scenario": "t", "ttl_seconds": -1})
        ages = await client.post(
            "/_admin/faults/enable", json={"scenario": "t", "ttl_seconds": 1e308}
        )
        clock = await client.post("/_admin/faults/clock", json={"action": "rewind"})
        nowhere = await client.get("/_admin/faults/nowhere")
    assert (unknown.status_code, unknown.json()["MaLoi"]) == (404, "FAULT_SCENARIO_NOT_FOUND")
    assert (missing.status_code, missing.json()["MaLoi"]) == (400, "FAULT_ADMIN_BAD_REQUEST")
    assert not_json.status_code == 400
    assert (ttl.status_code, ttl.json()["MaLoi"]) == (400, "FAULT_SPEC_INVALID")
    assert (ages.status_code, ages.json()["MaLoi"]) == (400, "FAULT_SPEC_INVALID")
    assert engine.active_scenario is None
    assert clock.status_code == 400
    assert nowhere.status_code == 404


async def test_a_clock_moved_beyond_the_calendar_is_refused_and_nothing_breaks(
    make_engine: EngineFactory, fault_clock: Clock
) -> None:
    """``advance`` by 1e308 s once left the clock where no datetime exists: that call and every
    later answer of the four mocks (their ``Date`` is the simulated clock) was a 500."""
    engine = make_engine(scenario("t"))
    before = fault_clock.timestamp()
    moves = [
        {"action": "advance", "seconds": 1e308},
        {"action": "advance", "seconds": 10**30},
        {"action": "set", "at": "0001-01-01T00:00:00+14:00"},
        {"action": "set", "at": "9999-12-31T23:59:59+07:00"},
    ]
    async with asgi_client(wrap(engine)) as client:
        for move in moves:
            answer = await client.post("/_admin/faults/clock", json=move)
            assert answer.status_code == 400, (move, answer.text)
            assert answer.json()["MaLoi"] == "FAULT_ADMIN_BAD_REQUEST"
            assert "2200" in answer.json()["MoTaLoi"]
        assert (await client.get("/_admin/faults")).status_code == 200
    assert fault_clock.timestamp() == before


async def test_metrics_seed_precreated_children_and_counts(make_engine: EngineFactory) -> None:
    metrics = CollectorRegistry()
    engine = make_engine(
        scenario("t", rule("http_error", row=44, status=502), rule("hang", row=20, probability=0.0))
    )
    app = wrap(engine, metrics)
    wrap(engine, metrics)  # a second mock on the same CollectorRegistry must not collide
    assert metrics.get_sample_value("mock_registry_fault_seed", {"registry": "dkdn"}) == 7
    engine.enable("t")
    labels = {"registry": "dkdn", "fault": "hang", "row": "20"}
    assert metrics.get_sample_value("mock_registry_faults_injected_total", labels) == 0.0
    async with asgi_client(app) as client:
        for _ in range(3):
            await client.get("/hoso/A1")
        await client.get("/metrics")
    labels = {"registry": "dkdn", "fault": "http_502", "row": "44"}
    assert metrics.get_sample_value("mock_registry_faults_injected_total", labels) == 3.0
    # No identifier in a label; the values are left out: a counter's _created sample is a Unix
    # time, whose digits held "0101" on 2026-12-07 03:3x UTC and failed this test.
    label_values = {v for f in metrics.collect() for s in f.samples for v in s.labels.values()}
    assert label_values and not any("0101" in value for value in label_values)


async def test_factory_wraps_registries_with_the_shared_engine(fault_clock: Clock) -> None:
    engine = build_fault_engine(FaultSettings(seed=3, scenario="dak-lak"), clock=fault_clock)
    metrics = CollectorRegistry()
    apps = [
        create_registry_app(
            name, MockSettings(), clock=fault_clock, metrics_registry=metrics, fault_engine=engine
        )
        for name in ("dan_cu", "dkdn")
    ]
    assert all(isinstance(a.app, FaultMiddleware) for a in apps)  # type: ignore[attr-defined]
    assert engine.active_scenario is not None and engine.active_scenario.name == "dak-lak"
    assert engine.banner() == "ndxp-sim faults: seed=3 scenario=dak-lak"
    plain = create_registry_app(
        "dkdn", MockSettings(), clock=fault_clock, metrics_registry=CollectorRegistry()
    )
    assert not isinstance(plain.app, FaultMiddleware)  # type: ignore[attr-defined]
    async with asgi_client(apps[0]) as client:
        status = (await client.get("/_admin/faults")).json()
    assert len(status["scenarios"]) == len(engine.scenarios) > 10
    assert load_catalog().national_name in engine.scenarios


async def test_admin_api_drives_a_running_mock(
    make_engine: EngineFactory, fault_clock: Clock, serve: Serve
) -> None:
    engine = make_engine(scenario("ninh-thuan", rule("maintenance", row=62, window=OFFICE_HOURS)))
    admin = "/_admin/faults"
    async with (
        serve(wrap(engine)) as url,
        httpx.AsyncClient(base_url=url, headers=ADMIN_HEADERS) as client,
    ):
        assert (await client.get(admin)).json()["active"] is None
        enabled = await client.post(
            admin + "/enable", json={"scenario": "ninh-thuan", "ttl_seconds": 7200}
        )
        during = await client.get("/hoso/A1")
        clock = (
            await client.post(admin + "/clock", json={"action": "advance", "seconds": 3600})
        ).json()
        after = await client.get("/hoso/A1")
        rules = (await client.get(admin + "/scenarios/ninh-thuan")).json()["rules"]
        refused = await client.post(admin + "/enable", json={"scenario": "atlantis"})
        await client.post(admin + "/reset")
    assert enabled.status_code == 200
    assert during.status_code == 503
    assert during.headers["retry-after"] == "3600"
    assert during.headers["x-sim-fault"] == "62:maintenance"
    assert clock["now"].startswith("2024-06-04T10:30")
    assert after.status_code == 200
    assert rules[0]["window"]["slots"][0]["days"] == ["tue", "thu"]
    assert refused.status_code == 404
    assert refused.json()["MaLoi"] == "FAULT_SCENARIO_NOT_FOUND"
    assert engine.idle


async def test_a_clock_step_reaches_a_ramps_plateau(
    make_engine: EngineFactory, fault_clock: Clock
) -> None:
    ramp = {"window": "ramp", "after_s": 0, "over_s": 1800, "from": 0.0, "to": 1.0}
    engine = make_engine(scenario("q", rule("overload", row=42, window=ramp)))
    engine.enable("q", ttl_seconds=3600)
    async with asgi_client(wrap(engine)) as client:
        assert (await client.get("/hoso/A1")).status_code == 200  # minute 0: no overload yet
        await client.post("/_admin/faults/clock", json={"action": "advance", "seconds": 1800})
        answer = await client.get("/hoso/A1")
    assert answer.status_code == 503 and answer.headers["x-sim-fault"] == "42:overload"
    assert engine.status()["active"]["expires_in_s"] == 3600  # the step used none of the TTL
