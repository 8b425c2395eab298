"""A whole stack on a fast clock for fault runs in tests: every injected delay, the gateway's
deadlines and its "slow" threshold scaled by the same factor, so a Phụ lục V scenario with
answers over 30 s and 60 s deadlines runs in seconds and is judged the same way."""

from __future__ import annotations

from pathlib import Path

from connectors import Timeout
from gateway import GatewaySettings
from mock_registries import FaultSettings, MockSettings
from simulator.settings import StackSettings

__all__ = ["SCALE", "scaled_env", "scaled_settings"]

SCALE = 0.1


def scaled_settings(tmp_path: Path, scenario: str | None, seed: int = 2024) -> StackSettings:
    deadline = 60.0 * SCALE
    return StackSettings(
        ledger_path=tmp_path / "ledger.sqlite",
        scenario=scenario,
        faults=FaultSettings(seed=seed, time_scale=SCALE),
        mocks=MockSettings(seed=seed),
        gateway=GatewaySettings(
            timeout=Timeout(connect=1.0, read=deadline, attempt=deadline, total=deadline),
            slow_answer_seconds=30.0 * SCALE,
            id_seed=seed,
        ),
    )


def scaled_env(seed: int = 2024) -> dict[str, str]:
    deadline = str(60.0 * SCALE)
    return {
        "NDXP_FAULTS__TIME_SCALE": str(SCALE),
        "NDXP_GATEWAY__TIMEOUT__CONNECT": "1",
        "NDXP_GATEWAY__TIMEOUT__READ": deadline,
        "NDXP_GATEWAY__TIMEOUT__ATTEMPT": deadline,
        "NDXP_GATEWAY__TIMEOUT__TOTAL": deadline,
        "NDXP_GATEWAY__SLOW_ANSWER_SECONDS": str(30.0 * SCALE),
    }
