"""``ndxp-sim demo``: a short burst of realistic province traffic through LGSP → NDXP → registries,
then a per-registry summary (count, success, p50/p95 latency).

The demo is a province client like any other: it gets a token from the LGSP's ``/token`` and
runs dossiers of a one-stop system's mix (``loadtests/mix.yaml``: citizen checks, births pushed
to hộ tịch and polled, business look-ups and syncs, the GPLX sync job) on NGSP-style addresses,
each call with its own X-Road-Id. With a seed, dossiers, calls and ids are the same every run,
so every call meets the same faults. It uses the connector transport, so no client-library
exception escapes ``connectors/``.
"""

from __future__ import annotations

import asyncio
import hashlib
import random
import statistics
import time
import urllib.parse
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import orjson

from connectors import AiohttpTransport, Timeout, Transport, UpstreamError
from loadtests import Call, Dossier, Mix, load_mix
from mock_registries import DEFAULT_SEED, VIETNAM_TZ

__all__ = [
    "DEMO_CLIENT",
    "DEMO_MOMENT",
    "DEMO_SECRET",
    "DemoCall",
    "DemoSummary",
    "bearer_token",
    "demo_calls",
    "message_id",
    "run_demo",
]

DEMO_CLIENT = "VN/GOV/000.00.00.H56/MCDT"
DEMO_SECRET = "mcdt-demo-secret"
# Where a seeded demo's simulated clock stands (still, for the whole run): a Tuesday of 2024 in
# office hours, just after row 62's 09:00–10:30 maintenance slot. ``--at`` picks another.
DEMO_MOMENT = datetime(2024, 6, 4, 10, 45, tzinfo=VIETNAM_TZ)


@dataclass(frozen=True, slots=True)
class DemoCall:
    registry: str
    method: str
    path: str
    body: bytes = b""


@dataclass
class DemoSummary:
    registry: str
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def successes(self) -> int:
        return sum(n for status, n in self.statuses.items() if 200 <= status < 300)

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return 0.0
        if len(self.latencies) == 1:
            return self.latencies[0]
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[int(q) - 1]


def demo_calls(index: int, seed: int = DEFAULT_SEED) -> list[DemoCall]:
    """One round of a one-stop system's calls: verify a citizen, look up an enterprise, ....
    (identities of the world ``seed``: each resolves in its registry)."""
    from mock_registries import sample_identifiers

    ids = sample_identifiers(index, seed)
    tra_cuu = orjson.dumps(
        {
            "MaYeuCau": str(uuid.uuid4()),
            "MaDVC": "1.001234",
            "MaTichHop": "MCDT",
            "SoDinhDanh": ids.cccd,
        }
    )
    birth_record = orjson.dumps({"module": "LTKS", "maHoSo": int(ids.cccd)})
    return [
        DemoCall("dan_cu", "POST", "/apiCSDLDC/1.0/TraCuuThongTinCongDan", tra_cuu),
        DemoCall("dkdn", "GET", f"/apiCSDLDKDN/1.0/chiTietDoanhNghiep?msdn={ids.msdn}"),
        DemoCall("ho_tich", "POST", "/apiHoTichTuPhap/1.0/traHoSo", birth_record),
        DemoCall("gplx", "GET", f"/apiDVC-GPLX/tcdbdvcdata/traCuuGPLX?soGPLX={ids.gplx}"),
    ]


async def bearer_token(transport: Transport, lgsp: str, timeout: Timeout) -> bytes:
    form = urllib.parse.urlencode(
        {"grant_type": "client_credentials", "client_id": DEMO_CLIENT, "client_secret": DEMO_SECRET}
    ).encode()
    headers = [(b"content-type", b"application/x-www-form-urlencoded")]
    response = await transport.send("POST", f"{lgsp}/token", headers, form, timeout)
    if response.status != 200:
        raise RuntimeError(
            f"LGSP refused the demo token: {response.status} {response.body[:200]!r}"
        )
    token: str = orjson.loads(response.body)["access_token"]
    return b"Bearer " + token.encode()


def message_id(seed: int, dossier: int, call: int) -> bytes:
    """The X-Road-Id of the demo's ``call``-th call of dossier ``dossier``: a UUIDv4 drawn from
    the seed, so a seeded demo sends the same ids — and meets the same faults — every run."""
    digest = hashlib.blake2b(f"demo:{seed}:{dossier}:{call}".encode(), digest_size=16).digest()
    return str(uuid.UUID(bytes=digest, version=4)).encode()


