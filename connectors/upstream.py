"""One upstream (a registry, or the next gateway hop) as the gateway sees it.

The gateway calls :meth:`Upstream.send`; this module owns how that call is made. A first attempt
is made directly; resilience (retries, breaker, bulkhead) wraps it only where configured.
"""

from __future__ import annotations

import time

from connectors.errors import DeadlineExceeded, UpstreamError
from connectors.timeouts import DEFAULT_TIMEOUT, Timeout
from connectors.transport import RawHeaders, Transport, UpstreamResponse

__all__ = ["Upstream"]


class Upstream:
    """A named upstream base URL reached through a shared transport."""

    def __init__(
        self,
        name: str,
        base_url: str,
        *,
        transport: Transport,
        timeout: Timeout = DEFAULT_TIMEOUT,
    ) -> None:
        self.name = name
        self.base_url = base_url.rstrip("/")
        self.transport = transport
        self.timeout = timeout

    async def send(
        self,
        method: str,
        path: str,
        headers: RawHeaders,
        body: bytes,
        *,
        idempotent: bool,
        timeout: Timeout | None = None,
    ) -> UpstreamResponse:
        """One call to ``base_url + path``; raises :class:`UpstreamError` when no answer came."""
        limits = timeout or self.timeout
        started = time.perf_counter()
        try:
            response = await self.transport.send(
                method, self.base_url + path, headers, body, limits
            )
        except UpstreamError as exc:
            exc.upstream = self.name
            if time.perf_counter() - started >= limits.total:
                raise DeadlineExceeded(str(exc), upstream=self.name) from None
            raise
        response.elapsed = time.perf_counter() - started
        return response
