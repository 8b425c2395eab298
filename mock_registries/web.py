"""One FastAPI app per registry: its router, offline docs, the gateway addresses, the error model.

A registry is a :class:`RegistrySpec` — its wire names (NGSP context, X-Road provider), a
description of what of its contract is known and what is assumed, and a function building its
``APIRouter`` from a :class:`RegistryContext`. :func:`create_registry_api` adds what every mock
shares:

- ``/docs`` (Swagger UI) and ``/redoc`` served from the ``fastapi-offline`` package (no CDN),
  ``/openapi.json`` with ``servers`` for the direct address and both gateway addresses, and the
  gateways' security schemes;
- ``/healthz`` and ``/metrics`` (outside the OpenAPI document);
- errors as ``{"MaLoi", "MoTaLoi", …}`` with a Vietnamese message: a request that breaks the
  documented schema is a 400 ``DU_LIEU_KHONG_HOP_LE`` naming the field, an unknown path a 404,
  a wrong method a 405 with ``Allow``, an over-long body a 413, a body labelled as anything
  but JSON a 415 ``KIEU_NOI_DUNG_KHONG_HO_TRO``.

Handlers return pre-encoded bytes (:func:`mock_registries.errors.json_response`), so FastAPI
neither validates nor re-serialises answers; ``response_model`` still documents them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from fastapi_offline import FastAPIOffline
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from pydantic import BaseModel, Field, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from mock_registries.asgi import ASGIApp, Message, Receive, Scope, Send
from mock_registries.clock import Clock
from mock_registries.errors import RegistryError, UnsupportedMedia, is_json_media, json_response
from mock_registries.settings import MockSettings
from mock_registries.world import World

__all__ = [
    "DEFAULT_LGSP",
    "LoiDangKy",
    "RegistryContext",
    "RegistrySpec",
    "create_registry_api",
    "describe",
    "documented_body",
    "validation_error",
]

DEFAULT_LGSP = "http://127.0.0.1:8300"
MAX_BODY_BYTES = 1_048_576
UNDOCUMENTED_PATHS = ("/healthz", "/metrics", "/openapi.json", "/docs", "/redoc")


class LoiDangKy(BaseModel):
    """Every error answer carries these two fields (plus the registry's own envelope)."""

    MaLoi: str = Field(
        description="Mã lỗi ổn định (stable error code)", examples=["DU_LIEU_KHONG_HOP_LE"]
    )
    MoTaLoi: str = Field(description="Mô tả lỗi bằng tiếng Việt")


@dataclass(frozen=True, slots=True)
class RegistryContext:
    """What a registry's router is built from (injected, never imported as globals)."""

    settings: MockSettings
    clock: Clock
    metrics_registry: CollectorRegistry
    cache_size: int
    world: World  # the one national world of the process, shared by its mocks


@dataclass(frozen=True)
class RegistrySpec:
    """A registry mock: wire names, documentation, and its router."""

    name: str
    title: str
    description: str
    api_context: str
    api_version: str
    xroad_provider: str  # memberClass/memberCode/subsystem, e.g. GOV/000.00.00.C06/CSDLDC
    build_router: Callable[[RegistryContext], APIRouter]
    # Fields of the registry's own error envelope added to a 400 (e.g. BTP's errorCode 302).
    invalid_extra: Callable[[str], dict[str, Any]] = field(default=lambda message: {})
    # The stable code of a schema-invalid request, from pydantic's errors.
    error_code: Callable[[list[dict[str, Any]]], str] = field(
        default=lambda errors: "DU_LIEU_KHONG_HOP_LE"
    )
    extra_models: tuple[type[BaseModel], ...] = ()


_PYDANTIC_VI = {
    "missing": "thiếu trường bắt buộc",
    "string_type": "phải là chuỗi ký tự",
    "string_pattern_mismatch": "sai định dạng",
    "string_too_long": "quá dài",
    "string_too_short": "quá ngắn",
    "int_type": "phải là số nguyên",
    "int_parsing": "phải là số nguyên",
    "bool_type": "phải là true/false",
    "literal_error": "không thuộc các giá trị cho phép",
    "enum": "không thuộc các giá trị cho phép",
    "json_invalid": "nội dung không phải JSON hợp lệ",
    "model_attributes_type": "phải là một đối tượng JSON",
    "dict_type": "phải là một đối tượng JSON",
    "list_type": "phải là một danh sách",
    "too_long": "có quá nhiều phần tử",
    "extra_forbidden": "không được phép",
    "union_tag_invalid": "không thuộc các giá trị cho phép",
    "union_tag_not_found": "thiếu trường phân loại",
    "greater_than_equal": "nhỏ hơn giá trị cho phép",
    "less_than_equal": "lớn hơn giá trị cho phép",
}


# Union branches appear in pydantic locations ("constrained-str", "none", a model name).
_TYPE_LOC = re.compile(
    r"^(constrained-str|str|int|bool|none|function-.*|json-or-python.*|tagged-union.*|"
    r"[A-Z][A-Za-z]*Vao)$"
)


def _own_reason(error: dict[str, Any]) -> str:
    """A request model's own validator says in Vietnamese what is wrong (and never echoes a
    value); anything else pydantic raised is just "không hợp lệ"."""
    cause = (error.get("ctx") or {}).get("error")
    if error.get("type") == "value_error" and isinstance(cause, ValueError) and str(cause):
        return str(cause)
    return "không hợp lệ"


def describe(errors: list[dict[str, Any]]) -> str:
    parts: dict[str, str] = {}
    for error in errors:
        names = [
            str(p)
            for p in error.get("loc", ())
            if p not in ("body", "query") and not _TYPE_LOC.match(str(p))
        ]
        where = ".".join(names) or "nội dung yêu cầu"
        reason = _PYDANTIC_VI.get(str(error.get("type"))) or _own_reason(error)
        parts.setdefault(where, reason)
    return "; ".join(f"{where}: {reason}" for where, reason in list(parts.items())[:5])


def validation_error(exc: ValidationError, location: str = "body") -> RequestValidationError:
    """A pydantic error from a hand-parsed body, as FastAPI's own (same 400 answer)."""
    errors = [{**e, "loc": (location, *e["loc"])} for e in exc.errors(include_url=False)]
    return RequestValidationError(errors)


def documented_body(model: type[BaseModel], *media: str) -> dict[str, Any]:
    """``openapi_extra`` documenting a JSON body a handler parses itself (``model`` must also be
    listed in :attr:`RegistrySpec.extra_models` so its schema reaches the components)."""
    ref = {"$ref": f"#/components/schemas/{model.__name__}"}
    content: dict[str, Any] = {"application/json": {"schema": ref}}
    for kind in media:
        content[kind] = {"schema": {"type": "string"}}
    return {"requestBody": {"required": True, "content": content}}


def _allowed(router: APIRouter, path: str) -> str:
    methods: set[str] = set()
    for route in router.routes:
        if isinstance(route, APIRoute) and route.path_regex.match(path):
            methods |= route.methods or set()
    return ", ".join(sorted(methods))


def _install_errors(app: FastAPI, spec: RegistrySpec, router: APIRouter) -> None:
    async def registry_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RegistryError)
        return exc.to_response()

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        errors = list(exc.errors())
        content_type = request.headers.get("content-type")
        if not is_json_media(content_type) and any(e.get("loc") == ("body",) for e in errors):
            # FastAPI left a non-JSON body unparsed: say so rather than "not a JSON object".
            refusal = UnsupportedMedia(str(content_type))
            return json_response({**refusal.body(), **spec.invalid_extra(refusal.message)}, 415)
        message = f"Dữ liệu yêu cầu không hợp lệ — {describe(errors)}."
        body = {"MaLoi": spec.error_code(errors), "MoTaLoi": message, **spec.invalid_extra(message)}
        return json_response(body, 400)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        path, method = request.url.path, request.method
        if exc.status_code == 405:
            body = {
                "MaLoi": "PHUONG_THUC_KHONG_HO_TRO",
                "MoTaLoi": f"Phương thức {method} không được hỗ trợ cho {path}.",
            }
            return json_response(body, 405, {"Allow": _allowed(router, path)})
        if exc.status_code == 404:
            body = {
                "MaLoi": "KHONG_TON_TAI_DICH_VU",
                "MoTaLoi": f"Không tồn tại dịch vụ {path[:200]} trên hệ thống {spec.title}.",
            }
            return json_response(body, 404)
        body = {"MaLoi": f"HTTP_{exc.status_code}", "MoTaLoi": str(exc.detail)}
        return json_response(body, exc.status_code, dict(exc.headers or {}))

    app.add_exception_handler(RegistryError, registry_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(StarletteHTTPException, http_error)


def _servers(spec: RegistrySpec) -> list[dict[str, Any]]:
    lgsp = {"lgsp": {"default": DEFAULT_LGSP, "description": "Địa chỉ LGSP của tỉnh"}}
    return [
        {"url": "/", "description": "Gọi trực tiếp CSDL mô phỏng (không qua nền tảng)"},
        {
            "url": f"{{lgsp}}/{spec.api_context}/{spec.api_version}",
            "description": "Qua LGSP → NDXP, địa chỉ kiểu NGSP/WSO2 (/{apiContext}/{version})",
            "variables": lgsp,
        },
        {
            "url": f"{{lgsp}}/r1/VN/{spec.xroad_provider}",
            "description": "Qua LGSP → NDXP, địa chỉ X-Road REST (/r1/{instance}/{member})",
            "variables": lgsp,
        },
    ]


_SECURITY = {
    "NGSPBearer": {
        "type": "oauth2",
        "description": "Token của LGSP/NDXP (WSO2: POST /token, client credentials); không cần "
        "khi gọi trực tiếp CSDL mô phỏng.",
        "flows": {"clientCredentials": {"tokenUrl": f"{DEFAULT_LGSP}/token", "scopes": {}}},
    },
    "LGSPAccessToken": {
        "type": "apiKey",
        "in": "header",
        "name": "lgspaccesstoken",
        "description": "LGSP kiểu VNPT: base64 của {AccessKey, SecretKey, AppName, PartnerCode}",
    },
}


def _install_openapi(app: FastAPI, spec: RegistrySpec) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
                servers=app.servers,
            )
            schemas = document.setdefault("components", {}).setdefault("schemas", {})
            for model in spec.extra_models:
                schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
                schemas.update(schema.pop("$defs", {}))
                schemas[model.__name__] = schema
            document["components"]["securitySchemes"] = _SECURITY
            document["security"] = [{}, {"NGSPBearer": []}, {"LGSPAccessToken": []}]
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