@dataclass(slots=True)
class _Session:
    """One demo run's connection to the LGSP and its per-registry tallies."""

    lgsp_url: str
    transport: Transport
    bearer: bytes
    seed: int
    summaries: dict[str, DemoSummary]
    world_seed: int = DEFAULT_SEED  # the mocks' world: the dossiers' people and enterprises
    sent: list[tuple[bytes, str, int | str]] = field(default_factory=list)
    timeout: Timeout = Timeout(attempt=90.0, total=90.0, read=90.0)

    async def send(self, call: Call, provider: str, key: bytes) -> tuple[int, bytes]:
        headers = [(b"authorization", self.bearer), (b"x-road-id", key)]
        if call.body is not None:
            headers.append((b"content-type", b"application/json"))
        summary = self.summaries[provider]
        started = time.perf_counter()
        try:
            response = await self.transport.send(
                call.method, self.lgsp_url + call.path, headers, call.body or b"", self.timeout
            )
        except UpstreamError as exc:
            summary.failures[exc.reason] = summary.failures.get(exc.reason, 0) + 1
            summary.latencies.append(time.perf_counter() - started)
            self.sent.append((key, call.name, exc.reason))
            return 0, b""
        summary.statuses[response.status] = summary.statuses.get(response.status, 0) + 1
        summary.latencies.append(time.perf_counter() - started)
        self.sent.append((key, call.name, response.status))
        return response.status, response.body

    async def dossier(self, mix: Mix, index: int, now: datetime | None) -> None:
        """One dossier of the one-stop system, its steps in order (each learns from the last)."""
        rng = random.Random(f"demo:{self.seed}:{index}")
        kind = mix.pick(rng)
        dossier = Dossier.new(index, rng, now, self.world_seed)
        calls = 0
        for step in kind.steps:
            for _ in range(step.repeat):
                call = step.call(dossier, rng)
                if call is None:
                    break  # nothing learnt to ask about
                status, body = await self.send(
                    call, step.service.provider, message_id(self.seed, index, calls)
                )
                calls += 1
                if 200 <= status < 300:
                    step.learn(body, dossier)


async def run_demo(
    lgsp_url: str,
    *,
    rounds: int = 25,
    concurrency: int = 8,
    seed: int = 0,
    now: datetime | None = None,
    progress: Callable[[], None] | None = None,
    world_seed: int = DEFAULT_SEED,
) -> list[DemoSummary]:
    """Run ``rounds`` dossiers of a one-stop system's mix (``loadtests/mix.yaml``), ``concurrency``
    at a time; ``now`` is the registries' simulated time (their clock), ``progress`` is called
    after each dossier. The calls and their X-Road-Ids follow from ``seed``; the people and
    enterprises they name are of the mocks' world ``world_seed``."""
    transport = AiohttpTransport(max_connections=concurrency)
    summaries = {name: DemoSummary(name) for name in ("dan_cu", "dkdn", "ho_tich", "gplx")}
    mix = load_mix()
    try:
        bearer = await bearer_token(transport, lgsp_url, Timeout(attempt=10, total=10, read=10))
        session = _Session(lgsp_url, transport, bearer, seed, summaries, world_seed)
        gate = asyncio.Semaphore(concurrency)

        async def one(index: int) -> None:
            async with gate:
                await session.dossier(mix, index, now)
            if progress is not None:
                progress()

        await asyncio.gather(*(one(i) for i in range(rounds)))
    finally:
        await transport.aclose()
    return list(summaries.values())


_HEAD = {
    "vi": ("CSDL", "số gọi", "thành công", "p50 ms", "p95 ms", "khác"),
    "en": ("registry", "count", "success", "p50 ms", "p95 ms", "other"),
}


def format_summary(summaries: Sequence[DemoSummary], lang: str = "vi") -> str:
    name, count, success, p50, p95, other = _HEAD.get(lang, _HEAD["vi"])
    header = f"{name:<10} {count:>6} {success:>10} {p50:>8} {p95:>8}  {other}"
    lines = [header, "-" * len(header)]
    for s in summaries:
        other = ", ".join(
            [f"HTTP {k}×{v}" for k, v in sorted(s.statuses.items()) if not 200 <= k < 300]
            + [f"{k}×{v}" for k, v in sorted(s.failures.items())]
        )
        lines.append(
            f"{s.registry:<10} {s.count:>6} {s.successes:>10} {s.percentile(50) * 1000:>8.1f} "
            f"{s.percentile(95) * 1000:>8.1f}  {other or '-'}"
        )
    return "\n".join(lines)
