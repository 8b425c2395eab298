"""Observability hooks of a connector: what happened to each call, without choosing a backend.

The connector reports events to an :class:`UpstreamObserver`; the gateway implements it with
Prometheus (``gateway/resilience_metrics.py``), tests with a recorder. Hooks are synchronous
and must be cheap: they run on the hot path of every attempt.

How many calls hold a bulkhead slot is not an event: it is read when metrics are scraped
(:meth:`connectors.Upstream.in_flight`), so taking and giving back a slot costs nothing more.

``outcome`` of an attempt is ``success`` (any answer below 500 except 429), ``http_<status>``
(429 and 5xx answers) or the stable ``reason`` of the :class:`connectors._errors.UpstreamError`.
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["NULL_OBSERVER", "NullObserver", "UpstreamObserver", "attempt_outcome"]


def attempt_outcome(status: int) -> str:
    """The outcome label of an answered attempt."""
    if status < 500 and status != 429:
        return "success"
    return f"http_{status}"


class UpstreamObserver(Protocol):
    """Receives the connector's resilience events for one hop."""

    def attempt_finished(self, upstream: str, outcome: str, seconds: float) -> None: ...

    def retry_scheduled(self, upstream: str, attempt: int, delay: float, reason: str) -> None: ...

    def retry_budget_exhausted(self, upstream: str) -> None: ...

    def breaker_state_changed(self, upstream: str, old: str, new: str) -> None: ...

    def breaker_rejected(self, upstream: str) -> None: ...

    def bulkhead_rejected(self, upstream: str) -> None: ...

    def hedge_fired(self, upstream: str) -> None: ...


class NullObserver:
    """Ignores every event (the default)."""

    def attempt_finished(self, upstream: str, outcome: str, seconds: float) -> None:
        pass

    def retry_scheduled(self, upstream: str, attempt: int, delay: float, reason: str) -> None:
        pass

    def retry_budget_exhausted(self, upstream: str) -> None:
        pass

    def breaker_state_changed(self, upstream: str, old: str, new: str) -> None:
        pass

    def breaker_rejected(self, upstream: str) -> None:
        pass

    def bulkhead_rejected(self, upstream: str) -> None:
        pass

    def hedge_fired(self, upstream: str) -> None:
        pass


NULL_OBSERVER = NullObserver()
