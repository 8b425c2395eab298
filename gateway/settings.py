"""The one settings class of an ndxp-sim process, read from ``NDXP_*`` environment variables.

Nested values use ``__``: ``NDXP_PORTS__LGSP=9000``, ``NDXP_MOCKS__SEED=7``,
``NDXP_UPSTREAM_URLS__DAN_CU=http://dan_cu:8101``. Nothing else in the code reads the environment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from connectors.policy import ResiliencePolicy
from connectors.timeouts import Timeout
from mock_registries.factory import REGISTRY_NAMES
from mock_registries.faults.engine import FaultSettings
from mock_registries.settings import MockSettings

__all__ = ["DEFAULT_CATALOG", "Ports", "Role", "StackSettings"]

Role = Literal["lgsp", "ndxp"]
DEFAULT_CATALOG = Path(__file__).with_name("catalog.yaml")


class Ports(BaseModel):
    """Where each component listens (defaults leave 8080/8443 free for a real X-Road)."""

    lgsp: int = 8300
    ndxp: int = 8200
    dan_cu: int = 8101
    dkdn: int = 8102
    ho_tich: int = 8103
    gplx: int = 8104

    def registry(self, name: str) -> int:
        return int(getattr(self, name))


class GatewayTuning(BaseModel):
    """Knobs of the broker itself."""

    max_body_bytes: int = Field(2_097_152, ge=1024, description="Largest request body accepted")
    token_ttl_seconds: int = Field(3600, ge=60)
    max_connections_per_upstream: int = Field(100, ge=1)
    transport: Literal["raw", "aiohttp", "httpx"] = Field(
        "raw", description="Client transport to upstreams (chosen by bench/bench_gateway.py)"
    )
    error_spelling: Literal["7.7", "7.8"] = Field(
        "7.7", description="X-Road error-code spelling: 7.7 CamelCase or 7.8 snake_case"
    )


class LedgerSettings(BaseModel):
    """The per-hop opmon ledger (SQLite file at ``StackSettings.ledger_path``)."""

    enabled: bool = Field(True, description="Write one record per request per hop")
    queue_size: int = Field(50_000, ge=100, description="Records buffered before drops")
    batch_size: int = Field(500, ge=1, description="Records per SQLite transaction")
    flush_interval_seconds: float = Field(0.2, gt=0, le=10)
    max_records_per_page: int = Field(10_000, ge=1, description="Cap of /opmon/records pages")


class StackSettings(BaseSettings):
    """Everything one process needs, whether it runs the whole stack or one component."""

    model_config = SettingsConfigDict(env_prefix="NDXP_", env_nested_delimiter="__", extra="ignore")

    host: str = "127.0.0.1"
    ports: Ports = Ports()
    province: str = Field("demo", description="Slug of the province whose LGSP is simulated")
    catalog_path: Path = DEFAULT_CATALOG
    mocks: MockSettings = MockSettings()
    timeout: Timeout = Timeout()
    resilience: ResiliencePolicy = ResiliencePolicy()
    gateway: GatewayTuning = GatewayTuning()
    upstream_urls: dict[str, str] = Field(
        default_factory=dict,
        description="Overrides of upstream base URLs: ndxp, dan_cu, dkdn, ho_tich, gplx",
    )
    faults: FaultSettings = FaultSettings()
    scenario: str | None = Field(
        None, description="Phụ lục V fault scenario active at start (wins over faults.scenario)"
    )
    ledger_path: Path = Path("var/ledger.sqlite")
    ledger: LedgerSettings = LedgerSettings()
    log_level: Literal["debug", "info", "warning", "error"] = "warning"

    def base_url(self, component: str) -> str:
        """Base URL of ``component`` (a registry name, ``ndxp`` or ``lgsp``)."""
        override = self.upstream_urls.get(component)
        if override:
            return override.rstrip("/")
        port = (
            self.ports.lgsp
            if component == "lgsp"
            else (self.ports.ndxp if component == "ndxp" else self.ports.registry(component))
        )
        return f"http://{self.host}:{port}"

    def listen_port(self, component: str) -> int:
        if component in ("lgsp", "ndxp"):
            return int(getattr(self.ports, component))
        return self.ports.registry(component)

    def fault_settings(self) -> FaultSettings:
        """The fault section with the top-level scenario applied."""
        if self.scenario is None:
            return self.faults
        return self.faults.model_copy(update={"scenario": self.scenario})

    @staticmethod
    def components() -> tuple[str, ...]:
        return (*REGISTRY_NAMES, "ndxp", "lgsp")
