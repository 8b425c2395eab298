"""Hop faults: the Phụ lục V faults that arise *between* the registries and the province — on
the links province → LGSP → NDXP → registry and at the gateways themselves — composed into a
process's gateways by the harness, so the broker stays unaware of them.

    links = LinkFaults(engine, catalog)            # one per process
    app = links.wrap(gateway_app, role="ndxp", spelling="7.7")
    await links.start() ... await links.aclose()

* :class:`LinkProxy` — a Toxiproxy-like TCP proxy in the dialer's process (real RSTs, half-open
  links, latency, bandwidth), on the path only while its link has a rule;
* :class:`GatewayFront` — an ASGI middleware answering as the gateway or its web front (HTML
  error pages, 5xx, overload, maintenance windows) and faulting its inbound connection.

Both draw from the one fault engine and catalog (``at:`` names the site), seeded the same way.
"""

from simulator.links.compose import LinkFaults, registry_of_path
from simulator.links.front import GatewayFront, front_protocol
from simulator.links.proxy import LinkProxy

__all__ = ["GatewayFront", "LinkFaults", "LinkProxy", "front_protocol", "registry_of_path"]
