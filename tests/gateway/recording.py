"""A gateway hop in memory: upstreams replaced by a transport that records what it is sent,
a ledger that keeps its records, and a client that calls the hop over ASGI."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import orjson
from prometheus_client import CollectorRegistry

from connectors import Timeout, UpstreamError, UpstreamResponse
from gateway.app import GatewayApp, create_app
from gateway.catalog import Catalog
from gateway.opmon import HopRecord, NullLedger
from gateway.settings import GatewaySettings, Role
from tests.gateway.identities import CCCD

URLS = {
    "ndxp": "http://ndxp.test",
    "dan_cu": "http://dan-cu.test",
    "dkdn": "http://dkdn.test",
    "ho_tich": "http://ho-tich.test",
    "gplx": "http://gplx.test",
}
SETTINGS = GatewaySettings(upstreams=URLS, timeout=Timeout(attempt=12, total=30))
TRA_CUU = "/apiCSDLDC/1.0/TraCuuThongTinCongDan"
DN_XROAD = "/r1/VN/GOV/000.00.00.G05/CSDLDKDN/chiTietDoanhNghiep"
DN_ANSWER = orjson.dumps({"Status": "0", "Message": "x", "MaSoDoanhNghiep": "0100109106"})
JSON_HEADERS = [(b"content-type", b"application/json")]


@dataclass
class Sent:
    method: str
    url: str
    headers: dict[bytes, bytes]
    body: bytes
    timeout: Timeout


class Recorder:
    """A transport that records each attempt and answers ``body`` with ``headers`` — or
    raises ``failure``."""

    def __init__(
        self,
        body: bytes = DN_ANSWER,
        headers: list[tuple[bytes, bytes]] = JSON_HEADERS,
        *,
        status: int = 200,
        failure: UpstreamError | None = None,
    ) -> None:
        self.body = body
        self.headers = headers
        self.status = status
        self.failure = failure
        self.sent: list[Sent] = []

    async def send(
        self, method: str, url: str, headers: list[tuple[bytes, bytes]], body: bytes, t: Timeout
    ) -> UpstreamResponse:
        self.sent.append(Sent(method, url, dict(headers), body, t))
        if self.failure is not None:
            raise self.failure
        return UpstreamResponse(self.status, list(self.headers), self.body)

    async def aclose(self) -> None:
        return None


class ListLedger(NullLedger):
    def __init__(self) -> None:
        self.records: list[HopRecord] = []

    def record(self, record: HopRecord) -> None:
        self.records.append(record)


def build_app(
    role: Role,
    transport: Recorder,
    *,
    ledger: ListLedger | None = None,
    catalog: Catalog | None = None,
) -> GatewayApp:
    return create_app(
        SETTINGS,
        role=role,
        metrics_registry=CollectorRegistry(),
        transport=transport,
        ledger=ledger,
        catalog=catalog,
    )


async def call(app: GatewayApp, method: str, path: str, **headers: str) -> httpx.Response:
    """One request to ``app``; ``headers`` by keyword, underscores standing for dashes. A POST
    carries a citizen look-up body."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://hop"
    ) as client:
        body = orjson.dumps({"MaYeuCau": "1", "SoDinhDanh": CCCD}) if method == "POST" else b""
        sent = {name.replace("_", "-"): value for name, value in headers.items()}
        return await client.request(method, path, content=body, headers=sent)
