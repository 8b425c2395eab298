"""What every mock shares: offline docs, the OpenAPI document (servers, security schemes,
required and patterned parameters, examples), and the error model at the HTTP level."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from mock_registries.clock import Clock
from mock_registries.factory import REGISTRY_NAMES, RegistryName, registry_spec
from mock_registries.settings import MockSettings
from tests.mock_registries.conftest import client_for

CATALOG = Path(__file__).resolve().parents[2] / "gateway" / "catalog.yaml"


@pytest.fixture(params=REGISTRY_NAMES)
async def mock(request: pytest.FixtureRequest, clock: Clock) -> Any:
    async with client_for(request.param, MockSettings(), clock) as client:
        yield request.param, client


async def test_docs_are_served_offline(mock: tuple[RegistryName, httpx.AsyncClient]) -> None:
    _, client = mock
    for page in ("/docs", "/redoc"):
        html = (await client.get(page)).text
        assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
        assert assets and all(a.startswith("/") for a in assets), assets
        assert "cdn" not in html.lower() and "fonts.googleapis" not in html
        for asset in assets:
            response = await client.get(asset)
            assert response.status_code == 200 and len(response.content) > 1000, asset


async def test_openapi_names_the_gateway_addresses_of_the_catalog(
    mock: tuple[RegistryName, httpx.AsyncClient],
) -> None:
    name, client = mock
    document = (await client.get("/openapi.json")).json()
    provider = next(
        p for p in yaml.safe_load(CATALOG.read_text())["providers"] if p["code"] == name
    )
    member = provider["member"]
    urls = [s["url"] for s in document["servers"]]
    assert urls == [
        "/",
        f"{{lgsp}}/{provider['api_context']}/{provider['version']}",
        f"{{lgsp}}/r1/VN/{member['class']}/{member['code']}/{member['subsystem']}",
    ]
    services = {s["path"].strip("/").split("/")[0] for s in provider["services"]}
    paths = {p.strip("/").split("/")[0] for p in document["paths"]}
    assert services <= paths, services - paths
    assert set(document["components"]["securitySchemes"]) == {"NGSPBearer", "LGSPAccessToken"}
    assert {} in document["security"]  # direct calls to the mock need no token
    assert "Giả định" in document["info"]["description"]
    assert "Đã biết" in document["info"]["description"]


async def test_parameters_are_required_and_patterned(
    mock: tuple[RegistryName, httpx.AsyncClient],
) -> None:
    _, client = mock
    document = (await client.get("/openapi.json")).json()
    for path, operations in document["paths"].items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] in ("offset", "limit", "wsdl"):
                    continue
                assert parameter["required"], (path, parameter["name"])
                schema = parameter["schema"]
                assert "pattern" in schema or "minLength" in schema, (path, parameter)


async def test_request_examples_come_from_the_test_identities(
    mock: tuple[RegistryName, httpx.AsyncClient],
) -> None:
    _, client = mock
    text = (await client.get("/openapi.json")).text
    identities = Path(__file__).resolve().parents[2] / "docs" / "test-identities.md"
    known = set(re.findall(r"`([0-9]{9,12})`", identities.read_text(encoding="utf-8")))
    assert any(identity in text for identity in known), "no example from the test identities"


async def test_http_level_errors(mock: tuple[RegistryName, httpx.AsyncClient]) -> None:
    name, client = mock
    path = next(iter((await client.get("/openapi.json")).json()["paths"]))
    wrong = await client.request("PATCH", path)
    assert wrong.status_code == 405 and wrong.headers["allow"]
    assert wrong.json()["MaLoi"] == "PHUONG_THUC_KHONG_HO_TRO"
    missing = await client.get("/khongCoDichVu")
    assert missing.status_code == 404 and missing.json()["MaLoi"] == "KHONG_TON_TAI_DICH_VU"
    huge = await client.post(path, content=b"x" * 2_000_000)
    assert huge.status_code == 413 and huge.json()["MaLoi"] == "YEU_CAU_QUA_LON"
    health = (await client.get("/healthz")).json()
    assert health == {"status": "ok", "registry": name, "pid": os.getpid()}
    assert (await client.get("/metrics")).status_code == 200
    assert registry_spec(name).name == name
