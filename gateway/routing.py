"""Addressing: which provider and service a request path names, and the upstream path.

Two forms reach the same service:

* X-Road REST: ``/r1/{instance}/{memberClass}/{memberCode}/{subsystem}/{serviceCode}[/rest]``
  — the upstream path is the service's registry path plus ``/rest``;
* NGSP/WSO2: ``/{apiContext}/{version}/{resource}[/rest]`` — the service is the one whose path
  starts with ``/{resource}``; the upstream path is ``/{resource}[/rest]``.

Metaservices (``listMethods``, ``allowedMethods``, ``getOpenAPI``) are addressed on a provider:
``/r1/{instance}/{class}/{code}/{subsystem}/{metaservice}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from urllib.parse import unquote

from gateway.catalog import Catalog, Provider, Service
from gateway.errors import BadRequest, UnknownService

__all__ = ["METASERVICES", "Route", "RouteCache", "resolve"]

METASERVICES = frozenset({"listMethods", "allowedMethods", "getOpenAPI"})


@dataclass(frozen=True)
class Route:
    provider: Provider
    service: Service | None  # None for a metaservice
    metaservice: str | None
    rest: str  # path after the service part, "" or "/..."

    @cached_property
    def service_code(self) -> str:
        """The service code, or the metaservice's name."""
        return self.service.code if self.service is not None else self.metaservice or "-"

    @property
    def upstream_path(self) -> str:
        assert self.service is not None
        return self.service.path + self.rest

    def xroad_path(self, instance: str) -> str:
        """The canonical X-Road address of this route (what an LGSP sends the NDXP)."""
        member = self.provider.member
        last = self.metaservice or (self.service.code if self.service else "")
        provider = f"{instance}/{member.member_class}/{member.code}/{member.subsystem}"
        return f"/r1/{provider}/{last}{self.rest}"

    @cached_property
    def upstream_target(self) -> str:
        """:attr:`upstream_path`, computed once per cached route."""
        return self.upstream_path

    def xroad_address(self, instance: str) -> str:
        """:meth:`xroad_path`, computed once per cached route (the instance never changes)."""
        cached: str | None = self.__dict__.get("_xroad")
        if cached is None:
            cached = self.__dict__["_xroad"] = self.xroad_path(instance)
        return cached

    def xroad_service_header(self, instance: str) -> bytes:
        """The ``X-Road-Service`` answer header (the address without ``/r1/``), cached."""
        cached: bytes | None = self.__dict__.get("_service_header")
        if cached is None:
            cached = self.__dict__["_service_header"] = self.xroad_address(instance)[4:].encode()
        return cached


class RouteCache:
    """Memoised :func:`resolve`: a province's systems call a handful of addresses millions of
    times, so parsing each path and walking the catalog again is waste on the hot path.
    Bounded: past ``max_entries`` distinct paths new ones are resolved but not remembered,
    so a caller sending random paths cannot grow memory. Errors are never cached."""

    def __init__(self, catalog: Catalog, *, max_entries: int = 4096) -> None:
        self._catalog = catalog
        self._max_entries = max_entries
        self._routes: dict[str, Route] = {}

    def resolve(self, path: str) -> Route:
        route = self._routes.get(path)
        if route is None:
            route = resolve(self._catalog, path)
            if len(self._routes) < self._max_entries:
                self._routes[path] = route
        return route


def resolve(catalog: Catalog, path: str) -> Route:
    """The route of ``path``; raises :class:`UnknownService` or :class:`BadRequest`."""
    if len(path) > 2000:
        raise BadRequest("Đường dẫn quá dài (URI longer than 2000 characters).")
    if path.startswith("/r1/"):
        return _resolve_xroad(catalog, path)
    parts = path.split("/", 4)  # "", context, version, resource, rest
    if len(parts) < 4 or not parts[3]:
        raise UnknownService(
            f"Không nhận dạng được dịch vụ từ đường dẫn {path!r}; dùng /r1/{{instance}}/... "
            "hoặc /{apiContext}/{version}/{resource}."
        )
    provider = catalog.provider_by_context(parts[1], parts[2])
    if provider is None:
        raise UnknownService(
            f"Không có API {parts[1]}/{parts[2]} trên nền tảng (unknown API context)."
        )
    service = catalog.service_by_resource(provider.code, parts[3])
    if service is None:
        raise UnknownService(f"Dịch vụ {parts[3]!r} không có trong API {parts[1]}/{parts[2]}.")
    rest = path[len(parts[1]) + len(parts[2]) + 3 + len(service.path.strip("/").split("/")[0]) :]
    return Route(provider, service, None, rest)


def _resolve_xroad(catalog: Catalog, path: str) -> Route:
    parts = path.split("/", 8)  # "", r1, instance, class, code, subsystem, service, rest...
    if len(parts) < 7 or not all(parts[2:7]):
        raise BadRequest(
            "Địa chỉ X-Road phải có dạng /r1/{instance}/{memberClass}/{memberCode}/{subsystem}/"
            "{serviceCode} (malformed X-Road service address)."
        )
    instance, member_class, member_code, subsystem, service_code = (unquote(p) for p in parts[2:7])
    if instance != catalog.instance:
        raise UnknownService(
            f"Instance {instance!r} không thuộc nền tảng này ({catalog.instance})."
        )
    provider = catalog.provider_by_member(member_class, member_code, subsystem)
    if provider is None:
        raise UnknownService(
            f"Không có đơn vị cung cấp {member_class}/{member_code}/{subsystem} (unknown provider)."
        )
    rest = "/" + parts[7] if len(parts) > 7 else ""
    if len(parts) > 8:
        rest += "/" + parts[8]
    if service_code in METASERVICES:
        return Route(provider, None, service_code, rest)
    service = catalog.service(provider.code, service_code)
    if service is None:
        raise UnknownService(f"Service '{service_code}' not found / không có dịch vụ này.")
    return Route(provider, service, None, rest)
