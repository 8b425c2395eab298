"""What a gateway's front answers when a fault fires there, in the shapes integrators meet.

* ``html_error``: the HTML page of the web front (nginx before the WSO2 gateway of an LGSP or
  of the NDXP) — ``text/html``, no X-Road headers at all: it is not the gateway's answer.
* ``http_error``, ``overload``, ``maintenance``: the gateway's own X-Road error, exactly as it
  answers its own failures (``{type, message, detail}``, ``X-Road-Error``, ``Via``, the
  correlation ids), with the side that failed in the type: ``Server.ClientProxy.*`` at the
  LGSP, ``Server.ServerProxy.*`` at the NDXP. Overload and maintenance are told apart by what a
  client can read: ``Overloaded`` and no maintenance word versus ``MaintenanceMode`` with the
  window's end in ``Retry-After``.
"""

from __future__ import annotations

import math
import re
import uuid

import orjson

from mock_registries import Fired

__all__ = ["FrontAnswer", "front_answer"]

_SIDES = {"lgsp": ("Server.ClientProxy", "LGSP"), "ndxp": ("Server.ServerProxy", "NDXP")}
_PHRASES = {
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Temporarily Unavailable",
    504: "Gateway Time-out",
}
_HTML = (
    "<html>\r\n<head><title>{status} {phrase}</title></head>\r\n<body>\r\n"
    "<center><h1>{status} {phrase}</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)
_DEFAULT_MAINTENANCE_S = 300

FrontAnswer = tuple[int, list[tuple[bytes, bytes]], bytes]


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _xroad_type(role: str, code: str, spelling: str) -> str:
    kind = f"{_SIDES[role][0]}.{code}"
    return ".".join(_snake(p) for p in kind.split(".")) if spelling == "7.8" else kind


def _own_error(
    role: str, status: int, code: str, message: str, spelling: str, message_id: bytes
) -> FrontAnswer:
    kind = _xroad_type(role, code, spelling)
    body = orjson.dumps({"type": kind, "message": message, "detail": str(uuid.uuid4())})
    headers = [
        (b"content-type", b"application/json"),
        (b"x-road-error", kind.encode()),
        (b"x-sim-answered-by", role.encode()),
        (b"via", f"1.1 ndxp-sim-{role}".encode()),
        (b"x-road-request-id", str(uuid.uuid4()).encode()),
    ]
    if message_id:
        headers.append((b"x-road-id", message_id))
    return status, headers, body


def front_answer(fired: Fired, role: str, spelling: str, message_id: bytes) -> FrontAnswer:
    """The answer of gateway ``role``'s front for the terminal fault ``fired``."""
    fault = fired.rule.fault
    status = int(fault.params.get("status", 503))
    name = _SIDES[role][1]
    if fault.kind == "html_error":
        page = _HTML.format(status=status, phrase=_PHRASES.get(status, "Error")).encode()
        return status, [(b"content-type", b"text/html"), (b"server", b"nginx")], page
    if fault.kind == "maintenance":
        left = fired.remaining if fired.remaining is not None else _DEFAULT_MAINTENANCE_S
        answer = _own_error(
            role, status, "MaintenanceMode",
            f"{name} đang bảo trì, nâng cấp; thử lại sau Retry-After giây.", spelling, message_id,
        )  # fmt: skip
        answer[1].append((b"retry-after", str(max(1, math.ceil(left))).encode()))
        return answer
    if fault.kind == "overload":
        answer = _own_error(
            role, status, "Overloaded",
            f"{name} quá tải, tạm thời không nhận thêm yêu cầu.", spelling, message_id,
        )  # fmt: skip
        if "retry_after_s" in fault.params:
            answer[1].append((b"retry-after", str(fault.params["retry_after_s"]).encode()))
        return answer
    return _own_error(
        role, status, "InternalError",
        f"Lỗi nội bộ của {name} (HTTP {status}).", spelling, message_id,
    )  # fmt: skip
