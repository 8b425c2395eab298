"""Errors of the fault engine.

FaultError                 reason: stable code, also the admin API's wire error code
 ├── CatalogError          catalog.yaml or the Phụ lục V TSV is inconsistent
 ├── FaultSpecError        a fault, distribution or window is mis-specified
 └── ScenarioNotFound      an unknown scenario name was asked for
"""

from __future__ import annotations

__all__ = ["CatalogError", "FaultError", "FaultSpecError", "ScenarioNotFound"]


class FaultError(Exception):
    """Base of the tree; ``reason`` is stable, ``message`` is Vietnamese for the admin API."""

    reason = "FAULT_ERROR"
    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CatalogError(FaultError):
    reason = "FAULT_CATALOG_INVALID"
    status = 500


class FaultSpecError(FaultError):
    reason = "FAULT_SPEC_INVALID"


class ScenarioNotFound(FaultError):
    reason = "FAULT_SCENARIO_NOT_FOUND"
    status = 404

    def __init__(self, name: str, known: tuple[str, ...]) -> None:
        super().__init__(f"Không có kịch bản lỗi '{name}'. Có: {', '.join(known)}.")
        self.name = name
        self.known = known
