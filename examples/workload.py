"""What both reference clients do, as a province's one-stop system would: look an enterprise
up in ĐKDN, push a birth registration to hộ tịch (liên thông khai sinh) and poll its status.

Only *how* they call differs (``good_client``, ``naive_client``); the work is the same.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Protocol

__all__ = ["Client", "Workload", "run_workload"]

DKDN_LOOKUP = "/apiCSDLDKDN/1.0/chiTietDoanhNghiep"
DANG_KY = "/apiHoTichTuPhap/1.0/dangKyHoTich"
TRA_TRANG_THAI = "/apiHoTichTuPhap/1.0/traTrangThaiHoSo"


@dataclass(frozen=True)
class Workload:
    """The province's own data: an enterprise code, a registration to push (without its
    dossier code, which each submission gets), the unit it is pushed to."""

    msdn: str
    registration: dict[str, Any]
    unit: int
    office: str = "000.00.01.H56"
    polls: int = 3  # status polls per dossier before the client moves on
    extra: dict[str, Any] = field(default_factory=dict)


class Client(Protocol):
    async def lookup(self, msdn: str) -> int | None: ...

    async def submit(self, registration: dict[str, Any], code: str) -> int | None: ...

    async def poll(self, unit: int, code: str) -> int | None: ...

    async def pause_between_polls(self) -> None: ...

    async def aclose(self) -> None: ...


async def run_workload(client: Client, workload: Workload, seconds: float) -> int:
    """Work for ``seconds``; the number of dossiers pushed."""
    deadline = time.monotonic() + seconds
    pushed = 0
    while time.monotonic() < deadline:
        await client.lookup(workload.msdn)
        pushed += 1
        code = f"{workload.office}-{time.strftime('%y%m%d')}-{time.time_ns() % 10**9:09d}"
        # Each dossier is a different case (its liên thông code differs).
        registration = {**workload.registration, "maHoSoLT": f"LT-{code}"}
        await client.submit(registration, code)
        for _ in range(workload.polls):
            if time.monotonic() >= deadline:
                break
            await client.pause_between_polls()
            status = await client.poll(workload.unit, code)
            if status is None or status >= 400:
                # Refused, or failing past the client's own retries: leave this dossier for
                # a later round (the naive client never reports either, see there).
                break
    return pushed
