"""What one call of the one-stop system's traffic is: the catalog service it names, the request
it sends, and the dossier its calls share (identifiers, its own code, what earlier answers
taught it, and the moment it is filed — the registries' simulated "now").

Pure Python: the locustfile imports it, and so do the harness and the tests.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime

from mock_registries.clock import VIETNAM_TZ
from mock_registries.samples import SampleIds, sample_identifiers
from mock_registries.world import DEFAULT_SEED

__all__ = ["DEFAULT_SEED", "Call", "Dossier", "Service"]


@dataclass(frozen=True, slots=True)
class Service:
    code: str
    provider: str
    method: str
    address: str  # NGSP-style: /apiCSDLDC/1.0/TraCuuThongTinCongDan


@dataclass(frozen=True, slots=True)
class Call:
    """One request as the locust user sends it; ``name`` groups the stats (the service code)."""

    name: str
    method: str
    path: str
    body: bytes | None = None


@dataclass(slots=True)
class Dossier:
    """What one dossier's calls share: the applicant's identifiers, the one-stop system's own
    dossier code, and codes learnt from earlier answers (a sync list feeds its detail calls)."""

    ids: SampleIds
    one_stop_code: str
    now: datetime  # when the one-stop system files it: the registries' (simulated) time
    learnt: dict[str, list[str]] = field(default_factory=dict)
    seed: int = DEFAULT_SEED  # the registries' world

    @classmethod
    def new(
        cls, index: int, rng: random.Random, now: datetime | None = None, seed: int = DEFAULT_SEED
    ) -> Dossier:
        """The ``index``-th dossier, filed at ``now``, about people and enterprises of the
        registries' world ``seed`` as they stand then."""
        moment = now or datetime.now(tz=VIETNAM_TZ)
        code = f"H56-{moment:%y%m%d}-{rng.getrandbits(40):010x}"
        return cls(sample_identifiers(index, seed, moment), code, moment, seed=seed)
