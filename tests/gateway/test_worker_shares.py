"""What one gateway's workers share without a store: signed tokens, and quota shares."""

from __future__ import annotations

import time

from gateway.catalog import Consumer, Quota
from gateway.quota import RateLimiter
from gateway.tokens import TokenStore

CONSUMER = Consumer(
    client="VN/GOV/000.00.00.H56/MCDT", name="MCDT", secret="s", quota=Quota(rps=0.001, burst=10)
)
SECRET = b"one secret for every worker"


def _store(secret: bytes | None = SECRET) -> TokenStore:
    lookup = {CONSUMER.client: CONSUMER}.get
    return TokenStore(ttl=3600, max_per_client=3, secret=secret, lookup=lookup)


def test_a_token_signed_by_one_worker_is_adopted_by_another() -> None:
    issuer, other = _store(), _store()
    token = issuer.issue(CONSUMER).value
    assert other.consumer(token) == CONSUMER
    assert len(other) == 1  # kept: the next look-up is a dictionary hit


def test_forged_foreign_or_unsigned_tokens_are_refused() -> None:
    token = _store().issue(CONSUMER).value
    assert _store(b"another gateway").consumer(token) is None
    assert _store().consumer(token[:-2] + "AA") is None
    assert _store().consumer("not.a.real.token") is None
    assert _store(None).consumer(token) is None  # one process: nothing is adopted


def test_an_expired_signed_token_is_refused() -> None:
    store = TokenStore(ttl=60, max_per_client=3, secret=SECRET, lookup=lambda _: CONSUMER)
    token = store.issue(CONSUMER).value
    nonce, _, name, _ = token.split(".")
    payload = f"{nonce}.1.{name}"  # expired in 1970, correctly signed
    assert _store().consumer(f"{payload}.{store._signature(payload)}") is None


def test_n_workers_together_admit_no_more_than_the_burst() -> None:
    workers = [RateLimiter(share=1 / 3) for _ in range(3)]
    admitted = sum(w.take(CONSUMER).allowed for w in workers for _ in range(10))
    assert admitted == 9  # 10/3 tokens each: 3 calls each, never more than 10 in all
    refusal = workers[0].take(CONSUMER)
    assert (b"x-ratelimit-limit", b"10") in refusal.headers


def test_a_consumers_first_call_is_admitted_with_a_one_token_share() -> None:
    """The call's arrival time precedes the new bucket's stamp: no negative refill may leave
    a one-token bucket (burst 4 over 4 workers) short of its first call."""
    consumer = CONSUMER.model_copy(update={"quota": Quota(rps=1, burst=4)})
    arrived = time.perf_counter()
    assert RateLimiter(share=0.25).take(consumer, arrived).allowed
    late = RateLimiter()  # an earlier arrival admitted after a later one: no tokens taken back
    later = time.perf_counter()
    assert late.take(consumer, later).allowed
    assert late.take(consumer, arrived).allowed
