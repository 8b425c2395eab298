"""Default-deny access control: a consumer may call ``{provider}/{serviceCode}`` only if one of
its ``allow`` globs matches. Decisions are memoised per (consumer, service), so a request pays
one dict look-up however many rules exist.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

from gateway.catalog import Consumer

__all__ = ["AccessControl"]


class AccessControl:
    """Answers "may this consumer call this service?"."""

    def __init__(self) -> None:
        self._decisions: dict[tuple[str, str, str], bool] = {}

    def allowed(self, consumer: Consumer, provider: str, service: str) -> bool:
        key = (consumer.client, provider, service)
        decision = self._decisions.get(key)
        if decision is None:
            target = f"{provider}/{service}"
            decision = any(fnmatchcase(target, rule) for rule in consumer.allow)
            self._decisions[key] = decision
        return decision
