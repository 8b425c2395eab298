"""A conformance session: the plan's phases on the consumer's sandbox, then the grade.

    async with ConformanceSession(control, plan, consumer=..., sandbox=...) as session:
        phases = await session.run_phases(on_phase=print)   # the province drives its system
    report = await session.grade(lgsp_url)

The sandbox is created on every component the control reaches (mocks and gateways), so the
LGSP knows the consumer is in it; it is deleted at the end, the ledger keeps its records.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlencode

from gateway import load_catalog
from simulator.conformance.calls import calls_of
from simulator.conformance.grade import PhaseRun, Report, grade
from simulator.conformance.plan import Phase, Plan
from simulator.control import FaultControl, JsonClient

__all__ = ["ConformanceSession", "non_idempotent_services"]

_SETTLE_S = 0.3  # records are flushed when /opmon/records is read; a last answer may trail


def non_idempotent_services(catalog_path: Path) -> frozenset[str]:
    """Service codes the catalog marks non-idempotent (submissions)."""
    catalog = load_catalog(catalog_path)
    return frozenset(s.code for p in catalog.providers for s in p.services if not s.idempotent)


class ConformanceSession:
    """One consumer, one plan, one sandbox."""

    def __init__(self, control: FaultControl, plan: Plan, *, consumer: str, sandbox: str) -> None:
        self.control = control
        self.plan = plan
        self.consumer = consumer
        self.sandbox = sandbox
        self.phases: list[PhaseRun] = []

    async def __aenter__(self) -> ConformanceSession:
        body = {"id": self.sandbox, "consumer": self.consumer, "seed": self.plan.seed}
        await self.control.sandbox_call("POST", "", body)
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.control.sandbox_call("DELETE", f"/{self.sandbox}")

    async def _start(self, phase: Phase) -> None:
        base = f"/{self.sandbox}"
        if phase.clock is not None:
            await self.control.sandbox_call(
                "POST", base + "/clock", {"action": "set", "at": phase.clock}
            )
        if phase.rows:
            body = {"name": phase.name, "rows": list(phase.rows)}
            await self.control.sandbox_call("POST", base + "/rows", body)
        else:
            await self.control.sandbox_call("POST", base + "/disable")

    async def run_phases(self, on_phase: Callable[[Phase], Any] | None = None) -> list[PhaseRun]:
        for phase in self.plan.phases:
            await self._start(phase)
            if on_phase is not None:
                on_phase(phase)
            start = time.time()
            await asyncio.sleep(phase.duration_s)
            rows = tuple(int(r["row"]) for r in phase.rows if isinstance(r.get("row"), int))
            self.phases.append(PhaseRun(phase.name, start, time.time(), rows))
        await self.control.sandbox_call("POST", f"/{self.sandbox}/disable")
        return self.phases

    async def grade(
        self, lgsp_url: str, non_idempotent: frozenset[str], client: JsonClient | None = None
    ) -> Report:
        """Grade the consumer from the LGSP's ledger records of the session."""
        await asyncio.sleep(_SETTLE_S)
        started = int(self.phases[0].start) - 1 if self.phases else int(time.time()) - 3600
        label = self.consumer.rsplit("/", 1)[-1]
        records: list[dict[str, Any]] = []
        http = client or self.control.client
        start: int | None = started
        while start is not None:
            query = urlencode(
                {"recordsFrom": start, "recordsTo": int(time.time()) + 1, "client": label}
            )
            page = await http.call("GET", f"{lgsp_url.rstrip('/')}/opmon/records?{query}")
            records += page["records"]
            start = page.get("nextRecordsFrom")
        calls = calls_of(records, self.sandbox)
        return grade(
            calls,
            self.plan,
            consumer=self.consumer,
            sandbox=self.sandbox,
            phases=self.phases,
            non_idempotent=non_idempotent,
        )
