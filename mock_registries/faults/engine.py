"""The fault engine: per-request, reproducible decisions for the four registry mocks.

One engine is shared by the mocks of a process. With no active scenario and override headers
off, :attr:`FaultEngine.idle` is true and the middleware passes requests straight through.

Every draw is ``u = blake2b(seed, scenario, registry, route, request key, rule) / 2**64`` (the
site joins the hash off the registry). The request key is the caller's (``x-request-key``,
``x-road-id`` …) when present, else the per-site+registry+route arrival counter, so a replayed
run gets the same faults whatever the concurrency order. A key seen again *at the same site*
is a retry and draws afresh; one request crossing several sites (a link, then the registry)
is one occurrence at each. Windows, ramps, flapping and the scenario TTL run on the simulated
clock; a clock jump moves the TTL with it (:meth:`FaultEngine.clock_moved`) but not the time
since enablement, so a step forward reaches a ramp's later phases.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mock_registries.clock import Clock
from mock_registries.faults.decision import Decision, Fired
from mock_registries.faults.errors import FaultSpecError, ScenarioNotFound
from mock_registries.faults.journal import FaultJournal, Journal
from mock_registries.faults.scenarios import Rule, Scenario, ad_hoc_rule
from mock_registries.faults.spec import REGISTRY_SITE, preset_fault
from mock_registries.faults.windows import WindowContext

__all__ = ["Decision", "FaultEngine", "Fired"]

log = logging.getLogger("mock_registries.faults")

DEFAULT_FAULT_SEED = 2024
DEFAULT_KEY_HEADERS = ("x-request-key", "x-road-id", "mayeucau", "x-ma-yeu-cau")
# The demo's admin credential, the same as the gateways' (README): NDXP_ADMIN_TOKEN sets both.
DEFAULT_ADMIN_TOKEN = "ndxp-admin-demo"
_TWO_64 = float(2**64)
LONGEST_TTL_SECONDS = 100 * 366 * 86_400.0  # beyond a century a TTL is a typo (and NaN or inf)

Listener = Callable[[Scenario | None], None]
# (registry, request key, "row:kind,...") of faults actually applied to one request.
AppliedListener = Callable[[str, str | None, str], None]
# Keys remembered to tell a retry (same key again) from a first attempt; oldest forgotten first.
_MAX_REMEMBERED_KEYS = 200_000


@dataclass(slots=True)
class _Active:
    scenario: Scenario
    enabled_at: float
    expires_at: float | None
    arrivals: dict[tuple[str, str, str], int] = field(default_factory=dict)
    matched: dict[str, int] = field(default_factory=dict)
    occurrences: OrderedDict[str, int] = field(default_factory=OrderedDict)
    # Names this enablement: two of one scenario on a frozen clock share ``enabled_at``.
    enablement: str = field(default_factory=lambda: secrets.token_hex(8))


def _uniform(*parts: str) -> float:
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / _TWO_64


class FaultEngine:
    """Scenario state plus the decision function; also the function API the CLI calls."""

    def __init__(
        self,
        *,
        seed: int,
        clock: Clock,
        scenarios: Mapping[str, Scenario],
        allow_override_headers: bool = False,
        request_key_headers: tuple[str, ...] = DEFAULT_KEY_HEADERS,
        time_scale: float = 1.0,
        admin_token: str = "",
    ) -> None:
        self.seed = seed
        self.time_scale = time_scale
        self.admin_token = admin_token  # who may drive this engine over HTTP (admin.py)
        self.clock = clock
        self.scenarios = dict(scenarios)
        self.allow_override_headers = allow_override_headers
        self.request_key_headers = tuple(h.lower().encode("latin-1") for h in request_key_headers)
        self._active: _Active | None = None
        self._listeners: list[Listener] = []
        self._applied_listeners: list[AppliedListener] = []
        self.journal: Journal = FaultJournal()  # served by the admin API (journal.py)
        self._lock = threading.Lock()
        # The admin API's operations (a clock move and the TTL that follows it, a sandbox made
        # or dropped) run one at a time: a control plane fans one write out to every component,
        # and in one process the registries and the gateways' fronts answer it on two threads.
        self.admin_lock = threading.RLock()
        # Per-consumer sandboxes (``mock_registries.faults.sandboxes``): engines of their own,
        # selected per request by the sandbox id the gateway set; one dict get.
        self.children: dict[str, FaultEngine] = {}
        self.bindings: dict[str, str] = {}  # consumer client id → sandbox id
        self.idle = not allow_override_headers

    def select(self, sandbox: str | None) -> FaultEngine:
        """The engine of ``sandbox`` (this one when ``None`` or unknown)."""
        return self.children.get(sandbox, self) if sandbox else self

    # -- function API (CLI, admin endpoint, stack runner) -------------------------------------

    def scenario_names(self) -> list[str]:
        return sorted(self.scenarios)

    def describe_scenario(self, name: str) -> dict[str, Any]:
        return self._scenario(name).describe(with_rules=True)

    @property
    def active_scenario(self) -> Scenario | None:
        self._expire()
        return self._active.scenario if self._active is not None else None

    def enable(self, name: str, *, ttl_seconds: float | None = None) -> dict[str, Any]:
        """Activate scenario ``name`` (replacing any other) for ``ttl_seconds`` of sim time."""
        scenario = self._scenario(name)
        if ttl_seconds is not None and not 0 < ttl_seconds <= LONGEST_TTL_SECONDS:
            raise FaultSpecError("ttl_seconds phải dương và không quá một thế kỷ.")
        now = self.clock.timestamp()
        expires = now + ttl_seconds if ttl_seconds is not None else None
        with self._lock:
            self._active = _Active(scenario, now, expires)
            self.idle = False
        log.info("fault scenario %s enabled (seed=%d, ttl=%s)", name, self.seed, ttl_seconds)
        self._notify(scenario)
        return self.status()

    def disable(self) -> dict[str, Any]:
        self._end(None)
        return self.status()

    def _end(self, only: _Active | None) -> None:
        """No scenario any more (``only``: if that one is still the active one — an expiry must
        not end a scenario enabled meanwhile on another thread)."""
        with self._lock:
            was = self._active
            if only is not None and was is not only:
                return
            self._active = None
            self.idle = not self.allow_override_headers and not self.children
        if was is not None:
            log.info("fault scenario %s disabled", was.scenario.name)
            self._notify(None)

    def reset(self) -> dict[str, Any]:
        """Disable the scenario and forget every counter (fail-first, arrival keys)."""
        return self.disable()

    def clock_moved(self, delta: float) -> None:
        """The simulated clock jumped by ``delta`` seconds: the active scenario keeps the TTL it
        had left, while its time since enablement jumps with the clock, so a step forward
        reaches a ramp's plateau or a flapping down phase at once."""
        with self._lock:
            active = self._active
            if active is not None and active.expires_at is not None:
                active.expires_at += delta

    def status(self) -> dict[str, Any]:
        self._expire()
        active = self._active
        out: dict[str, Any] = {
            "seed": self.seed,
            "active": None,
            "allow_override_headers": self.allow_override_headers,
            "clock": {"now": self.clock.now().isoformat(), "frozen": self.clock.is_frozen},
            "scenarios": [self.scenarios[n].describe() for n in self.scenario_names()],
        }
        if active is not None:
            remaining = (
                max(0.0, active.expires_at - self.clock.timestamp())
                if active.expires_at is not None
                else None
            )
            out["active"] = {**active.scenario.describe(), "expires_in_s": remaining}
        return out

    def snapshot(self) -> dict[str, Any]:
        """What another engine needs to run the same scenario from the same moment: its name
        and simulated enable/expiry times (not the per-process counters)."""
        with self._lock:
            active = self._active
        if active is None:
            return {"active": None}
        return {
            "active": {
                "name": active.scenario.name,
                "enablement": active.enablement,
                "enabled_at": active.enabled_at,
                "expires_at": active.expires_at,
            }
        }

    def restore(self, state: Mapping[str, Any]) -> None:
        """Take the scenario of another engine's :meth:`snapshot`; the same enablement keeps
        this engine's counters (only its expiry follows), a new one starts them afresh."""
        spec = state.get("active")
        if spec is None:
            if self._active is not None:
                self.disable()
            return
        scenario = self._scenario(str(spec["name"]))
        enablement = str(spec["enablement"])
        expires = spec.get("expires_at")
        expires_at = None if expires is None else float(expires)
        with self._lock:
            current = self._active
            if current is not None and current.enablement == enablement:
                current.expires_at = expires_at
                return
            active = _Active(scenario, float(spec["enabled_at"]), expires_at)
            active.enablement = enablement
            self._active = active
            self.idle = False
        log.info("fault scenario %s taken from another worker", scenario.name)
        self._notify(scenario)

    def banner(self) -> str:
        name = self._active.scenario.name if self._active is not None else "none"
        return f"ndxp-sim faults: seed={self.seed} scenario={name}"

    def add_listener(self, listener: Listener) -> None:
        """Called with the new scenario (or ``None``) on every enable/disable/expiry."""
        self._listeners.append(listener)

    def add_applied_listener(self, listener: AppliedListener) -> None:
        """Called for every request a fault was applied to, with its key and fault labels.

        The stack journals these next to the ledger, so a failure that never produced an
        answer (hang, reset, timeout) can still be attributed to its Phụ lục V row.
        """
        self._applied_listeners.append(listener)

    def notify_applied(self, registry: str, request_key: str | None, label: str) -> None:
        self.journal.add(registry, request_key, label)
        for listener in self._applied_listeners:
            listener(registry, request_key, label)

    # -- decisions ----------------------------------------------------------------------------

    def request_key(self, headers: list[tuple[bytes, bytes]]) -> str | None:
        for name, value in headers:
            if name.lower() in self.request_key_headers and value:
                return value.decode("latin-1")
        return None

    def decide(
        self,
        registry: str,
        method: str,
        path: str,
        route: str,
        request_key: str | None,
        overrides: str | None = None,
        *,
        site: str = REGISTRY_SITE,
    ) -> Decision | None:
        """The faults for one request to ``registry`` at ``site``; ``None`` when none apply."""
        decision = Decision()
        if overrides and self.allow_override_headers and site == REGISTRY_SITE:
            self._apply_overrides(decision, registry, overrides)
        self._expire()
        active = self._active
        if active is not None:
            candidates = active.scenario.by_site.get((site, registry), ())
            rules = [r for r in candidates if r.fault.stage != "world" and r.matches(method, path)]
            if rules:
                self._apply_rules(decision, active, (site, registry, route), request_key, rules)
        return None if decision.empty else decision

    def has_rules_at(self, site: str, registry: str | None = None) -> bool:
        """Whether the active scenario, or a sandbox's, has a rule at ``site`` (for calls to
        ``registry``)."""
        scenario = self.active_scenario
        if scenario is not None and scenario.has_site(site, registry):
            return True
        return any(child.has_rules_at(site, registry) for child in list(self.children.values()))

    def _occurrence(self, active: _Active, where: tuple[str, str, str], key: str | None) -> str:
        """The key this request draws with: the caller's, marked when seen again here."""
        site, registry, route = where
        if key is None:
            arrival = active.arrivals.get(where, 0)
            active.arrivals[where] = arrival + 1
            return f"#{arrival}"
        # A retry carries the same key; the n-th occurrence of a key at a site draws afresh
        # (still reproducibly), as a real registry's next answer would differ.
        remembered = key if site == REGISTRY_SITE else f"{site}\x1f{key}"
        seen = active.occurrences.pop(remembered, 0)
        active.occurrences[remembered] = seen + 1
        if len(active.occurrences) > _MAX_REMEMBERED_KEYS:
            active.occurrences.popitem(last=False)
        return f"{key}~{seen}" if seen else key

    def _apply_rules(
        self,
        decision: Decision,
        active: _Active,
        where: tuple[str, str, str],
        request_key: str | None,
        rules: list[Rule],
    ) -> None:
        site, registry, route = where
        with self._lock:
            request_key = self._occurrence(active, where, request_key)
            indices = []
            for rule in rules:
                index = active.matched.get(rule.rule_id, 0)
                active.matched[rule.rule_id] = index + 1
                indices.append(index)
        now = self.clock.timestamp()
        elapsed = now - active.enabled_at
        moment = self.clock.now()
        base: tuple[str, ...] = (str(self.seed), active.scenario.name, registry, route, request_key)
        if site != REGISTRY_SITE:
            base += (site,)
        for rule, index in zip(rules, indices, strict=True):
            ctx = WindowContext(moment, elapsed, index)
            factor = rule.window.factor(ctx)
            if factor <= 0.0:
                continue
            if _uniform(*base, rule.rule_id) >= rule.probability * factor:
                continue
            delay = 0.0
            if rule.fault.delay is not None:
                u = _uniform(*base, rule.rule_id, "delay")
                delay = rule.fault.delay.sample(u) * self.time_scale
            decision.add(Fired(rule, delay, rule.window.remaining(ctx)))

    def _apply_overrides(self, decision: Decision, registry: str, header: str) -> None:
        for index, token in enumerate(t for t in header.split(",") if t.strip()):
            fault = preset_fault(token)
            rule = ad_hoc_rule(registry, fault, index)
            delay = fault.delay.sample(0.5) if fault.delay is not None else 0.0
            decision.add(Fired(rule, delay))

    def sync_lag(self, what: str = "status") -> float:
        """Seconds the active scenario's ``sync_lag`` faults delay ``what`` ("status" or
        "dan_cu") by: each fires with its probability and draws its lag once per activation;
        the longest lag wins (two rows lagging the same sync do not add up)."""
        self._expire()
        active = self._active
        if active is None:
            return 0.0
        total = 0.0
        for rule in active.scenario.rules:
            if rule.fault.kind != "sync_lag" or what not in rule.fault.params["what"]:
                continue
            base = (str(self.seed), active.scenario.name, "sync_lag", rule.rule_id)
            if _uniform(*base) >= rule.probability or rule.fault.delay is None:
                continue
            total = max(total, rule.fault.delay.sample(_uniform(*base, "lag")))
        return total

    # -- internals ----------------------------------------------------------------------------

    def _scenario(self, name: str) -> Scenario:
        scenario = self.scenarios.get(name)
        if scenario is None:
            raise ScenarioNotFound(name, tuple(self.scenario_names()))
        return scenario

    def _expire(self) -> None:
        active = self._active
        if active is None or active.expires_at is None:
            return
        if self.clock.timestamp() >= active.expires_at:
            log.info("fault scenario %s expired", active.scenario.name)
            self._end(active)

    def _notify(self, scenario: Scenario | None) -> None:
        for listener in self._listeners:
            listener(scenario)
