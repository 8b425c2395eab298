"""The broker: one program in two roles — a province's LGSP and the national NDXP.

    app = create_app(GatewaySettings(upstreams={...}), role="ndxp",
                     metrics_registry=CollectorRegistry(), ledger=SqliteLedger(path))

Catalog, authentication, ACL, quota, routing to the next hop through ``connectors``, X-Road
error answers naming the failing hop, and per-hop accounting (metrics and one operational
monitoring record, ``gateway.opmon``). It knows nothing of the registry mocks, the fault
engine or the load tests: pointed at real registries it works the same.
"""

from gateway.app import GatewayApp, create_app
from gateway.catalog import Catalog, load_catalog
from gateway.server import GATEWAY_HTTP_PROTOCOL, SERVER_OPTIONS, server_options
from gateway.settings import (
    DEFAULT_ADMIN_TOKEN,
    DEFAULT_CATALOG,
    GatewaySettings,
    Role,
    ServerLimits,
    TokenSettings,
)

__all__ = [
    "DEFAULT_ADMIN_TOKEN",
    "DEFAULT_CATALOG",
    "GATEWAY_HTTP_PROTOCOL",
    "SERVER_OPTIONS",
    "Catalog",
    "GatewayApp",
    "GatewaySettings",
    "Role",
    "ServerLimits",
    "TokenSettings",
    "create_app",
    "load_catalog",
    "server_options",
]
