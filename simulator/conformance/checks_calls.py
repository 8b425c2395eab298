"""Checks of single calls and of their sequence: a bounded client timeout, a sane polling
cadence, X-Road-Id and UserId sent and unique, and no repeat of a call that was refused."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from simulator.conformance.calls import Call
from simulator.conformance.plan import Thresholds
from simulator.conformance.verdicts import MAX_EVIDENCE, Verdict

__all__ = ["ids_unique", "polling_cadence", "stops_on_4xx", "timeout_bounded"]

_FINAL_4XX = frozenset(range(400, 500)) - {408, 429, 499}


def timeout_bounded(calls: Sequence[Call], t: Thresholds) -> Verdict:
    """Every call the exchange held past ``max_wait_s`` was abandoned by the client by then;
    not exercised when no call was held that long."""
    rows = (20, 51, 54, 55, 56, 63)
    held = [c for c in calls if c.waited > t.max_wait_s or c.gave_up]
    if not held:
        return Verdict("timeout_bounded", "skipped", "no_slow_calls", rows=rows)
    waited_out = [c for c in held if c.waited > t.max_wait_s + 0.25]
    gave_up = [c for c in held if c.gave_up and c.waited <= t.max_wait_s + 0.25]
    values = {
        "limit": t.max_wait_s,
        "gave_up": len(gave_up),
        "longest": round(max(c.waited for c in held), 2),
    }
    if waited_out:
        evidence = tuple(c.cite() for c in waited_out[:MAX_EVIDENCE])
        return Verdict("timeout_bounded", "failed", "waited_too_long", values, evidence, rows)
    if not gave_up:
        return Verdict("timeout_bounded", "skipped", "no_slow_calls", values, rows=rows)
    evidence = tuple(c.cite() for c in gave_up[:3])
    return Verdict("timeout_bounded", "passed", "timeout_ok", values, evidence, rows)


def polling_cadence(calls: Sequence[Call], t: Thresholds) -> Verdict:
    """Polls of one dossier (same service and key) at least ``poll_min_interval_s`` apart once
    an answer came, and at most ``poll_max_count`` of them."""
    rows = (12, 13)
    polls: dict[tuple[str, str], list[Call]] = {}
    for call in calls:
        if call.service in t.poll_services:
            polls.setdefault(call.logical, []).append(call)
    if not polls:
        return Verdict("polling_cadence", "skipped", "no_polls", rows=rows)
    fast: list[str] = []
    shortest = None
    for series in polls.values():
        for earlier, later in zip(series, series[1:], strict=False):
            if earlier.status >= 400 or earlier.gave_up:
                continue  # a retry, judged by the retry checks
            gap = later.start - earlier.start
            shortest = gap if shortest is None else min(shortest, gap)
            if gap < t.poll_min_interval_s:
                fast.append(f"{earlier.message_id} → {later.message_id}: {gap:.2f} s")
    most = max(len(series) for series in polls.values())
    values = {
        "dossiers": len(polls),
        "shortest": None if shortest is None else round(shortest, 2),
        "limit": t.poll_min_interval_s,
        "most": most,
        "max_count": t.poll_max_count,
    }
    if fast or most > t.poll_max_count:
        return Verdict("polling_cadence", "failed", "polls_fast", values, tuple(fast[:8]), rows)
    return Verdict("polling_cadence", "passed", "polls_ok", values, (), rows)


def ids_unique(calls: Sequence[Call], t: Thresholds) -> Verdict:
    """Every call carries the client's own X-Road-Id, never reused, and an X-Road-UserId."""
    rows = (43, 44, 48, 49)
    if not calls:
        return Verdict("ids_unique", "skipped", "no_calls", rows=rows)
    minted = [c for c in calls if not c.sent_id]
    no_user = [c for c in calls if not c.user_id]
    reused = [(mid, n) for mid, n in Counter(c.message_id for c in calls).items() if n > 1]
    values = {"calls": len(calls), "minted": len(minted), "no_user": len(no_user)}
    values["reused"] = len(reused)
    evidence = [f"X-Road-Id {mid} ×{n}" for mid, n in reused[:4]]
    evidence += [f"{c.cite()}: X-Road-Id −" for c in minted[:2]]
    evidence += [f"{c.cite()}: X-Road-UserId −" for c in no_user[:2]]
    if minted or no_user or reused:
        return Verdict("ids_unique", "failed", "ids_bad", values, tuple(evidence), rows)
    return Verdict("ids_unique", "passed", "ids_ok", values, (), rows)


def stops_on_4xx(calls: Sequence[Call], t: Thresholds) -> Verdict:
    """A request refused with a final 4xx is not sent again unchanged."""
    rows = (3, 11, 85)
    refused = [c for c in calls if c.status in _FINAL_4XX]
    if not refused:
        return Verdict("stops_on_4xx", "skipped", "no_4xx", rows=rows)
    repeats: list[str] = []
    for refusal in refused:
        again = [c for c in calls if c.start > refusal.end and c.digest == refusal.digest]
        if again:
            repeats.append(f"{refusal.cite()} → ×{len(again)}: {again[0].message_id}")
    values = {"refused": len(refused), "repeated": len(repeats)}
    if repeats:
        return Verdict("stops_on_4xx", "failed", "repeats_4xx", values, tuple(repeats[:8]), rows)
    return Verdict("stops_on_4xx", "passed", "stops_ok", values, (), rows)
