"""Transports: the one place where client-library exceptions are caught and translated.

Three implementations of one small protocol (``build_transport`` picks by name):

* :class:`connectors._raw_transport.RawHttpTransport` — the default, chosen by measurement
  (``bench/bench_gateway.py`` runs the NDXP hop on all three; ``bench/gateway_results.txt``).
* :class:`AiohttpTransport` — a general client for upstreams the raw one does not speak to
  (HTTPS, proxies).
* :class:`HttpxTransport` — wraps an ``httpx.AsyncClient``; tests inject one built on
  ``httpx.MockTransport`` or a respx router.

All pass bytes through: no JSON is parsed here. aiohttp has no write timeout; a stalled
upload is cut by the per-attempt deadline (``ClientTimeout.total``), as is a trickling body.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Protocol

import aiohttp
import httpx

from connectors._errors import (
    ConnectionReset,
    ConnectTimeout,
    ReadTimeout,
    ResponseTooLarge,
    UpstreamBadResponse,
    UpstreamError,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from connectors._timeouts import Timeout

__all__ = [
    "DEFAULT_MAX_RESPONSE",
    "AiohttpTransport",
    "HttpxTransport",
    "Transport",
    "UpstreamResponse",
    "too_large",
]

RawHeaders = list[tuple[bytes, bytes]]
DEFAULT_MAX_RESPONSE = 8 * 1024 * 1024


def too_large(limit: int) -> ResponseTooLarge:
    return ResponseTooLarge(f"answer larger than {limit} bytes (max_response_bytes)")


def declared_length(value: str | bytes | None) -> int | None:
    """A Content-Length header's value as a number, ``None`` when absent or unusable."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    return int(text) if text.isdigit() else None


# Hop-by-hop headers (RFC 9110 §7.6.1) and those the proxy recomputes.
HOP_BY_HOP = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-connection",
        b"transfer-encoding",
        b"te",
        b"trailer",
        b"upgrade",
        b"content-length",
        b"host",
        b"server",
    }
)


@dataclass(slots=True)
class UpstreamResponse:
    """Status, headers without hop-by-hop ones, and the whole body as bytes."""

    status: int
    headers: RawHeaders
    body: bytes
    attempts: int = 1
    elapsed: float = 0.0

    def header(self, name: bytes) -> bytes | None:
        for key, value in self.headers:
            if key == name:
                return value
        return None


class Transport(Protocol):
    """Sends one attempt; raises only :class:`connectors._errors.UpstreamError` subclasses."""

    async def send(
        self, method: str, url: str, headers: RawHeaders, body: bytes, timeout: Timeout
    ) -> UpstreamResponse: ...

    async def aclose(self) -> None: ...


def _strip(headers: RawHeaders) -> RawHeaders:
    """Drop hop-by-hop headers; names come out lower-case whatever the client library kept,
    so ``UpstreamResponse.header`` finds them."""
    return [(k, v) for k, v in ((k.lower(), v) for k, v in headers) if k not in HOP_BY_HOP]


def _client_timeout(timeout: Timeout) -> aiohttp.ClientTimeout:
    return aiohttp.ClientTimeout(
        total=timeout.attempt,
        connect=timeout.pool + timeout.connect,
        sock_connect=timeout.connect,
        sock_read=timeout.read,
    )


