"""The builders ask about what exists: every look-up a dossier of the mix sends resolves against
the registries' world on the dossier's day, so "no data" in a load test is the exchange's doing.

Each call is sent to the in-process mock of its provider (the NGSP address minus its context)."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import orjson
import pytest
from prometheus_client import CollectorRegistry

from loadtests.builders import BUILDERS
from loadtests.calls import Dossier, Service
from loadtests.mix import load_catalog_services
from mock_registries.clock import VIETNAM_TZ, Clock
from mock_registries.factory import RegistryName, create_registry_app
from mock_registries.settings import MockSettings

MONDAY = datetime(2026, 11, 23, 9, 30, tzinfo=VIETNAM_TZ)
DOSSIERS = 150
LOOKUPS = ("TraCuuThongTinCongDan", "chiTietDoanhNghiep", "chiTietHoKinhDoanh",
           "chiTietHopTacXa", "traHoSo", "traCuuGPLX", "dangKyHoTich", "nopHoSo")  # fmt: skip


def _found(service: str, document: dict[str, Any]) -> bool:
    if service == "TraCuuThongTinCongDan":
        return bool(document["CongdanCollection"]["CongDan"])
    if "Status" in document:  # ĐKDN
        return bool(document["Status"] == "1")
    if "status" in document:  # hộ tịch
        return bool(document["status"] == "1")
    return bool(document.get("error_code") == 0)  # GPLX


@pytest.fixture
async def registries() -> AsyncIterator[dict[str, httpx.AsyncClient]]:
    clock, settings = Clock.frozen_at(MONDAY), MockSettings(seed=2024)
    clients: dict[str, httpx.AsyncClient] = {}
    names: tuple[RegistryName, ...] = ("dan_cu", "dkdn", "ho_tich", "gplx")
    for name in names:
        app = create_registry_app(name, settings, clock=clock, metrics_registry=CollectorRegistry())
        transport = httpx.ASGITransport(app=app)
        clients[name] = httpx.AsyncClient(transport=transport, base_url="http://mock")
    yield clients
    for client in clients.values():
        await client.aclose()


async def test_the_mix_asks_about_identifiers_that_exist(
    registries: dict[str, httpx.AsyncClient],
) -> None:
    services: dict[str, Service] = load_catalog_services()
    found = dict.fromkeys(LOOKUPS, 0)
    households: set[str] = set()
    cooperatives: set[str] = set()
    for index in range(DOSSIERS):
        dossier = Dossier.new(index, random.Random(index), MONDAY)
        rng = random.Random(index)
        for code in LOOKUPS:
            service = services[code]
            call = BUILDERS[code](service, dossier, rng)
            assert call is not None
            path = "/" + call.path.split("/", 3)[3]  # /apiX/1.0/resource → /resource
            response = await registries[service.provider].request(
                call.method, path, content=call.body, headers={"content-type": "application/json"}
            )
            assert response.status_code == 200, (code, response.text)
            found[code] += _found(code, orjson.loads(response.content))
            if code in ("chiTietHoKinhDoanh", "chiTietHopTacXa"):
                mst = parse_qs(urlsplit(call.path).query)["mst"][0]
                (households if code == "chiTietHoKinhDoanh" else cooperatives).add(mst)
    assert {code: n / DOSSIERS for code, n in found.items() if n < 0.99 * DOSSIERS} == {}
    # many household businesses and cooperatives (a pool of 1,024 a day), not one fixed code
    assert len(households) > 0.9 * DOSSIERS and len(cooperatives) > 0.8 * DOSSIERS
