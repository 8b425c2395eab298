"""CSDLQG về dân cư (C06) mock — skeleton: citizen look-up by số định danh cá nhân."""

from __future__ import annotations

import hashlib

from prometheus_client import CollectorRegistry

from mock_registries.asgi import RegistryApp, RegistryError, Request, Response
from mock_registries.clock import Clock
from mock_registries.settings import MockSettings

__all__ = ["create_app"]


def create_app(settings: MockSettings, *, clock: Clock, metrics_registry: CollectorRegistry) -> RegistryApp:
    app = RegistryApp(title="CSDLQG về dân cư", registry="dan_cu", metrics_registry=metrics_registry)

    @app.route("POST", "/TraCuuThongTinCongDan", summary="Tra cứu thông tin công dân")
    async def tra_cuu(request: Request) -> Response:
        body = request.json()
        so_dinh_danh = str(body.get("SoDinhDanh", "")) if isinstance(body, dict) else ""
        if len(so_dinh_danh) != 12 or not so_dinh_danh.isdigit():
            raise RegistryError(400, "SO_DINH_DANH_KHONG_HOP_LE", "Số định danh cá nhân phải gồm 12 chữ số.")
        digest = hashlib.blake2b(f"{settings.seed}:{so_dinh_danh}".encode(), digest_size=4).hexdigest()
        return Response.json(
            {
                "MaYeuCau": body.get("MaYeuCau"),
                "SoDinhDanh": so_dinh_danh,
                "HoVaTen": f"Công dân {digest}",
            }
        )

    return app