class AiohttpTransport:
    """aiohttp connection pool (keep-alive, per-host limit); created lazily inside the loop."""

    def __init__(
        self,
        *,
        max_connections: int = 100,
        keepalive_expiry: float = 60.0,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE,
    ) -> None:
        self._max_connections = max_connections
        self._keepalive_expiry = keepalive_expiry
        self._max_response = max_response_bytes
        self._session: aiohttp.ClientSession | None = None
        # Timeouts are frozen and shared per route, so their aiohttp form is built once.
        self._client_timeouts: dict[int, tuple[Timeout, aiohttp.ClientTimeout]] = {}

    def _get_session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(
                limit=self._max_connections,
                limit_per_host=self._max_connections,
                keepalive_timeout=self._keepalive_expiry,
                use_dns_cache=True,
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                auto_decompress=False,
                skip_auto_headers=("User-Agent", "Accept-Encoding", "Accept", "Content-Type"),
                trust_env=False,
            )
        return self._session

    async def send(
        self, method: str, url: str, headers: RawHeaders, body: bytes, timeout: Timeout
    ) -> UpstreamResponse:
        session = self._session if self._session is not None else self._get_session()
        cached = self._client_timeouts.get(id(timeout))
        if cached is None or cached[0] is not timeout:
            cached = (timeout, _client_timeout(timeout))
            if len(self._client_timeouts) > 256:  # capped copies (retries near the deadline)
                self._client_timeouts.clear()
            self._client_timeouts[id(timeout)] = cached
        client_timeout = cached[1]
        sent_headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers]
        try:
            async with session.request(
                method,
                url,
                headers=sent_headers,
                data=body or None,
                timeout=client_timeout,
                allow_redirects=False,
                compress=None,
            ) as response:
                payload = await self._read(response)
                return UpstreamResponse(
                    response.status, _strip(list(response.raw_headers)), payload
                )
        except aiohttp.ConnectionTimeoutError as exc:
            raise ConnectTimeout(f"connect timeout: {exc}") from None
        except aiohttp.SocketTimeoutError as exc:
            raise ReadTimeout(f"read timeout: {exc}") from None
        except (TimeoutError, aiohttp.ServerTimeoutError) as exc:
            raise UpstreamTimeout(
                f"attempt deadline {timeout.attempt}s exceeded: {exc!r}"
            ) from None
        except aiohttp.ClientConnectorError as exc:
            raise UpstreamUnavailable(f"cannot connect: {exc}") from None
        except aiohttp.ServerDisconnectedError as exc:
            raise ConnectionReset(f"server closed the connection: {exc}") from None
        except (aiohttp.ClientPayloadError, ConnectionResetError, aiohttp.ClientOSError) as exc:
            raise ConnectionReset(f"connection broken mid-response: {exc}") from None
        except aiohttp.ClientResponseError as exc:
            raise UpstreamBadResponse(f"malformed HTTP response: {exc}") from None
        except aiohttp.ClientError as exc:
            raise UpstreamError(f"upstream call failed: {exc!r}") from None

    async def _read(self, response: aiohttp.ClientResponse) -> bytes:
        """The body, chunk by chunk up to the bound (a chunked answer declares no length)."""
        limit = self._max_response
        declared = response.content_length
        if declared is not None and declared > limit:
            raise too_large(limit)
        if declared is not None:
            return await response.read()
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.content.iter_any():
            size += len(chunk)
            if size > limit:
                raise too_large(limit)
            chunks.append(chunk)
        return b"".join(chunks)

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
            self._client_timeouts.clear()


class HttpxTransport:
    """An ``httpx.AsyncClient`` behind the transport protocol (respx/MockTransport-testable)."""

    def __init__(
        self,
        client: httpx.AsyncClient | None = None,
        *,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE,
    ) -> None:
        self._client = client or httpx.AsyncClient(
            limits=httpx.Limits(max_connections=8, max_keepalive_connections=8), trust_env=False
        )
        self._max_response = max_response_bytes

    async def send(
        self, method: str, url: str, headers: RawHeaders, body: bytes, timeout: Timeout
    ) -> UpstreamResponse:
        httpx_timeout = httpx.Timeout(
            connect=timeout.connect, read=timeout.read, write=timeout.write, pool=timeout.pool
        )
        request = self._client.build_request(
            method, url, headers=headers, content=body or None, timeout=httpx_timeout
        )
        try:
            async with asyncio.timeout(timeout.attempt):
                response = await self._client.send(request, stream=True)
                try:
                    payload = await self._read(response)
                finally:
                    await response.aclose()
        except TimeoutError:
            raise UpstreamTimeout(f"attempt deadline {timeout.attempt}s exceeded") from None
        except httpx.ConnectTimeout as exc:
            raise ConnectTimeout(f"connect timeout: {exc}") from None
        except httpx.PoolTimeout as exc:
            raise UpstreamTimeout(f"no pooled connection free in time: {exc}") from None
        except httpx.TimeoutException as exc:
            raise ReadTimeout(f"read timeout: {exc}") from None
        except httpx.ConnectError as exc:
            raise UpstreamUnavailable(f"cannot connect: {exc}") from None
        except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
            raise ConnectionReset(f"connection broken: {exc}") from None
        except httpx.DecodingError as exc:
            raise UpstreamBadResponse(f"undecodable body: {exc}") from None
        except httpx.HTTPError as exc:
            raise UpstreamError(f"upstream call failed: {exc!r}") from None
        return UpstreamResponse(response.status_code, _strip(response.headers.raw), payload)

    async def _read(self, response: httpx.Response) -> bytes:
        limit = self._max_response
        declared = declared_length(response.headers.get("content-length"))
        if declared is not None and declared > limit:
            raise too_large(limit)
        if response.is_stream_consumed:  # an answer built in memory (MockTransport, respx)
            if len(response.content) > limit:
                raise too_large(limit)
            return response.content
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_raw():
            size += len(chunk)
            if size > limit:
                raise too_large(limit)
            chunks.append(chunk)
        return b"".join(chunks)

    async def aclose(self) -> None:
        await self._client.aclose()
