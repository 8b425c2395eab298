"""Invariants of the dossiers the ĐKDN and GPLX registries list (``check.py`` counts them): a
dossier names a world enterprise or licence that exists, under the same name, and an approved
one has changed it (the enterprise's last amendment, the licence's re-issued card)."""

from __future__ import annotations

from datetime import datetime, timedelta

from mock_registries.world.check_rules import Counter, mask
from mock_registries.world.lifecycles import DA_XU_LY_XONG
from mock_registries.world.world import World

__all__ = ["dossier_checks"]

_BUSINESS = "ĐKDN dossiers name existing enterprises; approved ones amend them"
_RENEWAL = "GPLX dossiers: licence and holder exist; approved renewals re-issue the card"


def dossier_checks(world: World, at: datetime, count: Counter, limit: int) -> None:
    """Follow up to ``limit`` dossiers of each list, received in the week before ``at``."""
    start = at - timedelta(days=7)
    for dossier in world.business_dossiers(start, at)[:limit]:
        now = world.enterprise(dossier.enterprise_code, at)
        ok = now is not None and now.name == dossier.enterprise.name
        approved = dossier.lifecycle.first(DA_XU_LY_XONG, at)
        if approved is not None:
            ok = ok and now is not None and now.last_amended >= approved.date()
        rep = now.representatives[0].person if now is not None else None
        person = world.person(rep.cccd, at) if rep is not None else None
        ok = ok and person is not None and rep is not None and person.name == rep.name
        count(_BUSINESS).add(ok, dossier.code)
    for renewal in world.renewal_dossiers(start, at)[:limit]:
        held = world.licence(renewal.licence_number, at)
        holder = world.person(renewal.licence.holder.cccd, at)
        ok = held is not None and holder is not None and held.holder == renewal.licence.holder
        ok = ok and holder is not None and held is not None and holder.name == held.holder.name
        approved = renewal.lifecycle.first(DA_XU_LY_XONG, at)
        if approved is not None and held is not None:
            day = approved.date()
            ok = ok and held.serial != renewal.licence.serial
            ok = ok and any(c.issued >= day for c in held.classes)
        count(_RENEWAL).add(ok, mask(renewal.licence.holder.cccd))
