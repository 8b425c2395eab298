"""CSDL giấy phép lái xe mock — skeleton: one look-up."""

from __future__ import annotations

from prometheus_client import CollectorRegistry

from mock_registries.asgi import RegistryApp, RegistryError, Request, Response
from mock_registries.clock import Clock
from mock_registries.settings import MockSettings

__all__ = ["create_app"]


def create_app(settings: MockSettings, *, clock: Clock, metrics_registry: CollectorRegistry) -> RegistryApp:
    app = RegistryApp(title="CSDL giấy phép lái xe", registry="gplx", metrics_registry=metrics_registry)

    @app.route("GET", "/traCuuGPLX", query_params=("soGPLX",))
    async def lookup(request: Request) -> Response:
        value = request.query.get("soGPLX", "")
        if not value.isdigit():
            raise RegistryError(400, "THAM_SO_KHONG_HOP_LE", "Tham số soGPLX không hợp lệ.")
        return Response.json({"SoGPLX": value})

    return app