_CLIENT_ERROR: dict[str, Any] = {"model": LoiDangKy, "description": "Yêu cầu không hợp lệ"}


def create_registry_api(spec: RegistrySpec, context: RegistryContext) -> ASGIApp:
    """The FastAPI app of ``spec`` behind a request-body size bound."""
    app = FastAPIOffline(
        title=spec.title,
        description=spec.description,
        version="1.0",
        servers=_servers(spec),
        # The mocks export Prometheus metrics; FastAPI's OpenTelemetry hooks would only cost
        # a provider look-up per request.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    router = spec.build_router(context)
    _install_errors(app, spec, router)
    _install_openapi(app, spec)
    # The registry's routes go first, straight into the app's router: hot paths match at once,
    # without the extra matching layer an included router adds.
    app.router.routes[0:0] = router.routes
    for route in router.routes:
        if isinstance(route, APIRoute):
            route.responses.setdefault("4XX", _CLIENT_ERROR)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> Response:
        # pid: which worker process answered (``ndxp-sim serve --workers N``), as the gateways'.
        return json_response({"status": "ok", "registry": spec.name, "pid": os.getpid()})

    @app.get("/metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(context.metrics_registry), media_type=CONTENT_TYPE_LATEST)

    return BodyLimit(app, router, MAX_BODY_BYTES)


class BodyLimit:
    """413 for a body over ``limit`` bytes, declared or streamed (FastAPI sets no bound)."""

    def __init__(self, app: FastAPI, router: APIRouter, limit: int) -> None:
        self.fastapi = app
        # Starlette types its ASGI callables over MutableMapping; ours are plain dicts.
        self.app = cast(ASGIApp, app)
        self.router = router
        self.limit = limit

    def route_template(self, method: str, path: str) -> str:
        """The path template of the operation ``method path`` serves (``?`` if none)."""
        for route in self.router.routes:
            if isinstance(route, APIRoute) and method in (route.methods or ()):
                if route.path_regex.match(path):
                    return route.path
        return "?"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for key, value in scope["headers"]:
            if key == b"content-length":
                if not value.isdigit() or int(value) > self.limit:
                    await _too_large(send)
                    return
                await self.app(scope, receive, send)
                return
        await self.app(scope, _bounded(receive, self.limit), send)


def _bounded(receive: Receive, limit: int) -> Receive:
    seen = 0

    async def bounded() -> Message:
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > limit:
            raise RegistryError(
                413, "YEU_CAU_QUA_LON", "Nội dung yêu cầu vượt quá dung lượng cho phép."
            )
        return message

    return bounded


async def _too_large(send: Send) -> None:
    error = RegistryError(413, "YEU_CAU_QUA_LON", "Nội dung yêu cầu vượt quá dung lượng cho phép.")
    body = error.to_response().body
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})
