"""Garbage at every endpoint of every mock is a 4xx with MaLoi/MoTaLoi, never a 500."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import httpx
import orjson
import pytest
from prometheus_client import CollectorRegistry

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


def _app(name: RegistryName) -> Any:
    clock = Clock.frozen_at(datetime(2026, 11, 23, 9, 30, tzinfo=VIETNAM_TZ))
    return create_registry_app(
        name, MockSettings(), clock=clock, metrics_registry=CollectorRegistry()
    )


def _request_fields(document: dict[str, Any], operation: dict[str, Any]) -> list[str]:
    body = operation.get("requestBody")
    if body is None:
        return []
    schema = body["content"]["application/json"]["schema"]
    refs = [schema["$ref"]] if "$ref" in schema else [s["$ref"] for s in schema["oneOf"]]
    fields: dict[str, None] = {}
    for ref in refs:
        name = ref.rsplit("/", 1)[-1]
        fields.update(dict.fromkeys(document["components"]["schemas"][name].get("properties", {})))
    return list(fields)


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
async def test_garbage_everywhere_is_never_a_5xx(name: RegistryName) -> None:
    """Schema-invalid input is a 400 with MaLoi/MoTaLoi; junk that fits the schema gets the
    service's own answer (e.g. ĐKDN Status "0"); nothing is ever a 5xx."""
    app = _app(name)
    sent = refused = 0
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://mock"
    ) as client:
        document = (await client.get("/openapi.json")).json()
        for path, operations in document["paths"].items():
            for method, operation in operations.items():
                if method == "post":
                    for body in _post_bodies(_request_fields(document, operation)):
                        response = await client.post(path, content=body)
                        sent += 1
                        refused += _assert_no_server_error(response, path, body)
                else:
                    params = [p["name"] for p in operation.get("parameters", [])]
                    for junk in QUERY_JUNK:
                        for target in params:
                            query = "&".join(f"{p}={junk if p == target else ''}" for p in params)
                            response = await client.get(f"{path}?{query}")
                            sent += 1
                            refused += _assert_no_server_error(response, path, query.encode())
                wrong_method = await client.request("DELETE", path)
                assert wrong_method.status_code == 405
                assert method.upper() in wrong_method.headers["allow"]
    assert sent > 100 and refused > sent // 2


def _assert_no_server_error(response: httpx.Response, path: str, sent: bytes) -> int:
    assert response.status_code < 500, (path, sent[:200], response.status_code, response.text)
    if response.status_code == 200:
        return 0
    body = response.json()
    assert isinstance(body["MaLoi"], str) and body["MaLoi"].isupper(), body
    assert isinstance(body["MoTaLoi"], str) and body["MoTaLoi"], body
    return 1
