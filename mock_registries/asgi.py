"""A small raw-ASGI toolkit the registry mocks are written in.

Why not FastAPI: on this machine FastAPI returning dicts serves ~3.8k rps against ~36k for raw
ASGI (see ``../shared/research/perf_limits_this_box.md``), and a mock must never be the
bottleneck of a gateway benchmark. Routes here return pre-encoded bytes; the OpenAPI document is
built once from the route table and the pydantic models the routes declare.

    app = RegistryApp(title="dân cư", registry="dan_cu")

    @app.route("GET", "/api/v1/congdan/{so_dinh_danh}", response_model=CongDan)
    async def lookup(request: Request) -> Response:
        return Response.json({...})
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import orjson
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from pydantic import BaseModel

__all__ = [
    "ASGIApp",
    "Receive",
    "RegistryApp",
    "RegistryError",
    "Request",
    "Response",
    "Route",
    "Scope",
    "Send",
]

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Handler = Callable[["Request"], Awaitable["Response"]]

_JSON = b"application/json"
_PARAM = re.compile(r"{([a-zA-Z_][a-zA-Z0-9_]*)}")


class RegistryError(Exception):
    """An error the registry itself answers with (4xx/5xx, stable code, Vietnamese message)."""

    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra

    def to_response(self) -> Response:
        body = {"MaLoi": self.code, "MoTaLoi": self.message, **self.extra}
        return Response.json(body, status=self.status)


@dataclass(slots=True)
class Response:
    """Pre-encoded response: status, body bytes, extra headers."""

    body: bytes
    status: int = 200
    content_type: bytes = _JSON
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)

    @classmethod
    def json(cls, payload: Any, *, status: int = 200) -> Response:
        return cls(orjson.dumps(payload), status=status)

    async def send(self, send: Send) -> None:
        headers = [
            (b"content-type", self.content_type),
            (b"content-length", str(len(self.body)).encode()),
            *self.headers,
        ]
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        await send({"type": "http.response.body", "body": self.body})


class Request:
    """What a handler sees: method, path, path params, query, headers and the body bytes."""

    __slots__ = ("scope", "body", "path_params", "_query", "_headers")

    def __init__(self, scope: Scope, body: bytes, path_params: dict[str, str]) -> None:
        self.scope = scope
        self.body = body
        self.path_params = path_params
        self._query: dict[str, str] | None = None
        self._headers: dict[str, str] | None = None

    @property
    def method(self) -> str:
        return str(self.scope["method"])

    @property
    def path(self) -> str:
        return str(self.scope["path"])

    @property
    def query(self) -> dict[str, str]:
        if self._query is None:
            raw = self.scope.get("query_string", b"").decode("latin-1")
            self._query = dict(parse_qsl(raw, keep_blank_values=True))
        return self._query

    @property
    def headers(self) -> dict[str, str]:
        if self._headers is None:
            self._headers = {
                k.decode("latin-1").lower(): v.decode("latin-1") for k, v in self.scope["headers"]
            }
        return self._headers

    def json(self) -> Any:
        """The body parsed as JSON; a malformed body is the caller's 400, never our 500."""
        if not self.body:
            raise RegistryError(400, "REQUEST_BODY_MISSING", "Thiếu nội dung yêu cầu (JSON).")
        try:
            return orjson.loads(self.body)
        except orjson.JSONDecodeError as exc:
            raise RegistryError(
                400, "REQUEST_BODY_INVALID_JSON", f"Nội dung yêu cầu không phải JSON hợp lệ: {exc}"
            ) from None


