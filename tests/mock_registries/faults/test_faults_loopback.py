"""Client-visible symptoms of every fault kind, against a real uvicorn server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import httpx
import pytest
from prometheus_client import CollectorRegistry

from mock_registries.faults.engine import FaultEngine
from tests.mock_registries.faults.support import (
    DOSSIER,
    EngineFactory,
    Serve,
    rule,
    scenario,
    wrap,
)


async def _engine_with(make_engine: EngineFactory, *rules: Any, **kwargs: Any) -> FaultEngine:
    engine = make_engine(scenario("t", *rules), **kwargs)
    engine.enable("t")
    return engine


async def test_idle_engine_leaves_answers_untouched(
    make_engine: EngineFactory, serve: Serve
) -> None:
    engine = make_engine(scenario("t", rule("http_error", status=500)))
    async with serve(wrap(engine)) as url, httpx.AsyncClient(base_url=url) as client:
        response = await client.get("/hoso/A1")
    assert engine.idle
    assert response.status_code == 200
    assert "x-sim-fault" not in response.headers
    assert response.json() == {**DOSSIER, "MaHoSo": "A1"}


async def test_latency_trips_a_short_timeout_and_is_attributed(
    make_engine: EngineFactory, serve: Serve
) -> None:
    engine = await _engine_with(
        make_engine, rule("latency", row=20, delay={"dist": "fixed", "ms": 300})
    )
    async with serve(wrap(engine)) as url, httpx.AsyncClient(base_url=url) as client:
        with pytest.raises(httpx.ReadTimeout):
            await client.get("/hoso/A1", timeout=0.1)
        started = time.perf_counter()
        response = await client.get("/hoso/A1", timeout=2.0)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200
    assert response.headers["x-sim-fault"] == "20:latency"
    assert elapsed >= 0.3


async def test_hang_holds_until_the_client_gives_up(
    make_engine: EngineFactory, serve: Serve
) -> None:
    engine = await _engine_with(make_engine, rule("hang", row=63))
    metrics = CollectorRegistry()
    async with serve(wrap(engine, metrics)) as url, httpx.AsyncClient(base_url=url) as client:
        started = time.perf_counter()
        with pytest.raises(httpx.ReadTimeout):
            await client.get("/hoso/A1", timeout=0.3)
        assert time.perf_counter() - started < 1.0
    value = metrics.get_sample_value(
        "mock_registry_faults_injected_total", {"registry": "dkdn", "fault": "hang", "row": "63"}
    )
    assert value == 1.0


async def test_trickle_defeats_the_read_timeout_but_not_a_total_deadline(
    make_engine: EngineFactory, serve: Serve
) -> None:
    engine = await _engine_with(
        make_engine, rule("trickle", row=55, chunk_bytes=40, interval_ms=60, min_total_ms=0)
    )
    async with serve(wrap(engine)) as url, httpx.AsyncClient(base_url=url) as client:
        started = time.perf_counter()
        response = await client.get("/hoso/A1", timeout=httpx.Timeout(0.25))
        elapsed = time.perf_counter() - started
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(client.get("/hoso/A1", timeout=0.25), 0.3)
    assert response.json()["MaHoSo"] == "A1"
    assert response.headers["x-sim-fault"] == "55:trickle"
    assert elapsed > 0.25  # longer than the read timeout, yet no ReadTimeout


@pytest.mark.parametrize(
    ("status", "retry_after"), [(500, None), (502, None), (503, 30), (504, None), (429, 5)]
)
async def test_http_errors_with_retry_after(
    make_engine: EngineFactory, serve: Serve, status: int, retry_after: int | None
) -> None:
    params: dict[str, Any] = {"status": status}
    if retry_after is not None:
        params["retry_after_s"] = retry_after
    engine = await _engine_with(make_engine, rule("http_error", row=43, **params))
    async with serve(wrap(engine)) as url, httpx.AsyncClient(base_url=url) as client:
        response = await client.get("/hoso/A1")
    assert response.status_code == status
    assert response.headers["x-sim-fault"] == f"43:http_{status}"
    assert response.headers.get("retry-after") == (str(retry_after) if retry_after else None)
    assert response.json()["MaLoi"]


async def _raw_exchange(url: str, path: str) -> tuple[bytes, BaseException | None]:
    host, port = url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    await writer.drain()
    received = b""
    error: BaseException | None = None
    try:
        while chunk := await asyncio.wait_for(reader.read(65536), 1.0):
            received += chunk
    except (ConnectionResetError, TimeoutError) as exc:
        error = exc
    writer.close()
    return received, error


async def test_reset_before_response_is_a_tcp_rst(make_engine: EngineFactory, serve: Serve) -> None:
    engine = await _engine_with(make_engine, rule("reset_before", row=11))
    async with serve(wrap(engine)) as url:
        received, error = await _raw_exchange(url, "/hoso/A1")
        async with httpx.AsyncClient(base_url=url) as client:
            with pytest.raises(httpx.ReadError):
                await client.get("/hoso/A1")
    assert received == b""
    assert isinstance(error, ConnectionResetError)


async def test_reset_mid_response_sends_headers_then_rst(
    make_engine: EngineFactory, serve: Serve
) -> None:
    engine = await _engine_with(make_engine, rule("reset_mid", row=32, fraction=0.5))
    async with serve(wrap(engine)) as url:
        received, error = await _raw_exchange(url, "/hoso/A1")
        async with httpx.AsyncClient(base_url=url) as client:
            with pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)):
                await client.get("/hoso/A1")
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200")
    assert b"x-sim-fault: 32:reset_mid" in head
    assert 0 < len(body) < len(json.dumps(DOSSIER, ensure_ascii=False).encode())
    assert isinstance(error, ConnectionResetError)


async def test_empty_reply_closes_without_a_byte(make_engine: EngineFactory, serve: Serve) -> None:
    engine = await _engine_with(make_engine, rule("empty_reply", row=42))
    async with serve(wrap(engine)) as url:
        received, error = await _raw_exchange(url, "/hoso/A1")
        async with httpx.AsyncClient(base_url=url) as client:
            with pytest.raises(httpx.RemoteProtocolError, match="without sending"):
                await client.get("/hoso/A1")
    assert received == b""
    assert error is None  # a clean FIN, not a reset


async def test_reset_degrades_to_a_cut_body_under_the_stock_protocol(
    make_engine: EngineFactory, serve: Serve
) -> None:
    engine = await _engine_with(make_engine, rule("reset_mid", row=32))
    async with (
        serve(wrap(engine), http="httptools") as url,
        httpx.AsyncClient(base_url=url) as client,
    ):
        with pytest.raises(httpx.RemoteProtocolError):
            await client.get("/hoso/A1")


@pytest.mark.parametrize("kind", ["malformed_json", "truncated_json"])
async def test_broken_json_bodies(make_engine: EngineFactory, serve: Serve, kind: str) -> None:
    engine = await _engine_with(make_engine, rule(kind, row=85))
    async with serve(wrap(engine)) as url, httpx.AsyncClient(base_url=url) as client:
        response = await client.get("/hoso/A1")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-sim-fault"] == f"85:{kind}"
    assert int(response.headers["content-length"]) == len(response.content)
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.content)


async def test_html_error_page_with_wrong_content_type(
    make_engine: EngineFactory, serve: Serve
) -> None:
    engine = await _engine_with(make_engine, rule("html_error", row=44, status=502))
    async with serve(wrap(engine)) as url, httpx.AsyncClient(base_url=url) as client:
        response = await client.get("/hoso/A1")
    assert response.status_code == 502
    assert response.headers["content-type"] == "text/html"
    assert response.text.startswith("<html>")
    with pytest.raises(json.JSONDecodeError):
        response.json()


async def test_data_faults_rewrite_the_real_answer(
    make_engine: EngineFactory, serve: Serve
) -> None:
    engine = await _engine_with(
        make_engine,
        rule("missing_fields", row=45, fields=["NgayCoKetQua", "NgayTraKetQua", "TepKetQua"]),
        rule("wrong_values", row=72, values={"TonGiao": "Không"}),
        rule("schema_drift", row=98, rename={"MaHoSo": "SoHoSo"}),
        rule(
            "missing_fields",
            row=20,
            rule_id="20.htx",
            fields=["MaTTHC", "TenTTHC"],
            when={"field": "LoaiHinh", "in": ["Hợp tác xã", "HTX"]},
        ),
    )
    async with serve(wrap(engine)) as url, httpx.AsyncClient(base_url=url) as client:
        response = await client.get("/hoso/A1")
    body = response.json()
    assert response.headers["x-sim-fault"] == (
        "45:missing_fields,72:wrong_values,98:schema_drift,20:missing_fields"
    )
    assert "NgayCoKetQua" not in body and "TepKetQua" not in body and "MaTTHC" not in body
    assert body["TonGiao"] == "Không"
    assert body["SoHoSo"] == "A1" and "MaHoSo" not in body


async def test_empty_result_and_status_sync_on_a_listing(
    make_engine: EngineFactory, serve: Serve
) -> None:
    engine = await _engine_with(
        make_engine,
        rule("empty_result", row=68, route="*danhsachhoso*", count_fields=["total"]),
    )
    sync_engine = await _engine_with(
        make_engine,
        rule(
            "status_sync",
            row=13,
            fields=["TrangThai"],
            hidden=["Từ chối"],
            reported_as="DANG_XU_LY",
            drop_fields=["LyDoTuChoi"],
        ),
    )
    async with serve(wrap(engine)) as url, httpx.AsyncClient(base_url=url) as client:
        empty = await client.get("/danhSachHoSo")
        other_route = await client.get("/hoso/A1")
    async with serve(wrap(sync_engine)) as url, httpx.AsyncClient(base_url=url) as client:
        synced = await client.get("/danhSachHoSo")
    assert empty.json() == {"total": 0, "data": []}
    assert empty.headers["x-sim-fault"] == "68:empty_result"
    assert "x-sim-fault" not in other_route.headers
    rows = synced.json()["data"]
    assert [r["TrangThai"] for r in rows] == ["DANG_XU_LY", "DA_TRA"]
    assert "LyDoTuChoi" not in rows[0]


async def test_capability_gap_only_on_the_missing_endpoint(
    make_engine: EngineFactory, serve: Serve
) -> None:
    engine = await _engine_with(
        make_engine, rule("not_implemented", row=77, route="*danhsach*", status=501)
    )
    async with serve(wrap(engine)) as url, httpx.AsyncClient(base_url=url) as client:
        gap = await client.get("/danhSachHoSo")
        fine = await client.get("/hoso/A1")
    assert gap.status_code == 501
    assert gap.json()["MaLoi"] == "CHUA_HO_TRO"
    assert gap.headers["x-sim-fault"] == "77:not_implemented"
    assert fine.status_code == 200


async def test_override_header_is_ignored_unless_allowed(
    make_engine: EngineFactory, serve: Serve
) -> None:
    closed = make_engine(scenario("t"))
    opened = make_engine(scenario("t"), allow_override_headers=True)
    headers = {"x-sim-fault": "http_503"}
    async with serve(wrap(closed)) as url, httpx.AsyncClient(base_url=url) as client:
        ignored = await client.get("/hoso/A1", headers=headers)
    async with serve(wrap(opened)) as url, httpx.AsyncClient(base_url=url) as client:
        honoured = await client.get("/hoso/A1", headers=headers)
        unknown = await client.get("/hoso/A1", headers={"x-sim-fault": "explode"})
    assert ignored.status_code == 200
    assert honoured.status_code == 503
    assert honoured.headers["x-sim-fault"] == "-:http_503"
    assert unknown.status_code == 400
    assert unknown.json()["MaLoi"] == "FAULT_SPEC_INVALID"


async def test_post_body_reaches_the_registry_behind_a_delay(
    make_engine: EngineFactory, serve: Serve
) -> None:
    engine = await _engine_with(
        make_engine, rule("latency", row=20, delay={"dist": "fixed", "ms": 20})
    )
    async with serve(wrap(engine)) as url, httpx.AsyncClient(base_url=url) as client:
        response = await client.post("/echo", json={"msdn": "0101234567"})
    assert response.json() == {"echo": {"msdn": "0101234567"}}
    assert response.headers["x-sim-fault"] == "20:latency"
