"""Settings of the mock registries (a section of the process settings, ``simulator.settings``).

The national world the four mocks are views of has its own part, :class:`WorldSettings`
(``NDXP_MOCKS__WORLD__…``): the share of numbers never issued, the bound on dossiers filed in a
run, the memo size and the event delays.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from mock_registries.world import DEFAULT_SEED, WorldSettings

__all__ = ["DEFAULT_SEED", "MockSettings"]


class MockSettings(BaseModel):
    """How the registry mocks generate data and keep time."""

    seed: int = Field(DEFAULT_SEED, description="Run seed: same seed, byte-identical answers")
    clock_speed: float = Field(1.0, gt=0, description="Simulated seconds per wall second")
    world: WorldSettings = Field(default_factory=WorldSettings)
