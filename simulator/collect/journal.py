"""Following the components' fault journals over HTTP (``GET /_admin/faults/journal``).

A fault whose answer never came back (a hang, a reset) is named on no hop record: only the
component that applied it knows, in its journal, keyed by the request's X-Road-Id. Each poll
asks every URL for the entries after the last sequence number it returned, page by page; an
entry is returned once per (journal origin, sequence number), so the in-process stack — one
engine served on every component's port — gives each entry once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from simulator.control import ADMIN_PATH, ControlError, JsonClient

__all__ = ["JournalFeed"]

_PAGE = 10_000
_MAX_PAGES_PER_POLL = 20


@dataclass(slots=True)
class _Cursor:
    origin: str | None = None
    after: int = 0


class JournalFeed:
    """New fault-journal entries of every component in ``urls`` applied at or after
    ``since_ms``, each ``{"seq", "messageId", "registry", "tag", "ts", "origin"}``."""

    def __init__(self, urls: Sequence[str], client: JsonClient, *, since_ms: int = 0) -> None:
        self.urls = [u.rstrip("/") for u in urls]
        self.client = client
        self.since_ms = since_ms
        self._cursors = {url: _Cursor() for url in self.urls}
        self._seen: dict[str, int] = {}  # origin → the highest sequence number returned
        self.errors: dict[str, ControlError] = {}  # URL → why its last read failed
        self.dropped: dict[str, int] = {}  # URL → entries its journal let go (over its bound)

    async def poll(self) -> list[dict[str, Any]]:
        """Every entry not returned before, from every component that answers, oldest first."""
        fresh: list[dict[str, Any]] = []
        for url in self.urls:
            try:
                fresh += await self._read(url)
            except ControlError as exc:
                self.errors[url] = exc
            else:
                self.errors.pop(url, None)
        return sorted(fresh, key=lambda e: (e["ts"], e["origin"], e["seq"]))

    async def drain(self) -> list[dict[str, Any]]:
        """Everything there is now (a one-shot collection)."""
        found: list[dict[str, Any]] = []
        while batch := await self.poll():
            found += batch
        return found

    async def _read(self, url: str) -> list[dict[str, Any]]:
        cursor = self._cursors[url]
        fresh: list[dict[str, Any]] = []
        for _ in range(_MAX_PAGES_PER_POLL):
            page = await self.client.call(
                "GET", f"{url}{ADMIN_PATH}/journal?after={cursor.after}&limit={_PAGE}"
            )
            origin = str(page.get("origin", url))
            if cursor.origin is not None and origin != cursor.origin:
                cursor.after = 0  # the component restarted: a new journal, numbered afresh
            cursor.origin = origin
            self.dropped[url] = int(page.get("dropped") or 0)
            entries = page.get("entries") or []
            if entries:
                cursor.after = max(cursor.after, int(entries[-1]["seq"]))
            seen = self._seen.get(origin, 0)
            fresh += [
                {**e, "origin": origin}
                for e in entries
                if int(e["seq"]) > seen and int(e["ts"]) >= self.since_ms
            ]
            if entries:
                self._seen[origin] = max(seen, int(entries[-1]["seq"]))
            if page.get("next") is None:
                break
        return fresh
