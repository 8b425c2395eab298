"""Fault engine: reproduces the connection problems of Phụ lục V, deterministically.

Pure decision logic (catalog, scenarios, distributions, windows, engine) plus an ASGI
middleware that applies the decisions to a registry mock, an admin API and a uvicorn protocol
that lets the middleware reset the TCP connection.
"""

from __future__ import annotations

from mock_registries.faults.admin import ADMIN_PREFIX, admin_credential_ok, handle_admin
from mock_registries.faults.catalog import Catalog, CatalogEntry, load_catalog
from mock_registries.faults.connection import (
    TRANSPORT_EXTENSION,
    abort_connection,
    close_transport,
    read_body,
    wait_for_disconnect,
)
from mock_registries.faults.engine import Decision, FaultEngine, Fired
from mock_registries.faults.errors import (
    CatalogError,
    FaultError,
    FaultSpecError,
    ScenarioNotFound,
)
from mock_registries.faults.journal import MAX_JOURNAL_PAGE, Journal
from mock_registries.faults.middleware import FaultMiddleware
from mock_registries.faults.sandboxes import (
    SANDBOX_HEADER,
    SandboxNotFound,
    SandboxSet,
    rows_scenario,
)
from mock_registries.faults.scenarios import Scenario, build_scenarios
from mock_registries.faults.setup import FaultSettings, build_fault_engine

__all__ = [
    "ADMIN_PREFIX",
    "MAX_JOURNAL_PAGE",
    "Journal",
    "SANDBOX_HEADER",
    "SandboxNotFound",
    "SandboxSet",
    "rows_scenario",
    "TRANSPORT_EXTENSION",
    "Catalog",
    "CatalogEntry",
    "CatalogError",
    "Decision",
    "FaultEngine",
    "FaultError",
    "FaultMiddleware",
    "FaultSettings",
    "FaultSpecError",
    "Fired",
    "Scenario",
    "ScenarioNotFound",
    "abort_connection",
    "admin_credential_ok",
    "build_fault_engine",
    "build_scenarios",
    "close_transport",
    "handle_admin",
    "load_catalog",
    "read_body",
    "wait_for_disconnect",
]
