"""Per-consumer sandboxes: a scenario, a seed and a simulated clock bound to one consumer, so
two provinces rehearsing on one stack never see each other's faults.

    sandboxes = SandboxSet(engine)           # a view: the state lives on the process's engine
    sandboxes.create("dng", consumer="VN/GOV/000.00.00.H26/LGSP_DNG", seed=7)
    sandboxes.enable_rows("dng", "row-20", [{"row": 20}])  # or a named scenario
    ...
    sandboxes.delete("dng")

A sandbox is a child :class:`FaultEngine` of the process's engine (``engine.children``), with
its own clock, seed and scenario; its listeners and fault journal are the parent's, so fronts,
links and the ledger react to it as to the process's own scenario.

A sandbox's per-request faults are its own; its ``sync_lag`` rules (world stage, rows 12/13) are
not applied: the world's propagation delays are one for every consumer of the process, so
stretching them for one sandbox would reach the others (its ``status_sync`` rules still fire).

Who is in which sandbox is the gateway's call, not the caller's: the LGSP looks the
authenticated consumer up in :attr:`SandboxSet.bindings` and sends the sandbox id upstream in
``X-Sim-Sandbox``, replacing whatever a client sent (see ``gateway.facts``). Fault sites pick
the engine by that header: one dict get per request, and none while no sandbox exists.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from mock_registries.clock import Clock
from mock_registries.faults.catalog import Catalog, load_catalog, parse_rule
from mock_registries.faults.engine import FaultEngine
from mock_registries.faults.errors import FaultSpecError
from mock_registries.faults.scenarios import Rule, Scenario
from mock_registries.faults.windows import Always

__all__ = ["SANDBOX_HEADER", "SandboxNotFound", "SandboxSet", "rows_scenario"]

SANDBOX_HEADER = b"x-sim-sandbox"
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


@functools.cache
def _packaged_catalog() -> Catalog:
    """Parsed once: a phase starts on every component at once, on the serving loop."""
    return load_catalog()


class SandboxNotFound(FaultSpecError):
    reason = "SANDBOX_NOT_FOUND"
    status = 404


def rows_scenario(
    name: str, rows: Sequence[Mapping[str, Any]], catalog: Catalog | None = None
) -> Scenario:
    """A scenario of Phụ lục V rows, for a conformance phase: each item ``{"row": 20}`` takes
    the row's faults from the catalog, ``"faults": [...]`` (catalog format) replaces them, and
    ``"probability": p`` sets every rule's probability (a phase that must fire every time)."""
    catalog = catalog or _packaged_catalog()
    rules: list[Rule] = []
    numbers: list[int] = []
    for item in rows:
        row = item.get("row")
        entry = catalog.by_row.get(row) if isinstance(row, int) else None
        if entry is None:
            raise FaultSpecError(f"Không có dòng Phụ lục V '{row}' trong danh mục lỗi.")
        numbers.append(entry.row)
        raw = item.get("faults")
        templates = (
            [parse_rule(f, entry.registries[0], f"row {entry.row}") for f in raw]
            if isinstance(raw, list)
            else list(entry.faults)
        )
        for template in templates:
            probability = item.get("probability", template.probability)
            if not isinstance(probability, int | float) or not 0 <= probability <= 1:
                raise FaultSpecError("'probability' phải trong khoảng 0..1.")
            rules.append(
                Rule(
                    rule_id=f"{entry.row}.{len(rules)}",
                    row=entry.row,
                    registry=template.registry,
                    fault=template.fault,
                    probability=float(probability),
                    window=template.window or Always(),
                    route=template.route,
                    method=template.method,
                    site=template.site,
                )
            )
    title = "Phụ lục V — dòng " + ", ".join(str(n) for n in numbers)
    return Scenario(name, title, tuple(numbers), tuple(rules))


class SandboxSet:
    """The sandboxes of one process, over its fault engine."""

    def __init__(self, engine: FaultEngine, catalog: Catalog | None = None) -> None:
        self.engine = engine
        self.catalog = catalog
        # consumer client id → sandbox id: what the LGSP reads (one dict get per call).
        self.bindings = engine.bindings

    def consumer_of(self, sandbox: str) -> str:
        return next(c for c, s in self.bindings.items() if s == sandbox)

    def create(
        self,
        sandbox: str,
        *,
        consumer: str,
        seed: int | None = None,
        at: datetime | None = None,
        frozen: bool = False,
    ) -> dict[str, Any]:
        """A sandbox for ``consumer`` (replacing one of the same id), on a clock of its own
        that starts at ``at`` (default: the process's time) and runs unless ``frozen``."""
        if not _ID.match(sandbox):
            raise FaultSpecError("Mã sandbox chỉ gồm chữ, số, '.', '_', '-' (tối đa 64 ký tự).")
        other = self.bindings.get(consumer)
        if other is not None and other != sandbox:
            raise FaultSpecError(f"Bên gọi {consumer} đã thuộc sandbox '{other}'.")
        root = self.engine
        clock = Clock(start=at or root.clock.now(), speed=root.clock.speed, frozen=frozen)
        child = FaultEngine(
            seed=root.seed if seed is None else seed,
            clock=clock,
            scenarios=root.scenarios,
            request_key_headers=(),
            time_scale=root.time_scale,
        )
        child.request_key_headers = root.request_key_headers
        # One set of listeners and one fault journal for the process and its sandboxes.
        child._listeners = root._listeners
        child._applied_listeners = root._applied_listeners
        self.delete(sandbox, missing_ok=True)
        root.children[sandbox] = child
        self.bindings[consumer] = sandbox
        root.idle = False  # requests must now be looked at, for their sandbox
        return self.describe(sandbox)

    def delete(self, sandbox: str, *, missing_ok: bool = False) -> dict[str, Any]:
        child = self.engine.children.pop(sandbox, None)
        if child is None:
            if missing_ok:
                return {"deleted": None}
            raise SandboxNotFound(f"Không có sandbox '{sandbox}'.")
        self.bindings.pop(self.consumer_of(sandbox), None)
        root = self.engine
        if not root.children and root.active_scenario is None:
            root.idle = not root.allow_override_headers
        child.disable()  # listeners recompute without it
        return {"deleted": sandbox}

    def get(self, sandbox: str) -> FaultEngine:
        child = self.engine.children.get(sandbox)
        if child is None:
            raise SandboxNotFound(f"Không có sandbox '{sandbox}'.")
        return child

    def enable_rows(
        self, sandbox: str, name: str, rows: Sequence[Mapping[str, Any]], ttl: float | None = None
    ) -> dict[str, Any]:
        """Enable an ad-hoc scenario of Phụ lục V rows in ``sandbox`` (a conformance phase)."""
        child = self.get(sandbox)
        child.scenarios = {**child.scenarios, name: rows_scenario(name, rows, self.catalog)}
        return child.enable(name, ttl_seconds=ttl)

    def describe(self, sandbox: str) -> dict[str, Any]:
        status = self.get(sandbox).status()
        status.pop("scenarios", None)
        return {"id": sandbox, "consumer": self.consumer_of(sandbox), **status}

    def list(self) -> list[dict[str, Any]]:
        return [self.describe(s) for s in sorted(self.engine.children)]
