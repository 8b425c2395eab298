"""The mocks' answer cache holds one moment of the simulated world: a past minute's answers go
when the minute moves on (memory stays flat in a soak), and within a moment it is a bounded LRU."""

from __future__ import annotations

from mock_registries.common import AnswerCache


def test_a_new_moment_empties_the_cache() -> None:
    cache: AnswerCache[bytes] = AnswerCache(8)
    assert cache.get("001080012345", (1, 0)) is None
    cache.put("001080012345", (1, 0), b"minute 1")
    assert cache.get("001080012345", (1, 0)) == b"minute 1"
    assert cache.get("001080012345", (2, 0)) is None  # the next minute: built afresh
    cache.put("001080012345", (1, 0), b"late writer of a past minute")  # not kept
    assert cache.get("001080012345", (2, 0)) is None
    assert cache.get("001080012345", (1, 0)) is None  # the past is not kept either


def test_within_a_moment_the_least_recently_used_goes_first() -> None:
    cache: AnswerCache[int] = AnswerCache(2)
    moment = (7, (3, 0, 1))
    cache.get("a", moment)
    cache.put("a", moment, 1)
    cache.put("b", moment, 2)
    assert cache.get("a", moment) == 1  # "a" is now the most recent
    cache.put("c", moment, 3)
    assert cache.get("b", moment) is None
    assert (cache.get("a", moment), cache.get("c", moment)) == (1, 3)


def test_size_zero_keeps_nothing() -> None:
    cache: AnswerCache[int] = AnswerCache(0)
    cache.get("a", 1)
    cache.put("a", 1, 1)
    assert cache.get("a", 1) is None
