"""The traffic mix of a province's one-stop TTHC system (một cửa điện tử), as data.

A mix file (default ``loadtests/mix.yaml``) lists *dossier kinds* with a weight; each kind is a
sequence of steps, each step one call to a catalog service (by service code), optionally repeated
(status polling). Think time is drawn between dossiers. The catalog (``gateway/catalog.yaml``)
gives each service's NGSP address ``/{api_context}/{version}{path}`` and method, so the mix
follows the catalog as registries grow; this module only knows how to fill each service's
parameters (``loadtests.builders``) with well-formed identifiers of the synthetic population.

Pure Python: the locustfile imports it, and so do tests (no locust import here).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import yaml

from loadtests.builders import BUILDERS, LEARNERS
from loadtests.calls import DEFAULT_SEED, Call, Dossier, Service

__all__ = [
    "BUILDERS",
    "DEFAULT_BUSINESS_CODES",
    "DEFAULT_CATALOG",
    "DEFAULT_MIX",
    "DEFAULT_SEED",
    "Call",
    "Dossier",
    "DossierKind",
    "LEARNERS",
    "Mix",
    "MixError",
    "Service",
    "Step",
    "describe_failure",
    "is_business_answer",
    "load_catalog_services",
    "load_mix",
    "parse_weights",
]

DEFAULT_MIX = Path(__file__).with_name("mix.yaml")
# Read as a file, not through gateway.catalog: the locustfile must not import the gateway.
DEFAULT_CATALOG = Path(__file__).resolve().parent.parent / "gateway" / "catalog.yaml"


class MixError(ValueError):
    """A mix file that cannot drive a load test (unknown service, bad weight, ...)."""


# A registry's "no such record" (gplx ``KHONG_TIM_THAY*`` in a 404; ĐKDN, hộ tịch and the GPLX
# sync API refuse in a 200) is an answer the one-stop system handles (the dossier is refused),
# not an integration failure. Every other non-2xx — including the gateway's own 404 for an
# unknown service — is a failure. The codes are prefixes of the answer's ``MaLoi``; a mix file
# may replace them (business_codes).
DEFAULT_BUSINESS_CODES = ("KHONG_TIM_THAY", "RECORD_NOT_FOUND")


def is_business_answer(
    status: int, body: bytes | None, codes: tuple[str, ...] = DEFAULT_BUSINESS_CODES
) -> bool:
    """True for 2xx answers and for a registry's well-formed not-found (404) answer."""
    if 200 <= status < 300:
        return True
    if status != 404 or not body:
        return False
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError:
        return False
    code = document.get("MaLoi") if isinstance(document, dict) else None
    return isinstance(code, str) and code.startswith(codes)


def describe_failure(status: int, xroad_error: str | None, body: bytes | None) -> str:
    """The failure as locust groups it: status plus the hop's stable code, so the failures table
    says *which* hop failed and why (X-Road-Error from a gateway, MaLoi from a registry)."""
    if xroad_error:
        return f"HTTP {status} {xroad_error}"
    code = None
    if body:
        try:
            document = orjson.loads(body)
        except orjson.JSONDecodeError:
            return f"HTTP {status} (body is not JSON)"
        if isinstance(document, dict):
            code = document.get("MaLoi") or document.get("type") or document.get("error")
    return f"HTTP {status} {code}" if isinstance(code, str) and code else f"HTTP {status}"


@dataclass(frozen=True, slots=True)
class Step:
    service: Service
    repeat: int = 1
    interval_s: float = 0.0

    def call(self, dossier: Dossier, rng: random.Random) -> Call | None:
        return BUILDERS[self.service.code](self.service, dossier, rng)

    def learn(self, body: bytes, dossier: Dossier) -> None:
        learner = LEARNERS.get(self.service.code)
        if learner is not None:
            learner(body, dossier)


@dataclass(frozen=True, slots=True)
class DossierKind:
    name: str
    weight: float
    steps: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class Mix:
    kinds: tuple[DossierKind, ...]
    think_min_s: float
    think_max_s: float
    skipped: tuple[str, ...] = field(default=())  # services named in the mix, absent from catalog
    business_codes: tuple[str, ...] = DEFAULT_BUSINESS_CODES

    def accepts(self, status: int, body: bytes | None) -> bool:
        return is_business_answer(status, body, self.business_codes)

    def pick(self, rng: random.Random) -> DossierKind:
        return rng.choices(self.kinds, weights=[k.weight for k in self.kinds])[0]

    def think_time(self, rng: random.Random) -> float:
        return rng.uniform(self.think_min_s, self.think_max_s)

    def shares(self) -> dict[str, float]:
        """Expected share of calls per service code (what the stats should show)."""
        per_service: dict[str, float] = {}
        total_weight = sum(k.weight for k in self.kinds)
        for kind in self.kinds:
            for s in kind.steps:
                code = s.service.code
                per_service[code] = per_service.get(code, 0.0) + kind.weight * s.repeat
        calls = sum(per_service.values())
        return {code: n / calls for code, n in per_service.items()} if total_weight else {}


