from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import strategies as st

from mock_registries.clock import VIETNAM_TZ, Clock
from mock_registries.data.identity import PROVINCE_CODES, CccdParts
from mock_registries.world import World

MOMENT = datetime(2026, 6, 15, 10, 0, tzinfo=VIETNAM_TZ)


def people(first_year: int = 1925) -> st.SearchStrategy[CccdParts]:
    """Any well-formed CCCD of someone born from ``first_year`` to the moment above."""
    return st.builds(
        CccdParts,
        st.sampled_from(sorted(PROVINCE_CODES)),
        st.integers(first_year, MOMENT.year),
        st.booleans(),
        st.integers(0, 999_999),
    )


@pytest.fixture(scope="session")
def shared_world() -> World:
    """A world nobody files events in (read-only tests share its caches)."""
    return World(2024, clock=Clock.frozen_at(MOMENT))


@pytest.fixture
def world() -> World:
    return World(2024, clock=Clock.frozen_at(MOMENT))
