"""``ndxp-sim demo``: a short burst of realistic province traffic through LGSP → NDXP → registries,
then a per-registry summary (count, success, p50/p95 latency).

The demo is a province client like any other: it gets a token from the LGSP's ``/token`` and
calls NGSP-style addresses. It uses the connector transport, so no client-library exception
escapes ``connectors/``.
"""

from __future__ import annotations

import asyncio
import statistics
import time
import urllib.parse
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import orjson

from connectors import AiohttpTransport, Timeout, Transport, UpstreamError
from mock_registries import DEFAULT_SEED

__all__ = [
    "DEMO_CLIENT",
    "DEMO_SECRET",
    "DemoCall",
    "DemoSummary",
    "bearer_token",
    "demo_calls",
    "run_demo",
]

DEMO_CLIENT = "VN/GOV/000.00.00.H56/MCDT"
DEMO_SECRET = "mcdt-demo-secret"


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


async def run_demo(
    lgsp_url: str,
    *,
    rounds: int = 25,
    concurrency: int = 8,
    progress: Callable[[], None] | None = None,
    seed: int = DEFAULT_SEED,
) -> list[DemoSummary]:
    """Send ``rounds`` rounds of calls (4 registries each) with ``concurrency`` in flight;
    ``progress`` is called after each call."""
    transport = AiohttpTransport(max_connections=concurrency)
    timeout = Timeout(attempt=40.0, total=40.0, read=40.0)
    summaries = {name: DemoSummary(name) for name in ("dan_cu", "dkdn", "ho_tich", "gplx")}
    try:
        bearer = await bearer_token(transport, lgsp_url, timeout)
        calls = [call for i in range(rounds) for call in demo_calls(i, seed)]
        gate = asyncio.Semaphore(concurrency)

        async def one(call: DemoCall) -> None:
            headers = [(b"authorization", bearer), (b"content-type", b"application/json")]
            summary = summaries[call.registry]
            async with gate:
                started = time.perf_counter()
                try:
                    response = await transport.send(
                        call.method, lgsp_url + call.path, headers, call.body, timeout
                    )
                except UpstreamError as exc:
                    summary.failures[exc.reason] = summary.failures.get(exc.reason, 0) + 1
                else:
                    status = response.status
                    summary.statuses[status] = summary.statuses.get(status, 0) + 1
                summary.latencies.append(time.perf_counter() - started)
                if progress is not None:
                    progress()

        await asyncio.gather(*(one(call) for call in calls))
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