def load_catalog_services(path: Path = DEFAULT_CATALOG) -> dict[str, Service]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    services: dict[str, Service] = {}
    for provider in data.get("providers", []):
        prefix = f"/{provider['api_context']}/{provider['version']}"
        for entry in provider.get("services", []):
            # NGSP addressing: the resource is the first segment of the service's registry path.
            address = prefix + str(entry.get("path") or "/" + str(entry["code"]))
            services[entry["code"]] = Service(
                entry["code"], provider["code"], str(entry.get("method", "GET")).upper(), address
            )
    return services


def _number(raw: Mapping[str, Any], key: str, default: float, *, where: str) -> float:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise MixError(f"{where}: {key} must be a number ≥ 0, got {value!r}")
    return float(value)


def load_mix(
    path: Path = DEFAULT_MIX,
    *,
    catalog: Mapping[str, Service] | None = None,
    weights: Mapping[str, float] | None = None,
    think_time: tuple[float, float] | None = None,
) -> Mix:
    """Read a mix file against the catalog. ``weights`` and ``think_time`` override the file.

    A step naming a service the catalog does not have is skipped (reported in ``Mix.skipped``)
    so a mix can be written ahead of a registry; a catalog service with no parameter builder, a
    dossier kind left with no steps, or a weight override for an unknown kind are errors."""
    services = dict(catalog) if catalog is not None else load_catalog_services()
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    think = raw.get("think_time", {}) or {}
    think_min = _number(think, "min_s", 1.0, where=f"{path}: think_time")
    think_max = _number(think, "max_s", 3.0, where=f"{path}: think_time")
    if think_time is not None:
        think_min, think_max = think_time
    if think_min > think_max:
        raise MixError(f"think time min {think_min} s is above max {think_max} s")
    kinds: list[DossierKind] = []
    skipped: list[str] = []
    overrides = dict(weights or {})
    for entry in raw.get("dossiers", []):
        name = str(entry["name"])
        where = f"{path}: dossier {name}"
        weight = overrides.pop(name, _number(entry, "weight", 1.0, where=where))
        steps: list[Step] = []
        for spec in entry.get("steps", []):
            spec = {"service": spec} if isinstance(spec, str) else spec
            code = str(spec["service"])
            if code not in services:
                skipped.append(code)
                continue
            if code not in BUILDERS:
                raise MixError(
                    f"{where}: no parameter builder for catalog service {code}; add one to "
                    f"loadtests/mix.py BUILDERS"
                )
            repeat = int(_number(spec, "repeat", 1, where=where))
            steps.append(
                Step(services[code], max(1, repeat), _number(spec, "interval_s", 0, where=where))
            )
        if not steps:
            raise MixError(f"{where}: none of its services is in the catalog")
        if weight > 0:
            kinds.append(DossierKind(name, weight, tuple(steps)))
    if overrides:
        raise MixError(f"weight given for unknown dossier kind(s): {', '.join(sorted(overrides))}")
    if not kinds:
        raise MixError(f"{path}: no dossier kind with a positive weight")
    codes = raw.get("business_codes", DEFAULT_BUSINESS_CODES)
    if not isinstance(codes, list | tuple) or not all(isinstance(c, str) and c for c in codes):
        raise MixError(f"{path}: business_codes must be a list of MaLoi prefixes")
    return Mix(tuple(kinds), think_min, think_max, tuple(dict.fromkeys(skipped)), tuple(codes))


def parse_weights(text: str | None) -> dict[str, float]:
    """``"ho_tich=4,doanh_nghiep=3"`` → ``{"ho_tich": 4.0, "doanh_nghiep": 3.0}``."""
    weights: dict[str, float] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        name, sep, value = part.partition("=")
        try:
            weights[name.strip()] = float(value)
        except ValueError:
            raise MixError(f"bad weight {part!r}: expected name=number") from None
        if not sep or weights[name.strip()] < 0:
            raise MixError(f"bad weight {part!r}: expected name=number ≥ 0")
    return weights
