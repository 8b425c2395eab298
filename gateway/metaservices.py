"""X-Road metaservices on a provider: ``listMethods``, ``allowedMethods``, ``getOpenAPI``.

``getOpenAPI`` is fetched from the registry itself, through the hop the caller's requests take
(via the NDXP when asked at the LGSP), so what an integrator reads is what the registry really
serves. A failed fetch raises the connector's ``UpstreamError``: the hop names the failure.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import orjson

from connectors import UpstreamResponse
from gateway.asgi import JSON
from gateway.catalog import Consumer, Provider
from gateway.routing import Route

__all__ = ["Metaservices", "OpenApiFetch"]

OpenApiFetch = Callable[[], Awaitable[UpstreamResponse]]


class Metaservices:
    """Answers the metaservices of the providers of one X-Road ``instance``; ``allowed`` is
    the ACL check (consumer, provider code, service code)."""

    def __init__(self, *, instance: str, allowed: Callable[[Consumer, str, str], bool]) -> None:
        self.instance = instance
        self.allowed = allowed

    async def answer(
        self, route: Route, consumer: Consumer, fetch_openapi: OpenApiFetch
    ) -> tuple[int, bytes, bytes]:
        """Status, body and content type of the metaservice ``route`` names."""
        provider = route.provider
        if route.metaservice == "listMethods":
            services = [self._entry(provider, s.code) for s in provider.services]
            return 200, orjson.dumps({"service": services}), JSON
        if route.metaservice == "allowedMethods":
            services = [
                self._entry(provider, s.code)
                for s in provider.services
                if self.allowed(consumer, provider.code, s.code)
            ]
            return 200, orjson.dumps({"service": services}), JSON
        response = await fetch_openapi()
        return response.status, response.body, response.header(b"content-type") or JSON

    def _entry(self, provider: Provider, code: str) -> dict[str, str]:
        return {
            "objectType": "SERVICE",
            "xRoadInstance": self.instance,
            "memberClass": provider.member.member_class,
            "memberCode": provider.member.code,
            "subsystemCode": provider.member.subsystem,
            "serviceCode": code,
            "serviceVersion": provider.version,
            "serviceType": "REST",
        }
