"""Following the gateways' operational-monitoring records over HTTP, as X-Road's central
monitoring pulls ``getSecurityServerOperationalData`` from each security server.

Each poll asks every gateway's ``/opmon/records`` for records from its cursor on and pages
through ``nextRecordsFrom``. The cursor stays one second behind the newest record seen (a page
covers whole seconds, and a record stamped a moment before the previous read may land just
after it); the records of those seconds are remembered, so nothing is returned twice.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from simulator.control import ControlError, JsonClient

__all__ = ["OpmonFeed", "record_key"]

_PAGE = 5000
_MAX_PAGES_PER_POLL = 20


def record_key(record: Mapping[str, Any]) -> tuple[str, str, str]:
    return (
        str(record.get("securityServerType")),
        str(record.get("xRequestId")),
        str(record.get("messageId")),
    )


@dataclass
class _Cursor:
    second: int
    seen: dict[tuple[str, str, str], int] = field(default_factory=dict)

    def take(self, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        fresh = []
        for record in records:
            key = record_key(record)
            if key in self.seen:
                continue
            out_second = int(record["responseOutTs"]) // 1000
            self.seen[key] = out_second
            fresh.append(record)
        if self.seen:
            self.second = max(self.second, max(self.seen.values()) - 1)
            self.seen = {k: s for k, s in self.seen.items() if s >= self.second}
        return fresh


class OpmonFeed:
    """New hop records of every gateway in ``gateways`` (name → base URL) since ``since_s``."""

    def __init__(
        self, gateways: Mapping[str, str], client: JsonClient, *, since_s: float | None = None
    ) -> None:
        start = int(time.time() if since_s is None else since_s)
        self.gateways = {name: url.rstrip("/") for name, url in gateways.items()}
        self.client = client
        self._cursors = {name: _Cursor(start) for name in self.gateways}
        self.errors: dict[str, str] = {}  # gateway → why its last read failed
        self.statuses: dict[str, int] = {}  # gateway → the HTTP status of that failure

    async def poll(self) -> list[dict[str, Any]]:
        """Every record not returned before, from every gateway that answers."""
        fresh: list[dict[str, Any]] = []
        for name, url in self.gateways.items():
            try:
                fresh += await self._read(name, url)
            except ControlError as exc:
                self.errors[name] = f"{exc.reason}: {exc.message}"
                self.statuses[name] = exc.status
            else:
                self.errors.pop(name, None)
                self.statuses.pop(name, None)
        return fresh

    async def _read(self, name: str, url: str) -> list[dict[str, Any]]:
        cursor = self._cursors[name]
        start: int | None = cursor.second
        until = int(time.time()) + 3600  # tolerate a gateway whose clock runs ahead
        fresh: list[dict[str, Any]] = []
        for _ in range(_MAX_PAGES_PER_POLL):
            if start is None:
                break
            page = await self.client.call(
                "GET", f"{url}/opmon/records?recordsFrom={start}&recordsTo={until}&limit={_PAGE}"
            )
            fresh += cursor.take(page.get("records") or [])
            start = page.get("nextRecordsFrom")
        return fresh
