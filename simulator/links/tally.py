"""What the hop faults leave visible at the gateway that met them: a Prometheus counter per
gateway, and the fault's ``X-Sim-Fault`` tag on that gateway's answer.

A fault at a gateway's front tags the answer it gives. A fault on a link the gateway dials (a
reset, a silent peer), or at the front of the gateway it dials (the NDXP's HTML error page),
leaves the dialing gateway to answer with an error of its own, which the fault never touched;
without help that answer carried no tag, unlike every fault the mocks inject. So such a tag is
kept here by the request's X-Road-Id until the dialing gateway answers that request, and its
front adds it there (in one process). Across processes a gateway knows the faults applied in
its own process — its front and the link it dials — and the error page the NDXP's front put in
the NDXP's place bears its tag, which the LGSP copies onto its own error (``gateway.hops``); a
reset or a silent NDXP front in another process leaves no tag on the answer (the report still
attributes them from the journals).

    ndxp_sim_hop_faults_injected_total{site, row, kind}

on the /metrics of the gateway where the fault arose: the LGSP counts its front (``lgsp``) and
the link it dials (``lgsp-ndxp``), the NDXP its front (``ndxp``) and its links to the
registries (``ndxp-registry``).
"""

from __future__ import annotations

from collections import OrderedDict

from prometheus_client import CollectorRegistry, Counter

__all__ = ["DIALED", "SITES_OF", "HopFaultTally"]

# The link a gateway dials, and every site whose faults a gateway counts.
DIALED = {"lgsp": "lgsp-ndxp", "ndxp": "ndxp-registry"}
SITES_OF = {"lgsp": ("lgsp", "lgsp-ndxp"), "ndxp": ("ndxp", "ndxp-registry")}
# Whose answer a fault beyond a gateway's own front shows on: the gateway that dialed into it.
_ANSWERED_BY = {"lgsp-ndxp": "lgsp", "ndxp": "lgsp", "ndxp-registry": "ndxp"}
_PENDING = 10_000  # tags of calls never answered (the caller left) go oldest first


class HopFaultTally:
    """Counts each applied hop fault on its gateway's registry and keeps link tags for the
    answer; one per process, fed by the fault engine's applied listener."""

    def __init__(self) -> None:
        self._counters: dict[str, Counter] = {}  # site → the counter of the gateway it is at
        self._pending: dict[str, OrderedDict[str, str]] = {
            "lgsp": OrderedDict(),
            "ndxp": OrderedDict(),
        }

    def count_at(self, role: str, registry: CollectorRegistry) -> None:
        counter = Counter(
            "ndxp_sim_hop_faults_injected_total",
            "Faults the simulator injected at this gateway's front or on a link it dials",
            ["site", "row", "kind"],
            registry=registry,
        )
        for site in SITES_OF[role]:
            self._counters[site] = counter

    def applied(self, _registry: str, key: str | None, label: str) -> None:
        """The engine's applied listener: ``label`` is ``"43:reset_before@lgsp-ndxp,…"``."""
        for part in label.split(","):
            row, _, rest = part.partition(":")
            kind, _, site = rest.partition("@")
            counter = self._counters.get(site)
            if counter is not None:
                counter.labels(site, row or "-", kind).inc()
            role = _ANSWERED_BY.get(site)
            if role is not None and key:
                pending = self._pending[role]
                pending[key] = f"{pending[key]},{part}" if key in pending else part
                if len(pending) > _PENDING:
                    pending.popitem(last=False)

    def link_tag(self, role: str, key: bytes) -> bytes | None:
        """The faults beyond ``role``'s front that the call ``key`` met, once (its answer is
        tagged with them)."""
        pending = self._pending[role]
        found = pending.pop(key.decode("latin-1"), None) if pending else None
        return found.encode() if found else None
