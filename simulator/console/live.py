"""The console's live state and its subscribers.

One refresh reads the new hop records of every gateway, the new entries of every component's
fault journal and the fault status of the mocks (all over HTTP), files the records and the
journal's faults into the exchange book and the mirror, recomputes the scoreboard
when it is due, and hands each open stream what changed. A poller runs only while a browser
is watching, so an ``ndxp-sim up`` nobody looks at pays nothing; a page load refreshes once.
The scoreboard is recomputed at most every few times its own cost, so a long load test with the
console open does not turn the console into the bottleneck.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from simulator.collect import JournalFeed, OpmonFeed
from simulator.console.exchanges import Exchange, ExchangeBook
from simulator.console.metrics import ConsoleMetrics
from simulator.console.scoreboard import Mirror, ScoreRow, scoreboard
from simulator.control import ControlError, FaultControl

__all__ = ["Live", "Update"]

_QUEUE = 256
_ABSENT = {404}  # a component without a fault journal (an older build): nothing to follow
_MIN_SCORE_INTERVAL = 1.0
_SCORE_COST_FACTOR = 4.0


@dataclass(slots=True)
class Update:
    """What one refresh changed (``None``: unchanged)."""

    exchanges: list[Exchange] = field(default_factory=list)
    status: dict[str, Any] | None = None
    scores: list[ScoreRow] | None = None


class Live:
    def __init__(
        self,
        feed: OpmonFeed,
        control: FaultControl,
        *,
        capacity: int,
        poll_interval: float,
        metrics: ConsoleMetrics,
        journal: JournalFeed | None = None,
    ) -> None:
        self.metrics = metrics
        self.feed = feed
        self.journal = journal
        self.control = control
        self.book = ExchangeBook(capacity)
        self._mirror: Mirror | None = None
        self.poll_interval = poll_interval
        self.since_ms = int(time.time() * 1000)
        self.status: dict[str, Any] = {}
        self.status_error: str | None = None
        self.scores: list[ScoreRow] = []
        self._score_due = 0.0
        self._score_dirty = True
        self._lock = asyncio.Lock()
        self._subscribers: set[asyncio.Queue[Update | None]] = set()
        self._poke = asyncio.Event()
        self._poller: asyncio.Task[None] | None = None
        self.closed = False

    @property
    def mirror(self) -> Mirror:
        """Made on first use: a stack nobody opens the console of keeps no copy."""
        if self._mirror is None:
            self._mirror = Mirror()
        return self._mirror

    # -- refresh --------------------------------------------------------------------------

    async def refresh(self, *, fresh_scores: bool = False) -> Update:
        """Read what is new; ``fresh_scores`` recomputes a stale scoreboard now (a page or API
        read) instead of when the poller's throttle allows."""
        async with self._lock:
            update = Update()
            self.metrics.polls.inc()
            records = await self.feed.poll()
            if self.feed.errors:
                self.metrics.poll_failures.labels("opmon").inc()
            self.metrics.records.inc(len(records))
            if records:
                update.exchanges = self.book.add(records)
                await asyncio.to_thread(self.mirror.add, records)
                self._score_dirty = True
            await self._read_journal(update)
            status = await self._read_status()
            if status != self.status:
                self.status = status
                update.status = status
                self._score_dirty = True
            if self._score_dirty and (fresh_scores or time.monotonic() >= self._score_due):
                update.scores = self.scores = await self._score()
            if update.exchanges or update.status is not None or update.scores is not None:
                self._publish(update)
            return update

    async def _read_journal(self, update: Update) -> None:
        """Faults named on no record (hangs, resets) join their exchanges and the mirror."""
        if self.journal is None:
            return
        entries = await self.journal.poll()
        if any(e.status not in _ABSENT for e in self.journal.errors.values()):
            self.metrics.poll_failures.labels("journal").inc()
        if not entries:
            return
        changed = {x.message_id: x for x in update.exchanges + self.book.add_journal(entries)}
        update.exchanges = sorted(changed.values(), key=lambda x: x.started_ms)
        await asyncio.to_thread(self.mirror.add_journal, entries)
        self._score_dirty = True

    async def _read_status(self) -> dict[str, Any]:
        """The fault status with what moves by itself taken out: the clock as an offset from the
        wall clock (the page ticks it) and the TTL as an expiry moment (the page counts down)."""
        try:
            status = await self.control.status()
        except ControlError as exc:
            self.status_error = exc.message
            self.metrics.poll_failures.labels("faults").inc()
            return {}
        self.status_error = None
        now = time.time()
        active = status.get("active")
        if active is not None:
            left = active.pop("expires_in_s", None)
            status["expires_at"] = None if left is None else round(now + left)
        clock = status.pop("clock", {})
        moment = datetime.fromisoformat(clock["now"]) if clock.get("now") else None
        status["clock"] = {
            "frozen": bool(clock.get("frozen")),
            "offset_s": round(moment.timestamp() - now) if moment else 0,
            "frozen_at": clock.get("now") if clock.get("frozen") else None,
        }
        return status

    async def _score(self) -> list[ScoreRow]:
        started = time.monotonic()
        rows = [int(r) for r in (self.status.get("active") or {}).get("rows", [])]
        report = await asyncio.to_thread(self.mirror.report, self.since_ms)
        cost = time.monotonic() - started
        self._score_due = time.monotonic() + max(_MIN_SCORE_INTERVAL, _SCORE_COST_FACTOR * cost)
        self._score_dirty = False
        return scoreboard(report, rows)

    def restart_count(self) -> None:
        """Count the scoreboard and the monitor from now on."""
        self.since_ms = int(time.time() * 1000)
        self.book.clear()
        self._score_dirty = True
        self._score_due = 0.0

    # -- subscribers ----------------------------------------------------------------------

    def subscribe(self) -> asyncio.Queue[Update | None]:
        queue: asyncio.Queue[Update | None] = asyncio.Queue(_QUEUE)
        self._subscribers.add(queue)
        self.metrics.streams.set(len(self._subscribers))
        if self._poller is None or self._poller.done():
            self._poller = asyncio.create_task(self._poll(), name="console-poller")
        return queue

    def unsubscribe(self, queue: asyncio.Queue[Update | None]) -> None:
        self._subscribers.discard(queue)
        self.metrics.streams.set(len(self._subscribers))

    def poke(self) -> None:
        """Refresh now (after a control action or a call from the try panel)."""
        self._poke.set()

    def _publish(self, update: Update) -> None:
        for queue in list(self._subscribers):
            try:
                queue.put_nowait(update)
            except asyncio.QueueFull:  # a stalled browser: it gets a fresh snapshot on reconnect
                self._subscribers.discard(queue)
                with contextlib.suppress(asyncio.QueueFull):
                    queue.put_nowait(None)

    async def _poll(self) -> None:
        while self._subscribers and not self.closed:
            try:
                await self.refresh()
            except Exception:  # a failed read must not end the live view; next poll retries
                await asyncio.sleep(self.poll_interval)
            self._poke.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._poke.wait(), self.poll_interval)

    async def close(self) -> None:
        """End every stream now (server shutdown), then stop polling. Idempotent."""
        if self.closed:
            return
        self.closed = True
        for queue in list(self._subscribers):
            with contextlib.suppress(asyncio.QueueFull):
                queue.put_nowait(None)
        self._poke.set()
        if self._poller is not None:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(self._poller, 5)
        await self.control.aclose()
        if self._mirror is not None:
            await asyncio.to_thread(self._mirror.close)
