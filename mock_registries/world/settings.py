"""Settings of the world model: small typed parts, composed into ``MockSettings`` later.

``Delays`` are the processing and propagation times of civil-status events; the fault catalog
stretches them (Phụ lục V rows 12/13: dossier statuses out of sync) by replacing the world's
delays at run time (:meth:`World.set_delays`). Each is sourced or marked [INF]:

- khai sinh, khai tử, kết hôn are decided "on the spot" (Luật Hộ tịch Điều 16, 18, 34): the
  human step takes ``registration_office_seconds`` of office time [INF: two hours];
- the population DB learns of a registered event after ``dan_cu_sync_seconds`` [INF];
- the police register the newborn's thường trú within 2 working days (≤5 with verification) and
  remove a dead person's (§8.3 of world_model_facts, QĐ 296/QĐ-VPCP packages);
- a marriage that needs verification takes up to 5 working days (Điều 18) [the world verifies
  none by default];
- a file without the requester's identity papers is sent back for them (trạng thái 2) and
  the papers come back ``supplement_working_days`` later [INF];
- a registry's dossier-status answers lag the dossier by ``status_sync_seconds`` (0: in step).

A Phụ lục V scenario with a ``sync_lag`` fault (rows 12/13) adds its lag to the propagation
delays while it is active (:meth:`Delays.lagged`).
"""

from __future__ import annotations

from pydantic import BaseModel, Field

__all__ = ["DEFAULT_SEED", "Delays", "WorldSettings"]

DEFAULT_SEED = 2024


class Delays(BaseModel):
    """How long each step of a civil-status event takes (stretchable by faults)."""

    model_config = {"frozen": True}

    registration_office_seconds: float = Field(
        7200.0, ge=0, description="Office time to register a khai sinh / khai tử / kết hôn"
    )
    dan_cu_sync_seconds: float = Field(
        900.0, ge=0, description="From registration at hộ tịch to the change showing in dân cư"
    )
    residence_working_days: int = Field(
        2, ge=0, le=30, description="Thường trú registered (birth) or removed (death)"
    )
    marriage_verification_working_days: int = Field(
        0, ge=0, le=30, description="Extra working days when a marriage needs verification"
    )
    supplement_working_days: int = Field(
        2, ge=0, le=30, description="Working days until papers asked for (trạng thái 2) arrive"
    )
    status_sync_seconds: float = Field(
        0.0, ge=0, description="How far a registry's dossier-status answers lag the dossier"
    )

    def lagged(self, status_seconds: float, dan_cu_seconds: float = 0.0) -> Delays:
        """These delays with more lag on the propagation steps (a ``sync_lag`` fault)."""
        if status_seconds <= 0 and dan_cu_seconds <= 0:
            return self
        return self.model_copy(
            update={
                "dan_cu_sync_seconds": self.dan_cu_sync_seconds + max(0.0, dan_cu_seconds),
                "status_sync_seconds": self.status_sync_seconds + max(0.0, status_seconds),
            }
        )


class WorldSettings(BaseModel):
    """The national world: who exists, how events flow, how much a run may store."""

    model_config = {"frozen": True}

    unissued_share: float = Field(
        0.02,
        ge=0.001,
        le=0.5,
        description="Share of well-formed CCCD numbers never issued (answer not-found); "
        "births registered during a run take their numbers from it",
    )
    max_stored_dossiers: int = Field(
        100_000, ge=1, description="Bound on civil-status dossiers kept in memory per run"
    )
    cache_size: int = Field(65_536, ge=0, description="Memoised generated facts per kind")
    delays: Delays = Field(default_factory=Delays)
