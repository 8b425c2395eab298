"""Exchanges as the monitor shows them: the hop records of one X-Road-Id, outermost first.

A province call that went through the LGSP and the NDXP has two records (one per hop); the
LGSP's says what the province got back, the NDXP's what the registry did. Records arrive in any
order (the NDXP's finishes first), so an exchange is updated as its hops come in. The faults
the components' journals name for its X-Road-Id join it too, before or after its records: a hang
or a reset is named on no record, only in the journal of the component that applied it — the
monitor shows it as ``ndxp-sim report`` attributes it.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from simulator.report import failure_location, faults_met

__all__ = ["Exchange", "ExchangeBook", "HOP_ORDER"]

HOP_ORDER = ("lgsp", "ndxp")


def _span(record: dict[str, Any]) -> int:
    return int(record["responseOutTs"]) - int(record["requestInTs"])


def _upstream(record: dict[str, Any]) -> int | None:
    if record.get("requestOutTs") is None or record.get("responseInTs") is None:
        return None
    return int(record["responseInTs"]) - int(record["requestOutTs"])


@dataclass
class Exchange:
    message_id: str
    hops: dict[str, dict[str, Any]] = field(default_factory=dict)
    journal: list[str] = field(default_factory=list)  # fault tags the components journaled

    def ordered(self) -> list[dict[str, Any]]:
        known = [self.hops[h] for h in HOP_ORDER if h in self.hops]
        return known + [r for h, r in self.hops.items() if h not in HOP_ORDER]

    @property
    def outer(self) -> dict[str, Any]:
        return self.ordered()[0]

    @property
    def inner(self) -> dict[str, Any]:
        return self.ordered()[-1]

    @property
    def started_ms(self) -> int:
        return min(int(r["requestInTs"]) for r in self.hops.values())

    def timings(self) -> dict[str, int | None]:
        """Milliseconds: the whole exchange, the time each hop spent itself, the registry."""
        out: dict[str, int | None] = {"total": _span(self.outer)}
        ordered = self.ordered()
        for outer, inner in zip(ordered, [*ordered[1:], None], strict=True):
            up = _upstream(outer)
            own = _span(outer) - (up if up is not None else 0)
            out[str(outer["securityServerType"])] = own
            if inner is None:
                out["registry"] = up
        return out

    def injected_fault(self) -> str | None:
        """Every fault met, as the report takes them (``simulator.report.faults_met``): the
        tags on the records, then the journal's (a hang or a reset left no record tag)."""
        sources = [r.get("injectedFault") for r in self.ordered()[::-1]] + self.journal
        return ",".join(t.label for t in faults_met(sources)) or None

    def summary(self) -> dict[str, Any]:
        outer, inner = self.outer, self.inner
        return {
            "messageId": self.message_id,
            "rowId": "x" + hashlib.blake2b(self.message_id.encode(), digest_size=8).hexdigest(),
            "startedMs": self.started_ms,
            "clientId": outer["clientId"],
            "service": f"{inner['serviceProvider']}/{inner['serviceCode']}",
            "serviceCode": inner["serviceCode"],
            "provider": inner["serviceProvider"],
            "statusCode": outer["statusCode"],
            "succeeded": bool(outer["succeeded"]),
            "faultCode": outer.get("faultCode") or inner.get("faultCode"),
            "injectedFault": self.injected_fault(),
            "detectedSymptom": inner.get("detectedSymptom"),
            "answeredBy": outer.get("answeredBy"),
            "failedAt": failure_location(self.ordered()),
            "attempts": max(int(r.get("attempts") or 1) for r in self.hops.values()),
            "hops": [str(r["securityServerType"]) for r in self.ordered()],
            "timings": self.timings(),
        }


class ExchangeBook:
    """The most recent exchanges, newest last, at most ``capacity`` of them."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._items: OrderedDict[str, Exchange] = OrderedDict()
        # Journal tags of calls with no record yet (a hang is journaled when it starts, recorded
        # when the gateway gives up), bounded like the exchanges.
        self._pending: OrderedDict[str, list[str]] = OrderedDict()
        self.total_records = 0

    def add(self, records: Iterable[dict[str, Any]]) -> list[Exchange]:
        """File ``records``; returns the exchanges they created or changed, oldest first."""
        changed: dict[str, Exchange] = {}
        for record in records:
            self.total_records += 1
            message_id = str(record.get("messageId") or "-")
            exchange = self._items.get(message_id)
            if exchange is None:
                exchange = self._items[message_id] = Exchange(message_id)
                exchange.journal = self._pending.pop(message_id, [])
            exchange.hops[str(record["securityServerType"])] = record
            changed[message_id] = exchange
        while len(self._items) > self.capacity:
            gone, _ = self._items.popitem(last=False)
            changed.pop(gone, None)
        return sorted(changed.values(), key=lambda e: e.started_ms)

    def add_journal(self, entries: Iterable[dict[str, Any]]) -> list[Exchange]:
        """File fault-journal entries; returns the exchanges whose faults they changed."""
        changed: dict[str, Exchange] = {}
        for entry in entries:
            message_id, tag = str(entry["messageId"]), str(entry["tag"])
            exchange = self._items.get(message_id)
            if exchange is None:
                self._pending.setdefault(message_id, []).append(tag)
                self._pending.move_to_end(message_id)
                while len(self._pending) > 4 * self.capacity:
                    self._pending.popitem(last=False)
            else:
                exchange.journal.append(tag)
                changed[message_id] = exchange
        return sorted(changed.values(), key=lambda e: e.started_ms)

    def get(self, message_id: str) -> Exchange | None:
        return self._items.get(message_id)

    def recent(self, n: int | None = None) -> list[Exchange]:
        """Newest first."""
        items = sorted(self._items.values(), key=lambda e: e.started_ms, reverse=True)
        return items if n is None else items[:n]

    def clear(self) -> None:
        self._items.clear()
        self._pending.clear()
