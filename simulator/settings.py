"""The one settings class of an ndxp-sim process, read from ``NDXP_*`` environment variables.

Every process the simulator starts — the whole stack, or one component of it — reads this class
and hands each component its own typed part: the gateway hops get ``gateway``
(:class:`gateway.GatewaySettings`) with their upstream URLs filled in, the registry mocks get
``mocks`` and ``faults``. Nested values use ``__``: ``NDXP_PORTS__LGSP=9000``,
``NDXP_MOCKS__SEED=7``, ``NDXP_GATEWAY__TRANSPORT=aiohttp``,
``NDXP_UPSTREAM_URLS__DAN_CU=http://dan_cu:8101``, ``NDXP_LANG=en``. Nothing else in the code
reads the environment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from gateway import DEFAULT_ADMIN_TOKEN, GatewaySettings
from gateway.opmon import Retention
from mock_registries import REGISTRY_NAMES, FaultSettings, MockSettings

__all__ = [
    "COMPONENTS",
    "CONSOLE",
    "GATEWAYS",
    "SERVICES",
    "ConsoleSettings",
    "Lang",
    "LedgerSettings",
    "Ports",
    "StackSettings",
]

GATEWAYS = ("ndxp", "lgsp")
# The exchange itself (what demo and load tests start) and, beside it, the tester's console.
SERVICES: tuple[str, ...] = (*REGISTRY_NAMES, *GATEWAYS)
CONSOLE = "console"
COMPONENTS: tuple[str, ...] = (*SERVICES, CONSOLE)
Lang = Literal["vi", "en"]


class Ports(BaseModel):
    """Where each component listens (defaults leave 8080/8443 free for a real X-Road)."""

    lgsp: int = 8300
    ndxp: int = 8200
    dan_cu: int = 8101
    dkdn: int = 8102
    ho_tich: int = 8103
    gplx: int = 8104
    console: int = 8400

    def of(self, component: str) -> int:
        return int(getattr(self, component))


class LedgerSettings(BaseModel):
    """The per-hop opmon ledger written by the gateways of this process."""

    enabled: bool = Field(True, description="Write one record per request per hop")
    queue_size: int = Field(50_000, ge=100, description="Records buffered before drops")
    batch_size: int = Field(500, ge=1, description="Records per SQLite transaction")
    flush_interval_seconds: float = Field(0.2, gt=0, le=10)
    max_age_days: float = Field(
        7.0, gt=0, description="Records older than this are pruned (X-Road opmon: 7 days)"
    )
    max_bytes: int = Field(
        1 << 30, ge=1 << 20, description="The file and its WAL stay under this many bytes"
    )
    prune_interval_seconds: float = Field(5.0, gt=0, description="How often retention runs")

    def retention(self) -> Retention:
        return Retention(max_age_days=self.max_age_days, max_bytes=self.max_bytes)


class ConsoleSettings(BaseModel):
    """The tester's web console: how it follows the other components over HTTP."""

    poll_interval_seconds: float = Field(
        1.0, gt=0, le=60, description="How often the gateways' /opmon/records are read"
    )
    stream_max_seconds: float = Field(
        60.0, gt=0, le=3600, description="A live stream closes after this; the browser reconnects"
    )
    recent_exchanges: int = Field(200, ge=10, le=5000, description="Exchanges kept for the monitor")


class StackSettings(BaseSettings):
    """Everything one process needs, whether it runs the whole stack or one component."""

    model_config = SettingsConfigDict(env_prefix="NDXP_", env_nested_delimiter="__", extra="ignore")

    host: str = "127.0.0.1"
    ports: Ports = Ports()
    upstream_urls: dict[str, str] = Field(
        default_factory=dict,
        description="Overrides of component base URLs: ndxp, dan_cu, dkdn, ho_tich, gplx",
    )
    gateway: GatewaySettings = GatewaySettings()
    mocks: MockSettings = MockSettings()
    faults: FaultSettings = FaultSettings()
    scenario: str | None = Field(
        None, description="Phụ lục V fault scenario active at start (wins over faults.scenario)"
    )
    admin_token: SecretStr = Field(
        SecretStr(DEFAULT_ADMIN_TOKEN),
        description="Admin credential of every component (fault admin, clock, /opmon/records, "
        "/listClients): Authorization: Bearer <token>. The demo default is in the README.",
    )
    workers: int = Field(
        1,
        ge=1,
        le=64,
        description="Processes serving one component under `ndxp-sim serve` (one port, "
        "simulator/workers.py); `up` and `demo` run one process",
    )
    shutdown_grace_seconds: int = Field(
        5, ge=0, description="Calls in flight at a stop get this long before an X-Road 503"
    )
    ledger_path: Path = Path("var/ledger.sqlite")
    ledger: LedgerSettings = LedgerSettings()
    log_level: Literal["debug", "info", "warning", "error"] = "warning"
    lang: Lang = Field("vi", description="Language of the CLI, report and console: vi or en")
    console: ConsoleSettings = ConsoleSettings()

    def base_url(self, component: str) -> str:
        """Base URL of ``component`` (a registry name, ``ndxp``, ``lgsp`` or ``console``)."""
        override = self.upstream_urls.get(component)
        if override:
            return override.rstrip("/")
        return f"http://{self.host}:{self.ports.of(component)}"

    def gateway_settings(self, workers: int = 1) -> GatewaySettings:
        """The gateway part with the base URL of every upstream a hop may call; for one of
        ``workers`` processes, its share of the quotas (``gateway.quota``)."""
        names = (*REGISTRY_NAMES, "ndxp")
        return self.gateway.model_copy(
            update={
                "upstreams": {name: self.base_url(name) for name in names},
                "admin_token": self.admin_token,
                "quota_share": 1.0 / workers,
            }
        )

    def fault_settings(self) -> FaultSettings:
        """The fault section with the top-level scenario and the admin credential applied."""
        update: dict[str, object] = {"admin_token": self.admin_token}
        if self.scenario is not None:
            update["scenario"] = self.scenario
        return self.faults.model_copy(update=update)

    def exposes_demo_admin_token(self) -> bool:
        """Listening beyond this machine with the README's admin credential."""
        loopback = self.host in ("127.0.0.1", "localhost", "::1")
        return not loopback and self.admin_token.get_secret_value() == DEFAULT_ADMIN_TOKEN

    def admin_headers(self) -> list[tuple[bytes, bytes]]:
        """What every harness client of an admin surface sends."""
        token = self.admin_token.get_secret_value().encode()
        return [(b"authorization", b"Bearer " + token)]
