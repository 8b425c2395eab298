"""Decisions are reproducible: same seed and keys, same faults, whatever the order."""

from __future__ import annotations

import asyncio
import random

import httpx

from mock_registries.faults.engine import FaultEngine
from mock_registries.faults.scenarios import Scenario
from tests.mock_registries.faults.support import EngineFactory, Serve, rule, scenario, wrap

MIX = scenario(
    "mix",
    rule("http_error", row=43, status=502, probability=0.2),
    rule(
        "latency",
        row=20,
        probability=0.5,
        delay={"dist": "lognormal", "median_ms": 4000, "p99_ms": 45000},
    ),
    rule("missing_fields", row=45, probability=0.3, fields=["TepKetQua"]),
    rule(
        "http_error", row=85, status=500, window={"window": "fail_first", "n": 2}, rule_id="85.ff"
    ),
)


def _trace(engine: FaultEngine, keys: list[str | None]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for key in keys:
        decision = engine.decide("dkdn", "GET", "/hoso/1", "/hoso/{ma}", key)
        if decision is None:
            out.append(())
            continue
        fired = [
            *decision.delay,
            *([decision.terminal] if decision.terminal else []),
            *decision.body,
        ]
        out.append(tuple(f"{f.label}@{f.delay:.6f}" for f in fired))
    return out


def _fresh(make_engine: EngineFactory, seed: int, sc: Scenario = MIX) -> FaultEngine:
    engine = make_engine(sc, seed=seed)
    engine.enable(sc.name)
    return engine


def test_same_seed_same_sequence_other_seed_other_sequence(make_engine: EngineFactory) -> None:
    keys: list[str | None] = [None] * 200
    first = _trace(_fresh(make_engine, 11), keys)
    assert first == _trace(_fresh(make_engine, 11), keys)
    assert first != _trace(_fresh(make_engine, 12), keys)
    assert first[0][-1].startswith("85:http_500") and first[1][-1].startswith("85:http_500")
    assert all(not any(x.startswith("85:") for x in f) for f in first[2:])
    fired_502 = sum(any(x.startswith("43:http_502") for x in f) for f in first)
    assert 20 <= fired_502 <= 60  # p = 0.2 over 200 requests


def test_caller_keys_decide_independently_of_order(make_engine: EngineFactory) -> None:
    no_ff = scenario("mix2", *[r for r in MIX.rules if r.rule_id != "85.ff"])
    keys: list[str | None] = [f"req-{i}" for i in range(300)]
    shuffled = keys[:]
    random.Random(3).shuffle(shuffled)
    in_order = dict(zip(keys, _trace(_fresh(make_engine, 5, no_ff), keys), strict=True))
    reordered = dict(zip(shuffled, _trace(_fresh(make_engine, 5, no_ff), shuffled), strict=True))
    assert in_order == reordered


def test_idle_engine_decides_nothing(make_engine: EngineFactory) -> None:
    engine = make_engine(MIX)
    assert engine.idle
    assert engine.decide("dkdn", "GET", "/hoso/1", "/hoso/{ma}", None) is None
    engine.enable("mix")
    assert not engine.idle
    engine.disable()
    assert engine.idle


async def test_concurrent_requests_with_keys_replay_identically(
    make_engine: EngineFactory, serve: Serve
) -> None:
    sc = scenario(
        "c",
        rule("http_error", row=43, status=502, probability=0.3),
        rule(
            "latency",
            row=20,
            probability=0.3,
            delay={"dist": "uniform", "lower_ms": 1, "upper_ms": 30},
        ),
        rule("missing_fields", row=45, probability=0.3, fields=["TepKetQua"]),
    )

    async def run(order_seed: int) -> dict[str, str]:
        engine = _fresh(make_engine, 99, sc)
        keys = [f"k{i}" for i in range(40)]
        random.Random(order_seed).shuffle(keys)
        async with serve(wrap(engine)) as url, httpx.AsyncClient(base_url=url) as client:
            responses = await asyncio.gather(
                *(client.get("/hoso/A1", headers={"x-request-key": k}) for k in keys)
            )
        return {k: r.headers.get("x-sim-fault", "") for k, r in zip(keys, responses, strict=True)}

    first, second = await run(1), await run(2)
    assert first == second
    assert any(first.values()) and not all(first.values())


def test_x_road_id_is_a_request_key(make_engine: EngineFactory) -> None:
    engine = make_engine(MIX)
    assert engine.request_key([(b"X-Road-Id", b"abc")]) == "abc"
    assert engine.request_key([(b"x-request-key", b"k"), (b"x-road-id", b"abc")]) == "k"
    assert engine.request_key([(b"accept", b"*/*")]) is None


def test_a_retry_with_the_same_key_draws_afresh_and_reproducibly(
    make_engine: EngineFactory,
) -> None:
    flaky = scenario("flaky", rule("http_error", row=43, status=502, probability=0.5))
    keys: list[str | None] = [f"msg-{i // 3}" for i in range(300)]  # each key sent 3 times
    first = _trace(_fresh(make_engine, 5, flaky), keys)
    assert first == _trace(_fresh(make_engine, 5, flaky), keys)
    triples = [first[i : i + 3] for i in range(0, 300, 3)]
    # p = 0.5 per attempt: a key failing on all three attempts is rare, a recovery is common.
    recovered = sum(1 for t in triples if t[0] and not all(t[1:]))
    always = sum(1 for t in triples if all(t))
    assert recovered >= 20 and always <= 25


async def test_applied_faults_are_reported_with_their_request_key(
    make_engine: EngineFactory, serve: Serve
) -> None:
    engine = _fresh(make_engine, 3, scenario("always", rule("http_error", row=44, status=503)))
    journal: list[tuple[str, str | None, str]] = []
    engine.add_applied_listener(lambda *entry: journal.append(entry))
    async with serve(wrap(engine)) as url, httpx.AsyncClient(base_url=url) as client:
        answer = await client.get("/hoso/1", headers={"x-road-id": "key-1"})
    assert answer.status_code == 503
    assert journal == [("dkdn", "key-1", "44:http_503")]
