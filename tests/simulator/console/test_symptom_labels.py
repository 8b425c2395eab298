"""Every symptom a gateway writes to the ledger reads in Vietnamese on the console's monitor —
the outside tester saw the raw code ``gateway_error`` among Vietnamese labels."""

from __future__ import annotations

import pytest

from gateway.symptoms import SYMPTOMS
from simulator.console.views import _symptom


@pytest.mark.parametrize("symptom", SYMPTOMS)
def test_every_symptom_has_a_vietnamese_label(symptom: str) -> None:
    label = _symptom(symptom, "vi")
    assert label != symptom


def test_english_keeps_the_wire_names() -> None:
    assert _symptom("gateway_error", "en") == "gateway_error"
