"""How well the gateway's own classification matched the faults that were really there, per
symptom class (recall and precision) and per injected kind (a confusion table).

Every judged fault has one expected class (``expectations``); it is found when that class is
among what the gateway saw on the request. Several faults on one request are scored each on
its own. Precision asks the reverse: of the requests where the gateway reported a class, how
many really had a fault of that class. ``ok`` is a class too: a request with no detectable
fault should be reported ok, and an "ok" report should mean nothing detectable was there.
Requests the gateway turned away itself (breaker, quota) detect nothing and are left out, as
are calls refused as invalid with no fault on them (a province testing bad input): their 4xx is
the right answer, not a detection.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from simulator.report.model import ClassScore, KindAccuracy
from simulator.report.requests import Request

__all__ = ["GATE_MIN_SAMPLES", "class_scores", "kind_accuracy"]

GATE_MIN_SAMPLES = 5


def class_scores(requests: Iterable[Request]) -> list[ClassScore]:
    truth: Counter[str] = Counter()
    found: Counter[str] = Counter()
    reported: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for request in requests:
        if request.protection_only or request.refused_as_invalid:
            continue
        predicted = request.predicted()
        expected = [j.expected for j in request.judged() if j.expected is not None]
        classes = set(expected) or {"ok"}
        for cls in expected or ["ok"]:
            truth[cls] += 1
            found[cls] += cls in predicted
        for cls in predicted:
            reported[cls] += 1
            right[cls] += cls in classes
    names = sorted(set(truth) | set(reported))
    return [ClassScore(cls, truth[cls], found[cls], reported[cls], right[cls]) for cls in names]


def kind_accuracy(requests: Iterable[Request]) -> list[KindAccuracy]:
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    expected_of: dict[str, set[str]] = defaultdict(set)
    matched: Counter[str] = Counter()
    for request in requests:
        predicted = request.predicted()
        seen = ",".join(sorted(predicted)) or "-"
        for judged in request.judged():
            kind = judged.tag.kind
            confusion[kind][seen] += 1
            if judged.expected is not None:
                expected_of[kind].add(judged.expected)
                matched[kind] += judged.expected in predicted
    return [
        KindAccuracy(
            kind=kind,
            total=sum(observed.values()),
            matched=matched[kind],
            expected=sorted(expected_of[kind]),
            observed=dict(observed.most_common()),
            detectable=bool(expected_of[kind]),
        )
        for kind, observed in sorted(confusion.items())
    ]
