"""What one gateway hop is configured with: a typed part of the process settings.

The process that runs a hop (``simulator.settings.StackSettings``, env prefix ``NDXP_``) holds a
:class:`GatewaySettings` under ``gateway``: ``NDXP_GATEWAY__TRANSPORT=aiohttp``,
``NDXP_GATEWAY__TIMEOUT__TOTAL=20``. The broker reads nothing else; in particular it never
reads the environment itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr

from connectors import ResiliencePolicy, Timeout

__all__ = [
    "DEFAULT_ADMIN_TOKEN",
    "DEFAULT_CATALOG",
    "GatewaySettings",
    "Role",
    "ServerLimits",
    "TokenSettings",
]

Role = Literal["lgsp", "ndxp"]
DEFAULT_CATALOG = Path(__file__).with_name("catalog.yaml")
# The demo's admin credential (documented in the README): set NDXP_ADMIN_TOKEN anywhere else.
DEFAULT_ADMIN_TOKEN = "ndxp-admin-demo"


class ServerLimits(BaseModel, frozen=True):
    """What the hop's HTTP server accepts from a client before the broker sees the request:
    a request head refused at the socket answers 431 or 408 (an X-Road error body) and closes.
    """

    header_timeout_seconds: float = Field(
        10.0, gt=0, description="A request head must arrive whole within this (slowloris)"
    )
    max_header_bytes: int = Field(
        32_768, ge=1024, description="Request line plus headers, in bytes (431 beyond)"
    )
    max_headers: int = Field(100, ge=8, description="Header fields per request (431 beyond)")
    body_timeout_seconds: float = Field(
        30.0, gt=0, description="A declared body must arrive whole within this (408)"
    )
    keep_alive_seconds: float = Field(
        5.0, gt=0, description="Idle keep-alive connections are closed after this"
    )


class TokenSettings(BaseModel, frozen=True):
    """``POST /token``: token lifetime, how many a client may hold, how fast it may ask."""

    ttl_seconds: int = Field(3600, ge=60)
    max_live_per_client: int = Field(
        10_000, ge=1, description="A client's oldest token is revoked past this many"
    )
    per_client_rps: float = Field(20.0, gt=0, description="Token requests/s per client id")
    per_client_burst: int = Field(200, ge=1)
    per_address_rps: float = Field(50.0, gt=0, description="Token requests/s per source address")
    per_address_burst: int = Field(500, ge=1)
    shared_secret: SecretStr | None = Field(
        None,
        description="Signs tokens so that every worker of one gateway accepts those another "
        "issued (set by `ndxp-sim serve --workers N`; gateway.tokens)",
    )


class GatewaySettings(BaseModel):
    """The broker's knobs, and where its upstreams are."""

    catalog_path: Path = Field(DEFAULT_CATALOG, description="Members, services, consumers, ACLs")
    # A minute in all per call, as X-Road's default service timeout: a registry's answer after
    # more than 30 s still reaches the province (Phụ lục V's "> 30 s"), later ones do not.
    timeout: Timeout = Timeout(total=60.0)
    resilience: ResiliencePolicy = ResiliencePolicy()
    upstreams: dict[str, str] = Field(
        default_factory=dict,
        description="Base URL of each upstream: 'ndxp' and every provider code of the catalog",
    )
    max_body_bytes: int = Field(2_097_152, ge=1024, description="Largest request body accepted")
    max_response_bytes: int = Field(
        8_388_608, ge=1024, description="Largest upstream answer accepted (502 beyond)"
    )
    server: ServerLimits = ServerLimits()
    tokens: TokenSettings = TokenSettings()
    admin_token: SecretStr = Field(
        SecretStr(DEFAULT_ADMIN_TOKEN),
        description="Bearer credential of /opmon/records and /listClients (NDXP_ADMIN_TOKEN)",
    )
    max_connections_per_upstream: int = Field(
        100, ge=1, description="Connection pool of each upstream service"
    )
    transport: Literal["raw", "aiohttp", "httpx"] = Field(
        "raw", description="Client transport to upstreams (chosen by bench/bench_gateway.py)"
    )
    error_spelling: Literal["7.7", "7.8"] = Field(
        "7.7", description="X-Road error-code spelling: 7.7 CamelCase or 7.8 snake_case"
    )
    max_records_per_page: int = Field(10_000, ge=1, description="Cap of one /opmon/records page")
    slow_answer_seconds: float = Field(
        30.0, gt=0, description="An answer later than this is 'slow' (Phụ lục V's > 30 s)"
    )
    id_seed: int | None = Field(
        None,
        description="Seed of the X-Road-Ids minted for callers that send none (and of the "
        "X-Road-Request-Ids): the same ids run after run; unset: random per process",
    )
    quota_share: float = Field(
        1.0,
        gt=0,
        le=1,
        description="This process's share of every consumer quota: 1/N in each of N workers "
        "(set by `ndxp-sim serve --workers N`; gateway.quota)",
    )

    def upstream_url(self, name: str) -> str:
        try:
            return self.upstreams[name].rstrip("/")
        except KeyError:
            raise ValueError(
                f"no base URL for upstream {name!r}; known: {', '.join(sorted(self.upstreams))}"
            ) from None
