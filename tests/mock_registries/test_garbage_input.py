"""Garbage at every endpoint of every mock is a 4xx with MaLoi/MoTaLoi, never a 500."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import httpx
import orjson
import pytest
from prometheus_client import CollectorRegistry

from mock_registries.asgi import RegistryApp
from mock_registries.clock import VIETNAM_TZ, Clock
from mock_registries.factory import REGISTRY_NAMES, RegistryName, create_registry_app
from mock_registries.settings import MockSettings

HUGE = 10**40
JUNK_VALUES: list[Any] = [
    None,
    True,
    0,
    -1,
    HUGE,
    1.5e308,
    "",
    " ",
    "x" * 5000,
    "０１２３４５６７８９０１",
    "٠١٢٣٤٥٦٧٨٩٠١",
    "001080012345\x00",
    "'; DROP TABLE",
    [],
    ["001080012345"],
    {},
    {"a": {"b": [1]}},
]
RAW_BODIES: list[bytes] = [
    b"",
    b"not json",
    b"{",
    b"[]",
    b'"string"',
    b"12",
    b"null",
    b"\xff\xfe\x00",
    b'{"a":' * 200,
    orjson.dumps([{"SoDinhDanh": "001080012345"}]),
]
QUERY_JUNK = [
    "",
    "abc",
    "-1",
    "1" * 40,
    "%00",
    "%FF%FE",
    "0100109106-",
    "01/13/2026",
    "2026-02-30",
    "..%2F..%2Fetc",
]


def _app(name: RegistryName) -> RegistryApp:
    clock = Clock.frozen_at(datetime(2026, 11, 23, 9, 30, tzinfo=VIETNAM_TZ))
    app = create_registry_app(
        name, MockSettings(), clock=clock, metrics_registry=CollectorRegistry()
    )
    assert isinstance(app, RegistryApp)
    return app


def _request_fields(app: RegistryApp, template: str) -> list[str]:
    document = orjson.loads(app.openapi())
    body = document["paths"][template]["post"].get("requestBody")
    if body is None:
        return []
    name = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    return list(document["components"]["schemas"][name]["properties"])


def _post_bodies(fields: list[str]) -> Iterator[bytes]:
    yield from RAW_BODIES
    base = dict.fromkeys(fields, "x")
    for field in fields:
        for junk in JUNK_VALUES:
            yield _dumps({**base, field: junk})
        without = dict(base)
        without.pop(field)
        yield orjson.dumps(without)


def _dumps(value: dict[str, Any]) -> bytes:
    """JSON, including integers too big for orjson (sent as literal digits)."""
    huge = {k: v for k, v in value.items() if isinstance(v, int) and abs(v) >= 2**63}
    encoded = orjson.dumps({k: (f"@{k}@" if k in huge else v) for k, v in value.items()})
    for key, number in huge.items():
        encoded = encoded.replace(f'"@{key}@"'.encode(), str(number).encode())
    return encoded


@pytest.mark.parametrize("name", REGISTRY_NAMES)
async def test_garbage_everywhere_is_a_4xx(name: RegistryName) -> None:
    app = _app(name)
    sent = 0
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://mock"
    ) as client:
        for route in app.routes:
            if route.method == "POST":
                for body in _post_bodies(_request_fields(app, route.template)):
                    response = await client.post(route.template, content=body)
                    sent += 1
                    _assert_client_error(response, route.template, body)
            else:
                params = route.query_params
                for junk in QUERY_JUNK:
                    for target in params:
                        query = "&".join(f"{p}={junk if p == target else ''}" for p in params)
                        response = await client.get(f"{route.template}?{query}")
                        sent += 1
                        _assert_client_error(response, route.template, query.encode())
                response = await client.get(route.template)
                _assert_client_error(response, route.template, b"")
            wrong_method = await client.request("DELETE", route.template)
            assert wrong_method.status_code == 405
    assert sent > 40


def _assert_client_error(response: httpx.Response, path: str, sent: bytes) -> None:
    assert 400 <= response.status_code < 500, (
        path,
        sent[:200],
        response.status_code,
        response.text[:300],
    )
    body = response.json()
    assert isinstance(body["MaLoi"], str) and body["MaLoi"].isupper()
    assert isinstance(body["MoTaLoi"], str) and body["MoTaLoi"]
