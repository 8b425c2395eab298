"""Service catalog: providers (registries), their services, and each role's consumers.

Loaded once from YAML (``gateway/catalog.yaml`` documents the format) into frozen models with
dict indexes, so resolving a request costs the same whatever the catalog's size.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

__all__ = [
    "Catalog",
    "Consumer",
    "MemberId",
    "Provider",
    "Quota",
    "Service",
    "load_catalog",
]

_ID_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'()+,-.=?_")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class MemberId(_Frozen):
    member_class: str = Field(alias="class")
    code: str
    subsystem: str


class Contract(_Frozen):
    required: tuple[str, ...] = ()


class Service(_Frozen):
    code: str
    method: str = "GET"
    path: str
    idempotent: bool = True
    timeout_seconds: float | None = Field(None, gt=0)
    contract: Contract = Contract()
    # Also a SOAP 1.1 service (WSDL at ?wsdl): the local name of its answer's body element.
    soap_answer: str | None = None

    @field_validator("method")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()


class Provider(_Frozen):
    code: str
    name: str
    member: MemberId
    api_context: str
    version: str
    timeout_seconds: float = Field(10.0, gt=0)
    services: tuple[Service, ...]


class Quota(_Frozen):
    rps: float = Field(100.0, gt=0)
    burst: int = Field(200, ge=1)


class Consumer(_Frozen):
    client: str
    name: str
    secret: str
    allow: tuple[str, ...] = ()
    quota: Quota = Quota()
    route: Literal["ndxp", "direct"] = "ndxp"

    @field_validator("client")
    @classmethod
    def _valid_client(cls, value: str) -> str:
        parts = value.split("/")
        if len(parts) not in (3, 4) or not all(p and set(p) <= _ID_CHARS for p in parts):
            raise ValueError(f"client id {value!r} must be instance/class/code[/subsystem]")
        return value

    @cached_property
    def relays(self) -> bool:
        """Whether this consumer is a province's LGSP relaying others' calls (client
        ``.../LGSP``): its ``X-Sim-Sandbox`` is the LGSP's word for the caller behind it."""
        return self.client.endswith("/LGSP")

    @cached_property
    def label(self) -> str:
        """The client id's last part (its subsystem): the metric label and ledger clientId."""
        return self.client.rsplit("/", 1)[-1]


class Catalog(_Frozen):
    instance: str = "VN"
    providers: tuple[Provider, ...]
    consumers: dict[str, tuple[Consumer, ...]]

    _by_code: dict[str, Provider] = PrivateAttr(default_factory=dict)
    _by_member: dict[tuple[str, str, str], Provider] = PrivateAttr(default_factory=dict)
    _by_context: dict[tuple[str, str], Provider] = PrivateAttr(default_factory=dict)
    _services: dict[tuple[str, str], Service] = PrivateAttr(default_factory=dict)
    _by_resource: dict[tuple[str, str], Service] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: object, /) -> None:
        for p in self.providers:
            self._by_code[p.code] = p
            self._by_member[(p.member.member_class, p.member.code, p.member.subsystem)] = p
            self._by_context[(p.api_context, p.version)] = p
            for s in p.services:
                self._services[(p.code, s.code)] = s
                self._by_resource[(p.code, s.path.strip("/").split("/")[0])] = s

    def provider(self, code: str) -> Provider | None:
        return self._by_code.get(code)

    def provider_by_member(self, member_class: str, code: str, subsystem: str) -> Provider | None:
        return self._by_member.get((member_class, code, subsystem))

    def provider_by_context(self, api_context: str, version: str) -> Provider | None:
        return self._by_context.get((api_context, version))

    def service(self, provider: str, code: str) -> Service | None:
        return self._services.get((provider, code))

    def service_by_resource(self, provider: str, first_segment: str) -> Service | None:
        return self._by_resource.get((provider, first_segment))

    def consumers_of(self, role: str) -> tuple[Consumer, ...]:
        return self.consumers.get(role, ())


def load_catalog(path: Path) -> Catalog:
    """Parse and validate the catalog file; errors name the field that is wrong."""
    with path.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    return Catalog.model_validate(raw)
