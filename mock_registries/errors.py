"""The errors a registry mock answers with itself (as opposed to faults injected around it).

    RegistryError            status, stable ``code`` (MaLoi), Vietnamese ``message`` (MoTaLoi)
    ├── BusinessError        a service-level refusal the real service answers in a 200 (ĐKDN
    │                        ``Status 0``, BTP ``status 0`` + ``errorCode``, GPLX ``error_code``)
    └── UnsupportedMedia     415 ``KIEU_NOI_DUNG_KHONG_HO_TRO``: a body sent as something other
                             than JSON (``text/plain``, a form, XML) to a JSON service

``code`` is the wire error code and the metric label; ``extra`` carries the fields of the
registry's own error envelope, so an integrator's parser sees the service's shape.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response

__all__ = ["BusinessError", "RegistryError", "UnsupportedMedia", "is_json_media", "json_response"]


def json_response(
    payload: Any, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """Pre-encoded JSON: FastAPI skips validation and serialisation of a returned Response."""
    return Response(orjson.dumps(payload), status, headers, media_type="application/json")


class RegistryError(Exception):
    """An error answer: ``{"MaLoi": code, "MoTaLoi": message, **extra}`` with ``status``."""

    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra
        self.headers: dict[str, str] | None = None

    @property
    def reason(self) -> str:
        return self.code

    def body(self) -> dict[str, Any]:
        return {"MaLoi": self.code, "MoTaLoi": self.message, **self.extra}

    def to_response(self) -> Response:
        return json_response(self.body(), self.status, self.headers)


class BusinessError(RegistryError):
    """A refusal the real service answers with HTTP 200 in its own envelope (``answer``)."""

    def __init__(self, code: str, message: str, answer: dict[str, Any]) -> None:
        super().__init__(200, code, message)
        self.answer = answer

    def body(self) -> dict[str, Any]:
        return self.answer


def is_json_media(content_type: str | None) -> bool:
    """A body FastAPI reads as JSON: no ``Content-Type``, ``application/json`` or
    ``application/*+json`` (parameters such as ``charset`` aside)."""
    if not content_type:
        return True
    kind = content_type.split(";", 1)[0].strip().lower()
    return kind == "application/json" or (
        kind.startswith("application/") and kind.endswith("+json")
    )


class UnsupportedMedia(RegistryError):
    """A JSON service sent a body of another media type: a clear 415, not a guess at its bytes."""

    def __init__(self, content_type: str, **extra: Any) -> None:
        shown = content_type.split(";", 1)[0].strip()[:80]
        message = (
            f"Kiểu nội dung '{shown}' không được hỗ trợ: gửi JSON với "
            "Content-Type: application/json (unsupported media type)."
        )
        super().__init__(415, "KIEU_NOI_DUNG_KHONG_HO_TRO", message, **extra)
