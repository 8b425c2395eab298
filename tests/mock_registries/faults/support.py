"""Helpers of the fault-engine tests: a sample registry app with fault-prone fields, rule and
scenario builders, and a real uvicorn server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import datetime
from typing import Any

import httpx
import uvicorn
from fastapi import APIRouter, FastAPI, Request
from prometheus_client import CollectorRegistry
from starlette.responses import Response

from mock_registries.asgi import ASGIApp
from mock_registries.clock import VIETNAM_TZ
from mock_registries.errors import json_response
from mock_registries.faults.engine import DEFAULT_ADMIN_TOKEN, FaultEngine
from mock_registries.faults.middleware import FaultMiddleware
from mock_registries.faults.scenarios import Rule, Scenario
from mock_registries.faults.server import MOCK_HTTP_PROTOCOL
from mock_registries.faults.spec import parse_fault
from mock_registries.faults.windows import parse_window

ADMIN_HEADERS = {"Authorization": f"Bearer {DEFAULT_ADMIN_TOKEN}"}

# A Tuesday, 09:30 in Hà Nội: inside office hours.
TUESDAY_0930 = datetime(2024, 6, 4, 9, 30, tzinfo=VIETNAM_TZ)

DOSSIER: dict[str, Any] = {
    "MaHoSo": "000.00.00.H01-240604-0001",
    "MaTTHC": "1.001612",
    "TenTTHC": "Đăng ký thành lập hợp tác xã",
    "LoaiHinh": "HTX",
    "TrangThai": "TU_CHOI",
    "LyDoTuChoi": "Thiếu thành phần hồ sơ",
    "NgayCoKetQua": "2024-06-01",
    "NgayTraKetQua": "2024-06-02",
    "TepKetQua": "ketqua.pdf",
    "TonGiao": "Phật giáo",
}


def sample_app() -> FastAPI:
    """A registry-shaped app whose answers carry the fields Phụ lục V says go missing."""
    router = APIRouter()

    @router.get("/hoso/{ma}")
    async def detail(ma: str) -> Response:
        return json_response({**DOSSIER, "MaHoSo": ma})

    @router.get("/danhSachHoSo")
    async def listing() -> Response:
        return json_response({"total": 2, "data": [DOSSIER, {**DOSSIER, "TrangThai": "DA_TRA"}]})

    @router.post("/echo")
    async def echo(request: Request) -> Response:
        return json_response({"echo": await request.json()})

    app = FastAPI()
    app.include_router(router)
    return app


def rule(
    kind: str,
    *,
    row: int | None = 99,
    registry: str = "dkdn",
    probability: float = 1.0,
    route: str = "*",
    window: dict[str, Any] | None = None,
    rule_id: str | None = None,
    at: str = "registry",
    **params: Any,
) -> Rule:
    return Rule(
        rule_id=rule_id or (f"{row}.{kind}" if at == "registry" else f"{row}.{kind}@{at}"),
        row=row,
        registry=registry,
        fault=parse_fault({"kind": kind, **params}),
        probability=probability,
        window=parse_window(window),
        route=route.lower(),
        site=at,
    )


def scenario(name: str, *rules: Rule) -> Scenario:
    return Scenario(name, name, tuple(sorted({r.row for r in rules if r.row})), rules)


EngineFactory = Callable[..., FaultEngine]


def asgi_client(app: object, headers: dict[str, str] | None = None) -> httpx.AsyncClient:
    """An HTTP client calling ``app`` in process (no sockets), with the admin credential
    unless ``headers`` say otherwise."""
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),  # type: ignore[arg-type]
        base_url="http://mock",
        headers=ADMIN_HEADERS if headers is None else headers,
    )


def wrap(engine: FaultEngine, metrics: CollectorRegistry | None = None) -> FaultMiddleware:
    return FaultMiddleware(
        sample_app(),
        registry="dkdn",
        engine=engine,
        metrics_registry=metrics if metrics is not None else CollectorRegistry(),
    )


Serve = Callable[..., AbstractAsyncContextManager[str]]


@asynccontextmanager
async def serve_loopback(app: ASGIApp, *, http: Any = MOCK_HTTP_PROTOCOL) -> AsyncIterator[str]:
    """Run ``app`` under uvicorn on a free 127.0.0.1 port in this event loop."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app,
        http=http,
        lifespan="off",
        log_level="critical",
        access_log=False,
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.005)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 5)
        sock.close()
