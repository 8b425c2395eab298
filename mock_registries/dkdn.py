"""CSDLQG về đăng ký doanh nghiệp mock — skeleton: one look-up."""

from __future__ import annotations

from prometheus_client import CollectorRegistry

from mock_registries.asgi import RegistryApp, RegistryError, Request, Response
from mock_registries.clock import Clock
from mock_registries.settings import MockSettings

__all__ = ["create_app"]


def create_app(settings: MockSettings, *, clock: Clock, metrics_registry: CollectorRegistry) -> RegistryApp:
    app = RegistryApp(title="CSDLQG về đăng ký doanh nghiệp", registry="dkdn", metrics_registry=metrics_registry)

    @app.route("GET", "/chiTietDoanhNghiep", query_params=("msdn",))
    async def lookup(request: Request) -> Response:
        value = request.query.get("msdn", "")
        if not value.isdigit():
            raise RegistryError(400, "THAM_SO_KHONG_HOP_LE", "Tham số msdn không hợp lệ.")
        return Response.json({"MaSoDoanhNghiep": value})

    return app
