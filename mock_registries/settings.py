"""Settings of the mock registries (a section of the process settings, ``simulator.settings``)."""

from __future__ import annotations

from pydantic import BaseModel, Field

__all__ = ["MockSettings"]

DEFAULT_SEED = 2024
DEFAULT_NOT_FOUND_RATIO = 0.02


class MockSettings(BaseModel):
    """How the registry mocks generate data and keep time."""

    seed: int = Field(DEFAULT_SEED, description="Run seed: same seed, byte-identical answers")
    not_found_ratio: float = Field(
        DEFAULT_NOT_FOUND_RATIO,
        ge=0.0,
        le=1.0,
        description="Share of valid IDs that answer not-found",
    )
    clock_speed: float = Field(1.0, gt=0, description="Simulated seconds per wall second")
    max_stored_dossiers: int = Field(
        100_000, ge=100, description="Bound on in-memory writes per run"
    )
