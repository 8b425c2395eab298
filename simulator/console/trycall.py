"""The "try a call" panel: one call through the LGSP as the demo one-stop system.

It is a province client like the demo (``simulator.demo``): a token from the LGSP's ``/token``,
then the demo's call for the chosen registry, with an X-Road-Id of its own so the monitor can
point at the exchange it caused. The answer is shown as the province would see it: status,
the X-Road error and fault headers, and the start of the body.
"""

from __future__ import annotations

import itertools
import time
import uuid
from dataclasses import dataclass
from typing import Any

from connectors import Timeout, Transport, UpstreamError
from mock_registries import DEFAULT_SEED
from simulator.demo import DEMO_CLIENT, bearer_token, demo_calls

__all__ = ["REGISTRIES", "TryResult", "try_call"]

REGISTRIES = ("dan_cu", "dkdn", "ho_tich", "gplx")
# Longer than the gateway's own 30 s budget: the panel must show the gateway's answer.
_TIMEOUT = Timeout(connect=5.0, read=45.0, attempt=45.0, total=45.0)
_SHOWN_HEADERS = (b"x-road-error", b"x-sim-fault", b"x-sim-answered-by", b"retry-after", b"via")
_BODY_LIMIT = 2000
_counter = itertools.count()


@dataclass(frozen=True, slots=True)
class TryResult:
    registry: str
    method: str
    path: str
    message_id: str
    status: int | None
    elapsed_ms: int
    headers: dict[str, str]
    body: str
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "registry": self.registry,
            "method": self.method,
            "path": self.path,
            "messageId": self.message_id,
            "status": self.status,
            "elapsedMs": self.elapsed_ms,
            "headers": self.headers,
            "body": self.body,
            "error": self.error,
            "client": DEMO_CLIENT,
        }


async def try_call(
    transport: Transport, lgsp_url: str, registry: str, seed: int = DEFAULT_SEED
) -> TryResult:
    """Send the demo's call for ``registry`` through the LGSP at ``lgsp_url`` (identities of
    the world ``seed``)."""
    if registry not in REGISTRIES:
        raise ValueError(f"unknown registry {registry!r}")
    call = next(c for c in demo_calls(next(_counter), seed) if c.registry == registry)
    message_id = f"console-{uuid.uuid4()}"
    started = time.perf_counter()
    path = call.path.split("?", 1)[0]
    try:
        bearer = await bearer_token(transport, lgsp_url, _TIMEOUT)
        headers = [
            (b"authorization", bearer),
            (b"content-type", b"application/json"),
            (b"x-road-id", message_id.encode()),
        ]
        response = await transport.send(
            call.method, lgsp_url + call.path, headers, call.body, _TIMEOUT
        )
    except (UpstreamError, RuntimeError) as exc:
        reason = exc.reason if isinstance(exc, UpstreamError) else str(exc)
        elapsed = int((time.perf_counter() - started) * 1000)
        return TryResult(registry, call.method, path, message_id, None, elapsed, {}, "", reason)
    elapsed = int((time.perf_counter() - started) * 1000)
    shown = {
        name.decode(): value.decode("latin-1")
        for name, value in response.headers
        if name in _SHOWN_HEADERS
    }
    body = response.body[:_BODY_LIMIT].decode("utf-8", "replace")
    return TryResult(registry, call.method, path, message_id, response.status, elapsed, shown, body)