@dataclass(slots=True)
class Route:
    """One operation: method + path template + handler + what the OpenAPI document says of it."""

    method: str
    template: str
    handler: Handler
    operation_id: str
    summary: str = ""
    response_model: type[BaseModel] | None = None
    request_model: type[BaseModel] | None = None
    query_params: tuple[str, ...] = ()
    responses: dict[int, str] = field(default_factory=dict)
    pattern: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        regex = _PARAM.sub(
            r"(?P<\1>[^/]+)", re.escape(self.template).replace(r"\{", "{").replace(r"\}", "}")
        )
        self.pattern = re.compile(f"^{regex}$")


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise RegistryError(
                413, "REQUEST_TOO_LARGE", "Nội dung yêu cầu vượt quá dung lượng cho phép."
            )
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


class RegistryApp:
    """An ASGI app for one registry: routes, /healthz, /metrics, /openapi.json, /docs."""

    def __init__(
        self,
        *,
        title: str,
        registry: str,
        description: str = "",
        version: str = "1.0",
        metrics_registry: CollectorRegistry | None = None,
        max_body_bytes: int = 1_048_576,
    ) -> None:
        self.title = title
        self.registry = registry
        self.description = description
        self.version = version
        self.metrics_registry = metrics_registry or CollectorRegistry()
        self.max_body_bytes = max_body_bytes
        self.routes: list[Route] = []
        self._static: dict[tuple[str, str], Route] = {}
        self._openapi: bytes | None = None

    def route(
        self,
        method: str,
        template: str,
        *,
        summary: str = "",
        response_model: type[BaseModel] | None = None,
        request_model: type[BaseModel] | None = None,
        query_params: Iterable[str] = (),
        responses: dict[int, str] | None = None,
    ) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            route = Route(
                method=method.upper(),
                template=template,
                handler=handler,
                operation_id=handler.__name__,
                summary=summary or (handler.__doc__ or "").strip().split("\n")[0],
                response_model=response_model,
                request_model=request_model,
                query_params=tuple(query_params),
                responses=responses or {},
            )
            self.routes.append(route)
            if "{" not in template:
                self._static[(route.method, template)] = route
            self._openapi = None
            return handler

        return register

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        static = self._static.get((method, path))
        if static is not None:
            return static, {}
        for route in self.routes:
            if route.method != method:
                continue
            found = route.pattern.match(path)
            if found is not None:
                return route, found.groupdict()
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        method, path = scope["method"], scope["path"]
        try:
            response = await self._dispatch(scope, receive, method, path)
        except RegistryError as exc:
            response = exc.to_response()
        if response is not None:
            await response.send(send)

    async def _dispatch(
        self, scope: Scope, receive: Receive, method: str, path: str
    ) -> Response | None:
        matched = self.match(method, path)
        if matched is None:
            builtin = self._builtin(method, path)
            if builtin is not None:
                return builtin
            if any(r.pattern.match(path) for r in self.routes):
                raise RegistryError(
                    405, "METHOD_NOT_ALLOWED", f"Phương thức {method} không được hỗ trợ cho {path}."
                )
            raise RegistryError(
                404,
                "ENDPOINT_NOT_FOUND",
                f"Không tồn tại dịch vụ {path} trên hệ thống {self.title}.",
            )
        route, params = matched
        body = await _read_body(receive, self.max_body_bytes)
        if body is None:
            return None
        return await route.handler(Request(scope, body, params))

    def _builtin(self, method: str, path: str) -> Response | None:
        if method != "GET":
            return None
        if path == "/healthz":
            return Response.json({"status": "ok", "registry": self.registry})
        if path == "/metrics":
            return Response(
                generate_latest(self.metrics_registry), content_type=CONTENT_TYPE_LATEST.encode()
            )
        if path == "/openapi.json":
            return Response(self.openapi())
        if path == "/docs":
            return Response(self._docs_html(), content_type=b"text/html; charset=utf-8")
        return None

    def openapi(self) -> bytes:
        if self._openapi is None:
            from mock_registries.openapi import build_openapi

            self._openapi = orjson.dumps(build_openapi(self))
        return self._openapi

    def _docs_html(self) -> bytes:
        from mock_registries.openapi import render_docs_html

        return render_docs_html(self).encode()


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
