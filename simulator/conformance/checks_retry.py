"""Checks of how a client retries: bounded, with backoff and jitter, after Retry-After, with no
storm, and never a non-idempotent call without its idempotency key.

A *retry* is a call that repeats a failed one (:func:`~simulator.conformance.calls.is_failure`):
the same logical call (service and idempotency key, else the same request) coming again.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from simulator.conformance.calls import Call, is_failure
from simulator.conformance.plan import Thresholds
from simulator.conformance.verdicts import MAX_EVIDENCE, Verdict

__all__ = [
    "backoff_jitter",
    "idempotent_submissions",
    "no_storm",
    "retries_bounded",
    "retry_after_honoured",
    "retry_chains",
]


def retry_chains(calls: Sequence[Call]) -> list[list[Call]]:
    """Runs of one logical call where every attempt but the last failed, oldest first."""
    open_chains: dict[tuple[str, str], list[Call]] = {}
    chains: list[list[Call]] = []
    for call in calls:
        chain = open_chains.get(call.logical)
        if chain is not None and is_failure(chain[-1]):
            chain.append(call)
        else:
            chain = [call]
            chains.append(chain)
        open_chains[call.logical] = chain
    return [chain for chain in chains if len(chain) > 1]


def _gaps(chain: list[Call]) -> list[float]:
    return [later.start - earlier.end for earlier, later in zip(chain, chain[1:], strict=False)]


def retries_bounded(calls: Sequence[Call], t: Thresholds) -> Verdict:
    rows = (42, 43, 44, 48, 49)
    chains = retry_chains(calls)
    if not chains:
        return Verdict("retries_bounded", "skipped", "no_retries", rows=rows)
    longest = max(chains, key=len)
    values = {"attempts": len(longest), "limit": t.max_attempts, "chains": len(chains)}
    over = [c for c in chains if len(c) > t.max_attempts]
    evidence = tuple(c[0].cite() + f" ×{len(c)}" for c in over[:MAX_EVIDENCE])
    if over:
        return Verdict("retries_bounded", "failed", "retries_over", values, evidence, rows)
    return Verdict("retries_bounded", "passed", "retries_ok", values, (longest[0].cite(),), rows)


def backoff_jitter(calls: Sequence[Call], t: Thresholds) -> Verdict:
    rows = (42, 43, 44, 48, 49)
    chains = retry_chains(calls)
    if not chains:
        return Verdict("backoff_jitter", "skipped", "no_retries", rows=rows)
    bad: list[str] = []
    for chain in chains:
        gaps = _gaps(chain)
        # Waits a Retry-After set are the server's, judged by retry_after_honoured.
        own = [g for g, c in zip(gaps, chain, strict=False) if c.retry_after is None]
        shrinking = any(b < a * 0.8 - 0.05 for a, b in zip(own, own[1:], strict=False))
        if gaps[0] < t.min_first_gap_s or shrinking:
            waits = ", ".join(f"{g:.2f}" for g in gaps)
            bad.append(f"{chain[0].cite()}; gaps {waits} s")
    firsts = [_gaps(chain)[0] for chain in chains]
    mean = statistics.fmean(firsts)
    cv = statistics.pstdev(firsts) / mean if len(firsts) >= 3 and mean > 0 else None
    values = {
        "min_gap": round(min(firsts), 3),
        "limit": t.min_first_gap_s,
        "cv": None if cv is None else round(cv, 3),
        "cv_limit": t.min_jitter_cv,
    }
    if bad:
        return Verdict("backoff_jitter", "failed", "backoff_short", values, tuple(bad[:8]), rows)
    if cv is not None and cv < t.min_jitter_cv:
        return Verdict("backoff_jitter", "failed", "jitter_missing", values, (), rows)
    return Verdict("backoff_jitter", "passed", "backoff_ok", values, (), rows)


def retry_after_honoured(calls: Sequence[Call], t: Thresholds) -> Verdict:
    rows = (42, 48, 62)
    told = [c for c in calls if c.retry_after is not None and c.status in (429, 503)]
    if not told:
        return Verdict("retry_after_honoured", "skipped", "no_retry_after", rows=rows)
    early: list[str] = []
    for answer in told:
        assert answer.retry_after is not None
        due = answer.end + answer.retry_after - t.retry_after_slack_s
        again = next(
            (c for c in calls if c.start > answer.end and c.service == answer.service), None
        )
        if again is not None and again.start < due:
            waited = again.start - answer.end
            told_s = f"Retry-After {answer.retry_after:g} s"
            early.append(f"{answer.cite()}; {told_s}; +{waited:.2f} s → {again.message_id}")
    values = {"told": len(told), "early": len(early)}
    if early:
        return Verdict(
            "retry_after_honoured",
            "failed",
            "retry_after_early",
            values,
            tuple(early[:MAX_EVIDENCE]),
            rows,
        )
    return Verdict(
        "retry_after_honoured", "passed", "retry_after_ok", values, (told[0].cite(),), rows
    )


def no_storm(calls: Sequence[Call], t: Thresholds) -> Verdict:
    rows = (42, 48, 62)
    refusals = [c for c in calls if c.status in (429, 503)]
    if not refusals:
        return Verdict("no_storm", "skipped", "no_refusals", rows=rows)
    worst, worst_count = refusals[0], 0
    for refusal in refusals:
        window_end = refusal.end + t.storm_window_s
        count = sum(1 for c in calls if refusal.end < c.start <= window_end)
        if count > worst_count:
            worst, worst_count = refusal, count
    values = {"calls": worst_count, "window": t.storm_window_s, "limit": t.storm_max_calls}
    evidence = (worst.cite(),)
    if worst_count > t.storm_max_calls:
        return Verdict("no_storm", "failed", "storm", values, evidence, rows)
    return Verdict("no_storm", "passed", "storm_ok", values, evidence, rows)


def idempotent_submissions(
    calls: Sequence[Call], t: Thresholds, non_idempotent: frozenset[str]
) -> Verdict:
    rows = (11, 17, 85)
    submissions = [c for c in calls if c.service in non_idempotent]
    failed = [c for c in submissions if is_failure(c)]
    if not failed:
        return Verdict("idempotent_submissions", "skipped", "no_failed_submissions", rows=rows)
    unsafe: list[str] = []
    retried = 0
    for failure in failed:
        # The same dossier sent again (same content, whatever its key) soon after.
        again = next(
            (c for c in submissions if c.start > failure.end and c.content == failure.content),
            None,
        )
        if again is None or again.start - failure.end > t.retry_window_s:
            continue
        retried += 1
        if failure.key is None or again.key != failure.key:
            unsafe.append(
                f"{failure.cite()} → {again.message_id}: key {failure.key!r} → {again.key!r}"
            )
    values = {"failed": len(failed), "retried": retried, "unsafe": len(unsafe)}
    if unsafe:
        return Verdict(
            "idempotent_submissions",
            "failed",
            "submission_unsafe",
            values,
            tuple(unsafe[:MAX_EVIDENCE]),
            rows,
        )
    return Verdict("idempotent_submissions", "passed", "submission_ok", values, (), rows)
