"""Addressing: which provider and service a request path names, and the upstream path.

Two forms reach the same service:

* X-Road REST: ``/r1/{instance}/{memberClass}/{memberCode}/{subsystem}/{serviceCode}[/rest]``
  — the upstream path is the service's registry path plus ``/rest``;
* NGSP/WSO2: ``/{apiContext}/{version}/{resource}[/rest]`` — the service is the one whose path
  starts with ``/{resource}``; the upstream path is ``/{resource}[/rest]``.

Metaservices (``listMethods``, ``allowedMethods``, ``getOpenAPI``) are addressed on a provider:
``/r1/{instance}/{class}/{code}/{subsystem}/{metaservice}``.

The server has already percent-decoded the path once. A path holding control characters once
decoded (``%00``, ``%0d%0a``, ``%7f``) names nothing and is refused here. The rest of the path
after the service is forwarded percent-encoded again (:func:`_encode_rest`): the next hop
decodes exactly once more, so ``%2500`` reaches the registry as the three characters ``%00``
(not a NUL byte), a non-Latin-1 character travels as its UTF-8 escapes, and the request line
and ``X-Road-Service`` stay plain ASCII.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import quote

from gateway.catalog import Catalog, Provider, Service
from gateway.errors import BadRequest, InvalidPath, UnknownService

__all__ = ["METASERVICES", "Route", "RouteCache", "resolve"]

METASERVICES = frozenset({"listMethods", "allowedMethods", "getOpenAPI"})
MAX_PATH_CHARS = 2000  # X-Road (X1): a ~2000-character URL limit is acceptable

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# RFC 3986 pchar without "%" (the text is decoded: a "%" in it is a literal percent sign).
_PATH_SAFE = "/:@!$&'()*+,;="


def _encode_rest(rest: str) -> str:
    return quote(rest, safe=_PATH_SAFE)


@dataclass(frozen=True)
class Route:
    provider: Provider
    service: Service | None  # None for a metaservice
    metaservice: str | None
    rest: str  # path after the service part, "" or "/..."
    instance: str = "VN"  # the X-Road instance of the catalog it was resolved in
    # Whether the service also speaks SOAP 1.1 (``soap_answer`` in the catalog). A field, not a
    # property: every request asks it, and a plain instance attribute is the cheapest read.
    soap: bool = field(init=False, default=False)
    # The catalog's facts every call reads, copied as plain fields for the same reason (a
    # pydantic model's attribute read is several times dearer): the provider's code, the
    # service code (or the metaservice's name), whether the service is idempotent.
    provider_code: str = field(init=False, default="")
    service_code: str = field(init=False, default="")
    idempotent: bool = field(init=False, default=True)

    def __post_init__(self) -> None:
        service = self.service
        soap = service is not None and service.soap_answer is not None
        object.__setattr__(self, "soap", soap)
        object.__setattr__(self, "provider_code", self.provider.code)
        code = service.code if service is not None else self.metaservice or "-"
        object.__setattr__(self, "service_code", code)
        object.__setattr__(self, "idempotent", service is None or service.idempotent)

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

    @cached_property
    def registry_header(self) -> tuple[bytes, bytes]:
        """``X-Sim-Answered-By`` of an answer the registry sent itself (no hop named one)."""
        return (b"x-sim-answered-by", b"registry:" + self.provider.code.encode())

    @cached_property
    def service_header(self) -> bytes:
        """The ``X-Road-Service`` answer header (the address without ``/r1/``); once cached, an
        attribute read."""
        return self.xroad_address(self.instance)[4:].encode()


class RouteCache:
    """Memoised :func:`resolve`: a province's systems call a handful of addresses millions of
    times, so parsing each path and walking the catalog again is waste on the hot path.
    Bounded: past ``max_entries`` distinct paths new ones are resolved but not remembered,
    so a caller sending random paths cannot grow memory. Errors are never cached."""

    def __init__(self, catalog: Catalog, *, max_entries: int = 4096) -> None:
        self._catalog = catalog
        self._max_entries = max_entries
        self._routes: dict[str, Route] = {}
        # The remembered route of a path, or None: a C call the request path makes before
        # paying for resolve().
        self.cached: Callable[[str], Route | None] = self._routes.get

    def resolve(self, path: str) -> Route:
        route = self._routes.get(path)
        if route is None:
            route = resolve(self._catalog, path)
            if len(self._routes) < self._max_entries:
                self._routes[path] = route
        return route


def resolve(catalog: Catalog, path: str) -> Route:
    """The route of ``path`` (percent-decoded once, as the server gives it); raises
    :class:`UnknownService`, :class:`InvalidPath` or :class:`BadRequest`."""
    if len(path) > MAX_PATH_CHARS:
        raise InvalidPath(f"Đường dẫn quá dài (URI longer than {MAX_PATH_CHARS} characters).")
    if _CONTROL.search(path) is not None:
        raise InvalidPath(
            "Đường dẫn chứa ký tự điều khiển sau khi giải mã phần trăm (%00, %0A, %0D, %7F…); "
            "hãy mã hóa đúng đường dẫn (control characters in the path)."
        )
    if path.startswith("/r1/"):
        return _resolve_xroad(catalog, path)
    parts = path.split("/", 4)  # "", context, version, resource, rest
    if len(parts) < 4 or not parts[3]:
        raise UnknownService(
            f"Không nhận dạng được dịch vụ từ đường dẫn '{path}'; dùng /r1/{{instance}}/... "
            "hoặc /{apiContext}/{version}/{resource} (unrecognised service address).",
            private=(path,),
        )
    provider = catalog.provider_by_context(parts[1], parts[2])
    if provider is None:
        api = f"{parts[1]}/{parts[2]}"
        raise UnknownService(
            f"Không có API {api} trên nền tảng (unknown API context).", private=(api,)
        )
    service = catalog.service_by_resource(provider.code, parts[3])
    if service is None:
        raise UnknownService(
            f"Dịch vụ '{parts[3]}' không có trong API {parts[1]}/{parts[2]} (unknown service).",
            private=(parts[3],),
        )
    rest = path[len(parts[1]) + len(parts[2]) + 3 + len(service.path.strip("/").split("/")[0]) :]
    return Route(provider, service, None, _encode_rest(rest), catalog.instance)


def _resolve_xroad(catalog: Catalog, path: str) -> Route:
    parts = path.split("/", 8)  # "", r1, instance, class, code, subsystem, service, rest...
    if len(parts) < 7 or not all(parts[2:7]):
        raise BadRequest(
            "Địa chỉ X-Road phải có dạng /r1/{instance}/{memberClass}/{memberCode}/{subsystem}/"
            "{serviceCode} (malformed X-Road service address)."
        )
    # Already decoded once by the server: decoding again would turn %2500 into a NUL.
    instance, member_class, member_code, subsystem, service_code = parts[2:7]
    if instance != catalog.instance:
        raise UnknownService(
            f"Vùng X-Road '{instance}' không thuộc nền tảng này, nền tảng là "
            f"{catalog.instance} (unknown X-Road instance).",
            private=(instance,),
        )
    provider = catalog.provider_by_member(member_class, member_code, subsystem)
    if provider is None:
        member = f"{member_class}/{member_code}/{subsystem}"
        raise UnknownService(
            f"Không có đơn vị cung cấp {member} (unknown provider).", private=(member,)
        )
    rest = "/" + parts[7] if len(parts) > 7 else ""
    if len(parts) > 8:
        rest += "/" + parts[8]
    if service_code in METASERVICES:
        return Route(provider, None, service_code, _encode_rest(rest), catalog.instance)
    service = catalog.service(provider.code, service_code)
    if service is None:
        raise UnknownService(
            f"Dịch vụ '{service_code}' không có tại {member_class}/{member_code}/{subsystem} "
            "(unknown service).",
            private=(service_code,),
        )
    return Route(provider, service, None, _encode_rest(rest), catalog.instance)
