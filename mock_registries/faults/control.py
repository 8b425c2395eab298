"""Client of ``/_admin/faults`` for the CLI: drive a running mock from another process.

    await fault_admin("http://127.0.0.1:9101", "enable", scenario="dak-lak", ttl_seconds=600)
    await fault_admin(url, "status")
    await fault_admin(url, "clock", action="advance", seconds=3600)

All four mocks of a stack share one engine, so one call on any mock drives them all.
"""

from __future__ import annotations

from typing import Any, Literal

import httpx

from mock_registries.faults.admin import ADMIN_PREFIX
from mock_registries.faults.errors import FaultError

__all__ = ["AdminAction", "FaultAdminError", "fault_admin"]

AdminAction = Literal["status", "scenario", "enable", "disable", "reset", "clock"]


class FaultAdminError(FaultError):
    """The mock refused the admin call; ``reason`` is the mock's ``MaLoi``."""

    def __init__(self, reason: str, message: str, status: int) -> None:
        super().__init__(message)
        self.reason = reason
        self.status = status


async def fault_admin(
    base_url: str,
    command: AdminAction,
    /,
    *,
    timeout: float = 5.0,
    **payload: Any,
) -> dict[str, Any]:
    """Call the admin API of the mock at ``base_url`` and return its JSON answer.

    ``scenario`` with ``name=...`` describes one scenario; ``clock`` with no ``action`` reads it.
    Raises :class:`FaultAdminError` on a 4xx; transport errors propagate as ``httpx`` errors.
    """
    method, path = "POST", f"/{command}"
    if command == "status":
        method, path = "GET", ""
    elif command == "scenario":
        method, path = "GET", f"/scenarios/{payload.pop('name')}"
    elif command == "clock" and not payload:
        method = "GET"
    async with httpx.AsyncClient(base_url=base_url, timeout=timeout) as client:
        response = await client.request(
            method, ADMIN_PREFIX + path, json=payload if method == "POST" else None
        )
    body: dict[str, Any] = response.json()
    if response.status_code >= 400:
        raise FaultAdminError(
            str(body.get("MaLoi", "FAULT_ADMIN_ERROR")),
            str(body.get("MoTaLoi", "")),
            response.status_code,
        )
    return body
