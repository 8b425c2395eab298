"""The fault journal a component keeps of the faults it applied, and its paged admin endpoint
(``GET /_admin/faults/journal``): what a report pulls from a mock in its own process."""

from __future__ import annotations

import httpx

from mock_registries.faults.journal import FaultJournal
from tests.mock_registries.faults.support import (
    ADMIN_HEADERS,
    EngineFactory,
    rule,
    scenario,
    wrap,
)


def _client(app: object, headers: dict[str, str] = ADMIN_HEADERS) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),  # type: ignore[arg-type]
        base_url="http://mock",
        headers=headers,
    )


def test_pages_follow_the_sequence_without_repeats_or_gaps() -> None:
    journal = FaultJournal()
    for n in range(25):
        journal.add("dkdn", f"id-{n}", "20:hang")
    journal.add("dkdn", None, "20:hang")  # no key: nothing to join it to, not journaled
    seen: list[str] = []
    after: int | None = 0
    while after is not None:
        page = journal.page(after, limit=10)
        seen += [e["messageId"] for e in page["entries"]]
        after = page["next"]
    assert seen == [f"id-{n}" for n in range(25)]
    assert journal.page(25)["entries"] == [] and journal.page(25)["next"] is None


def test_bounded_oldest_go_first_and_are_counted() -> None:
    journal = FaultJournal(max_entries=5)
    for n in range(8):
        journal.add("gplx", f"k{n}", "21:missing_fields")
    page = journal.page(0)
    assert [e["seq"] for e in page["entries"]] == [4, 5, 6, 7, 8]
    assert page["dropped"] == 3
    assert [e["seq"] for e in journal.page(6)["entries"]] == [7, 8]


def test_a_key_that_is_no_correlation_id_is_not_kept() -> None:
    journal = FaultJournal()
    journal.add("dan_cu", "Nguyễn Văn An 001203004512", "3:empty")
    (entry,) = journal.page(0)["entries"]
    assert "001203004512" not in entry["messageId"] and "An" not in entry["messageId"]


async def test_the_admin_endpoint_serves_what_the_engine_applied(
    make_engine: EngineFactory,
) -> None:
    engine = make_engine(scenario("dak-lak", rule("http_error", row=43, status=502)))
    engine.enable("dak-lak")
    app = wrap(engine)
    async with _client(app) as client:
        for n in range(3):
            await client.get("/hoso/A1", headers={"X-Road-Id": f"tinh-2024/{n}"})
        first = (await client.get("/_admin/faults/journal?after=0&limit=2")).json()
        rest = (await client.get(f"/_admin/faults/journal?after={first['next']}")).json()
        bad = await client.get("/_admin/faults/journal?after=-1")
    async with _client(app, {}) as client:
        refused = await client.get("/_admin/faults/journal")
    keys = [e["messageId"] for e in first["entries"] + rest["entries"]]
    assert keys == ["tinh-2024/0", "tinh-2024/1", "tinh-2024/2"]
    assert {e["tag"] for e in first["entries"]} == {"43:http_502"}
    assert first["origin"] == rest["origin"] == engine.journal.origin
    assert rest["next"] is None
    assert (bad.status_code, bad.json()["MaLoi"]) == (400, "FAULT_ADMIN_BAD_REQUEST")
    assert refused.status_code == 401
