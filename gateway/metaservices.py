"""X-Road metaservices on a provider: ``listMethods``, ``allowedMethods``, ``getOpenAPI``.

``getOpenAPI`` is fetched from the registry itself (through the NDXP when asked at the LGSP), so
what an integrator reads is what the registry really serves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import orjson

from connectors import UpstreamError
from gateway.catalog import Consumer
from gateway.errors import ServiceFailed
from gateway.routing import Route

if TYPE_CHECKING:
    from gateway.app import GatewayApp

__all__ = ["answer_metaservice"]

_JSON = b"application/json"


def _service_entry(app: GatewayApp, route: Route, code: str, version: str) -> dict[str, str]:
    provider = route.provider
    return {
        "objectType": "SERVICE",
        "xRoadInstance": app.catalog.instance,
        "memberClass": provider.member.member_class,
        "memberCode": provider.member.code,
        "subsystemCode": provider.member.subsystem,
        "serviceCode": code,
        "serviceVersion": version,
        "serviceType": "REST",
    }


async def answer_metaservice(
    app: GatewayApp, route: Route, consumer: Consumer, message: str, request_id: str
) -> tuple[int, bytes, bytes]:
    """Status, body and content type of the metaservice ``route`` names."""
    provider = route.provider
    if route.metaservice == "listMethods":
        services = [_service_entry(app, route, s.code, provider.version) for s in provider.services]
        return 200, orjson.dumps({"service": services}), _JSON
    if route.metaservice == "allowedMethods":
        services = [
            _service_entry(app, route, s.code, provider.version)
            for s in provider.services
            if app.acl.allowed(consumer, provider.code, s.code)
        ]
        return 200, orjson.dumps({"service": services}), _JSON
    if app.role == "lgsp":
        upstream = app.upstreams["ndxp"]
        path = route.xroad_path(app.catalog.instance)
        assert app._own_identity is not None and app._own_auth is not None
        headers = [(b"x-road-client", app._own_identity), (b"authorization", app._own_auth)]
    else:
        upstream = app.upstreams[provider.code]
        path = "/openapi.json"
        headers = []
    headers += [(b"x-road-id", message.encode()), (b"x-road-request-id", request_id.encode())]
    try:
        response = await upstream.send("GET", path, headers, b"", idempotent=True)
    except UpstreamError as exc:
        failed = ServiceFailed(exc, f"Không lấy được OpenAPI của {provider.code}: {exc.message}")
        body, _ = failed.body(app.role, app.spelling)
        return failed.status, body, _JSON
    return response.status, response.body, response.header(b"content-type") or _JSON
