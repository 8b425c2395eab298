"""A process's fault engine from its settings: the packaged catalog and scenarios, the
start-up scenario, the seed logged."""

from __future__ import annotations

import logging

from pydantic import BaseModel, Field, SecretStr

from mock_registries.clock import Clock
from mock_registries.faults.catalog import Catalog, load_catalog
from mock_registries.faults.engine import (
    DEFAULT_ADMIN_TOKEN,
    DEFAULT_FAULT_SEED,
    DEFAULT_KEY_HEADERS,
    FaultEngine,
)
from mock_registries.faults.scenarios import build_scenarios

__all__ = ["FaultSettings", "build_fault_engine"]

log = logging.getLogger("mock_registries.faults")


class FaultSettings(BaseModel):
    """Fault section of the process settings (embedded in ``simulator.settings.StackSettings``)."""

    seed: int = Field(DEFAULT_FAULT_SEED, description="Run seed of every fault decision")
    scenario: str | None = Field(None, description="Scenario enabled at start-up, e.g. 'dak-lak'")
    ttl_seconds: float | None = Field(None, gt=0, description="Start-up scenario expiry (sim s)")
    allow_override_headers: bool = Field(
        False, description="Honour per-request 'x-sim-fault' headers (test tenants only)"
    )
    request_key_headers: tuple[str, ...] = Field(
        DEFAULT_KEY_HEADERS, description="Headers whose value keys a request's draws"
    )
    time_scale: float = Field(
        1.0,
        gt=0,
        le=1,
        description="Every injected delay and pause times this: a faster rehearsal (scale the "
        "gateway's deadlines and slow threshold alike); 1 is Phụ lục V's real seconds",
    )
    admin_token: SecretStr = Field(
        SecretStr(DEFAULT_ADMIN_TOKEN),
        description="Bearer credential of /_admin/faults (the harness passes NDXP_ADMIN_TOKEN)",
    )


def build_fault_engine(
    settings: FaultSettings, *, clock: Clock, catalog: Catalog | None = None
) -> FaultEngine:
    """The engine for a process: packaged catalog, scenarios, start-up scenario, seed logged."""
    engine = FaultEngine(
        seed=settings.seed,
        clock=clock,
        scenarios=build_scenarios(catalog or load_catalog()),
        allow_override_headers=settings.allow_override_headers,
        request_key_headers=settings.request_key_headers,
        time_scale=settings.time_scale,
        admin_token=settings.admin_token.get_secret_value(),
    )
    if settings.scenario is not None:
        engine.enable(settings.scenario, ttl_seconds=settings.ttl_seconds)
    log.info(engine.banner())
    return engine
