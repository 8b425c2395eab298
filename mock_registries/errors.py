"""The errors a registry mock answers with itself (as opposed to faults injected around it).

    RegistryError            status, stable ``code`` (MaLoi), Vietnamese ``message`` (MoTaLoi)
    └── BusinessError        a service-level refusal the real service answers in a 200 (ĐKDN
                             ``Status 0``, BTP ``status 0`` + ``errorCode``, GPLX ``error_code``)

``code`` is the wire error code and the metric label; ``extra`` carries the fields of the
registry's own error envelope, so an integrator's parser sees the service's shape.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response

__all__ = ["BusinessError", "RegistryError", "json_response"]


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
