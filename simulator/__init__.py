"""The simulator harness: what composes the broker, the registry mocks and the load tests into
ndxp-sim — the ``ndxp-sim`` command line, the in-process stack, the demo, fault control, the
load-test driver and the run report.

    async with Stack(StackSettings(), free_ports=True) as stack:
        print(stack.urls["lgsp"])

It is the only package that imports all the others; none of them imports it.
"""

from simulator.failures import CatalogUnreadable, ComponentFailed, PortUnavailable, StackFailure
from simulator.settings import COMPONENTS, GATEWAYS, LedgerSettings, Ports, StackSettings
from simulator.stack import Component, Stack

__all__ = [
    "COMPONENTS",
    "CatalogUnreadable",
    "ComponentFailed",
    "GATEWAYS",
    "Component",
    "LedgerSettings",
    "PortUnavailable",
    "Ports",
    "Stack",
    "StackFailure",
    "StackSettings",
]
