"""Who may not marry whom: kin in the direct line, or within three generations (Luật Hôn nhân
và gia đình 2014, Điều 5 khoản 2 điểm d)."""

from __future__ import annotations

from mock_registries.data.identity import CccdParts
from mock_registries.world.facts import Facts

__all__ = ["ancestors", "kin"]


def ancestors(facts: Facts, parts: CccdParts, generations: int) -> set[CccdParts]:
    found: set[CccdParts] = set()
    layer = [parts]
    for _ in range(generations):
        parents = [(facts.father(p), facts.mother(p)) for p in layer]
        layer = [p for pair in parents for p in pair if p is not None]
        found.update(layer)
    return found


def kin(facts: Facts, husband: CccdParts, wife: CccdParts) -> bool:
    """Direct line (any of three generations up) or a shared parent or grandparent."""
    if husband in ancestors(facts, wife, 3) or wife in ancestors(facts, husband, 3):
        return True
    return bool(ancestors(facts, husband, 2) & ancestors(facts, wife, 2))
