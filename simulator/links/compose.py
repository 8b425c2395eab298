"""Puts the hop faults into one process's gateways: a front around each gateway app, and a link
proxy for each link a gateway of the process dials, on the dialer's path only while the active
scenario has a rule on that link.

    links = LinkFaults(engine, catalog)
    app = links.wrap(create_app(...), role="lgsp", spelling="7.7")
    await links.start()       # proxies listen; the engine's scenario decides who is routed
    ...
    await links.aclose()

Routing a link through its proxy is a change of the dialing upstream's base URL, like a DNS
change: the broker keeps calling ``upstream.send`` and never learns about faults. With no rule
on a link the upstream dials its target directly, so an idle link layer costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from prometheus_client import CollectorRegistry

from gateway import Catalog, GatewayApp
from mock_registries import FaultEngine, Scenario
from simulator.links.front import GatewayFront
from simulator.links.proxy import LinkProxy
from simulator.links.tally import HopFaultTally

__all__ = ["LinkFaults", "registry_of_path"]


def registry_of_path(catalog: Catalog) -> Any:
    """``path → registry`` for a gateway address: X-Road (``/r1/VN/GOV/<code>/<subsystem>/…``)
    or NGSP (``/<apiContext>/<version>/…``); ``None`` for anything else."""

    @lru_cache(maxsize=4096)
    def registry_of(path: str) -> str | None:
        parts = path.split("/", 7)
        if len(parts) > 5 and parts[1] == "r1":
            provider = catalog.provider_by_member(parts[3], parts[4], parts[5])
        elif len(parts) > 2:
            provider = catalog.provider_by_context(parts[1], parts[2])
        else:
            provider = None
        return provider.code if provider is not None else None

    return registry_of


@dataclass(slots=True)
class _Link:
    proxy: LinkProxy
    gateway: GatewayApp
    registry: str | None  # the registry a ndxp-registry link leads to; None: every registry

    def wanted(self, engine: FaultEngine) -> bool:
        """Whether any scenario (the process's or a sandbox's) has a rule on this link."""
        return engine.has_rules_at(self.proxy.site, self.registry)

    def route(self, through_proxy: bool) -> None:
        direct, proxied = self.proxy.target, self.proxy.url
        old, new = (direct, proxied) if through_proxy else (proxied, direct)
        for upstream in self.gateway.hops.upstreams.values():
            if upstream.base_url == old:
                upstream.base_url = new


class LinkFaults:
    """The hop-fault layer of one process (see the module docstring)."""

    def __init__(self, engine: FaultEngine, catalog: Catalog) -> None:
        self.engine = engine
        self.registry_of = registry_of_path(catalog)
        self._registries = [provider.code for provider in catalog.providers]
        self._links: list[_Link] = []
        self._started = False
        self.tally = HopFaultTally()
        engine.add_applied_listener(self.tally.applied)

    def wrap(
        self,
        app: GatewayApp,
        *,
        role: str,
        spelling: str,
        upstream_urls: dict[str, str],
        metrics_registry: CollectorRegistry | None = None,
    ) -> GatewayFront:
        """``app`` behind its front, with the links it dials registered: to the NDXP from the
        LGSP, to every registry from the NDXP (``upstream_urls``: name → base URL). The hop
        faults met there are counted on ``metrics_registry`` (the gateway's own)."""
        if metrics_registry is not None:
            self.tally.count_at(role, metrics_registry)
        if role == "lgsp":
            self._add("lgsp-ndxp", app, upstream_urls["ndxp"], None)
        else:
            for name in self._registries:
                self._add("ndxp-registry", app, upstream_urls[name], name)
        return GatewayFront(
            app, role=role, engine=self.engine, registry_of=self.registry_of, spelling=spelling,
            tally=self.tally,
        )  # fmt: skip

    def _add(self, site: str, app: GatewayApp, target: str, registry: str | None) -> None:
        registry_of = self.registry_of if registry is None else (lambda _path: registry)
        proxy = LinkProxy(site, target.rstrip("/"), engine=self.engine, registry_of=registry_of)
        self._links.append(_Link(proxy, app, registry))

    @property
    def proxies(self) -> list[LinkProxy]:
        return [link.proxy for link in self._links]

    async def start(self) -> None:
        for link in self._links:
            await link.proxy.start()
        self._started = True
        self.engine.add_listener(self._switch)
        self._switch(self.engine.active_scenario)

    def _switch(self, _scenario: Scenario | None) -> None:
        """Any scenario changed (the process's or a sandbox's): route each link anew."""
        if not self._started:
            return
        for link in self._links:
            link.route(link.wanted(self.engine))

    async def aclose(self) -> None:
        if self._started:
            for link in self._links:
                link.route(False)
            self._started = False
        for link in self._links:
            await link.proxy.aclose()
