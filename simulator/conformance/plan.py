"""A conformance plan: the phases a consumer's sandbox goes through and what each check
accepts. ``default_plan.yaml`` is the plan argued from Phụ lục V; a province may write its own.

    plan = load_plan(None)                 # the default
    plan = load_plan(Path("plan.yaml"))    # or a file; PlanError says what is wrong
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

__all__ = ["Phase", "Plan", "PlanError", "Thresholds", "load_plan"]


class PlanError(ValueError):
    """The plan file cannot be read or breaks the plan's format."""

    reason = "conformance_plan_invalid"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Phase(_Model):
    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
    duration_s: float = Field(gt=0, le=86_400)
    rows: tuple[dict[str, Any], ...] = ()
    clock: str | None = None  # the sandbox's simulated time at the phase's start


class Thresholds(_Model):
    max_wait_s: float = Field(30.0, gt=0)
    max_attempts: int = Field(4, ge=1)
    min_first_gap_s: float = Field(0.5, ge=0)
    min_jitter_cv: float = Field(0.1, ge=0)
    retry_after_slack_s: float = Field(0.5, ge=0)
    storm_window_s: float = Field(1.0, gt=0)
    storm_max_calls: int = Field(3, ge=0)
    retry_window_s: float = Field(120.0, gt=0)
    poll_min_interval_s: float = Field(10.0, ge=0)
    poll_max_count: int = Field(60, ge=1)
    poll_services: tuple[str, ...] = ("traTrangThaiHoSo", "tinhTrangHoSo", "ketQuaDangKyHS")


class Plan(_Model):
    name: str
    title: str = ""
    seed: int = 2024
    phases: tuple[Phase, ...] = Field(min_length=1)
    thresholds: Thresholds = Thresholds()

    @property
    def duration_s(self) -> float:
        return sum(phase.duration_s for phase in self.phases)


def load_plan(path: Path | None) -> Plan:
    """The plan in ``path``, or the packaged default plan."""
    try:
        if path is None:
            text = resources.files(__package__).joinpath("default_plan.yaml").read_text("utf-8")
        else:
            text = path.read_text("utf-8")
        document = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise PlanError(f"Không đọc được kế hoạch {path}: {exc}") from None
    try:
        return Plan.model_validate(document)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise PlanError(f"Kế hoạch {path or 'mặc định'} sai ở '{where}': {first['msg']}") from None
