"""Per-consumer sandboxes in the fault engine, over the admin API: a sandbox's scenario fires
only for requests carrying its id, on its own clock; bad input is a 4xx with a stable code."""

from __future__ import annotations

from mock_registries.clock import Clock
from tests.mock_registries.faults.support import EngineFactory, asgi_client, rule, scenario, wrap

CONSUMER = "VN/GOV/000.00.00.H26/LGSP_DNG"


async def test_a_sandbox_faults_its_own_requests_only(
    make_engine: EngineFactory, fault_clock: Clock
) -> None:
    engine = make_engine(scenario("dak-lak", rule("http_error", row=43, status=502)))
    async with asgi_client(wrap(engine)) as client:
        created = await client.post(
            "/_admin/faults/sandboxes",
            json={"id": "dng", "consumer": CONSUMER, "seed": 3, "at": "2024-06-06T14:00:00+07:00"},
        )
        assert created.status_code == 200, created.text
        assert created.json()["consumer"] == CONSUMER and created.json()["seed"] == 3
        enabled = await client.post(
            "/_admin/faults/sandboxes/dng/enable", json={"scenario": "dak-lak"}
        )
        assert enabled.json()["active"]["name"] == "dak-lak"
        assert (await client.get("/hoso/A1", headers={"x-sim-sandbox": "dng"})).status_code == 502
        assert (await client.get("/hoso/A1")).status_code == 200  # everyone else
        assert (await client.get("/hoso/A1", headers={"x-sim-sandbox": "other"})).status_code == 200
        clock = (await client.get("/_admin/faults/sandboxes/dng/clock")).json()
        assert clock["now"].startswith("2024-06-06T14:00")  # its own clock
        assert engine.clock is fault_clock and fault_clock.now().day != 6
        listed = (await client.get("/_admin/faults/sandboxes")).json()
        assert [s["id"] for s in listed] == ["dng"]
        assert (await client.delete("/_admin/faults/sandboxes/dng")).status_code == 200
        assert (await client.get("/hoso/A1", headers={"x-sim-sandbox": "dng"})).status_code == 200
        assert engine.idle


async def test_sandbox_admin_refuses_bad_input(make_engine: EngineFactory) -> None:
    engine = make_engine(scenario("dak-lak", rule("http_error", row=43, status=502)))
    async with asgi_client(wrap(engine)) as client:
        bad_id = await client.post(
            "/_admin/faults/sandboxes", json={"id": "a b", "consumer": CONSUMER}
        )
        assert bad_id.status_code == 400
        missing = await client.get("/_admin/faults/sandboxes/nope")
        assert missing.status_code == 404 and missing.json()["MaLoi"] == "SANDBOX_NOT_FOUND"
        await client.post("/_admin/faults/sandboxes", json={"id": "a", "consumer": CONSUMER})
        taken = await client.post(
            "/_admin/faults/sandboxes", json={"id": "b", "consumer": CONSUMER}
        )
        assert taken.status_code == 400  # one consumer, one sandbox
        rows = await client.post(
            "/_admin/faults/sandboxes/a/rows", json={"name": "x", "rows": [{"row": 999}]}
        )
        assert rows.status_code == 400 and "999" in rows.json()["MoTaLoi"]
