"""The four national registry mocks (dân cư, đăng ký doanh nghiệp, hộ tịch, GPLX), their
the one national world they are views of, the simulated clock and the Phụ lục V fault engine.

    engine = build_fault_engine(FaultSettings(scenario="thanh-hoa"), clock=clock)
    world = build_world(MockSettings(), clock=clock)     # one national world per process
    app = create_registry_app("dan_cu", MockSettings(), clock=clock, world=world,
                              metrics_registry=registry, fault_engine=engine)

This is the package's one door for the harness; nothing here imports the gateway, the
connectors or the load tests.
"""

from mock_registries.clock import VIETNAM_TZ, Clock
from mock_registries.factory import REGISTRY_NAMES, RegistryName, build_world, create_registry_app
from mock_registries.faults import (
    ADMIN_PREFIX,
    MAX_JOURNAL_PAGE,
    SANDBOX_HEADER,
    TRANSPORT_EXTENSION,
    Catalog,
    CatalogEntry,
    Decision,
    FaultEngine,
    FaultSettings,
    Fired,
    Journal,
    SandboxSet,
    Scenario,
    abort_connection,
    admin_credential_ok,
    build_fault_engine,
    close_transport,
    handle_admin,
    load_catalog,
    read_body,
    wait_for_disconnect,
)
from mock_registries.faults.server import MOCK_HTTP_PROTOCOL
from mock_registries.samples import SampleIds, sample_identifiers
from mock_registries.settings import DEFAULT_SEED, MockSettings
from mock_registries.world import World, WorldSettings, check_world

__all__ = [
    "ADMIN_PREFIX",
    "MAX_JOURNAL_PAGE",
    "Journal",
    "DEFAULT_SEED",
    "SANDBOX_HEADER",
    "SandboxSet",
    "MOCK_HTTP_PROTOCOL",
    "TRANSPORT_EXTENSION",
    "REGISTRY_NAMES",
    "VIETNAM_TZ",
    "Catalog",
    "CatalogEntry",
    "Clock",
    "Decision",
    "FaultEngine",
    "FaultSettings",
    "Fired",
    "MockSettings",
    "RegistryName",
    "SampleIds",
    "Scenario",
    "World",
    "WorldSettings",
    "abort_connection",
    "admin_credential_ok",
    "build_fault_engine",
    "build_world",
    "check_world",
    "close_transport",
    "create_registry_app",
    "handle_admin",
    "load_catalog",
    "read_body",
    "sample_identifiers",
    "wait_for_disconnect",
]
