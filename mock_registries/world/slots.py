"""One dossier slot ↔ one key: the keyed affine bijection the slot registers share.

A registry whose dossiers are numbered per day (``lifecycles.DailyNumbering``) ties each slot
``(day, number)`` to what the dossier is about — an enterprise code (``business_dossiers``), a
licence holder (``renewals``) — so that the thing decodes back to its dossier without storage.
The slot ``s = days since 2020-01-01 · per_day + number`` picks a group (a tax prefix, a
province) by a keyed hash, and the group's affine map ``v = (a·s + b) mod space`` (``a`` prime
to ``space``) gives the key's body. Decoding inverts the map and keeps the slot only if it
picks the same group and names a number issued that day: every key has at most one slot.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from datetime import date, timedelta
from typing import Generic, TypeVar

from mock_registries.world.keys import mix

__all__ = ["SlotBijection"]

G = TypeVar("G", bound=Hashable)

_EPOCH = date(2020, 1, 1)


class SlotBijection(Generic[G]):
    """Slots of ``per_day`` numbers a day ↔ ``(group, value)``, ``0 ≤ value < space``.

    ``affine`` gives each group its ``(a, b)``; ``pick`` is the ``mix`` tag that assigns a slot
    to a group; ``count(day)`` is how many numbers that day issued (a decoded slot above it
    holds no dossier).
    """

    def __init__(
        self, seed: int, pick: int, groups: Sequence[G], affine: dict[G, tuple[int, int]],
        space: int, per_day: int, count: Callable[[date], int],
    ) -> None:  # fmt: skip
        self.seed, self.pick, self.groups = seed, pick, tuple(groups)
        self.space, self.per_day, self.count = space, per_day, count
        self._maps = {g: (a, pow(a, -1, space), b) for g, (a, b) in affine.items()}

    def group(self, slot: int) -> G:
        return self.groups[mix(self.seed, self.pick, slot) % len(self.groups)]

    def encode(self, day: date, number: int) -> tuple[G, int] | None:
        """The group and value of slot ``(day, number)`` (None before the epoch)."""
        slot = (day - _EPOCH).days * self.per_day + number
        if slot < 0:
            return None
        group = self.group(slot)
        a, _, b = self._maps[group]
        return group, (a * slot + b) % self.space

    def decode(self, group: G, value: int) -> tuple[date, int] | None:
        """The slot whose key is ``(group, value)``, if that number was issued that day."""
        found = self._maps.get(group)
        if found is None:
            return None
        _, inverse, b = found
        slot = inverse * (value - b) % self.space
        day, number = divmod(slot, self.per_day)
        if number == 0 or self.group(slot) != group:
            return None
        when = _EPOCH + timedelta(days=day)
        return (when, number) if number <= self.count(when) else None
