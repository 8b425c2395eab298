"""A well-behaved province client: what each conformance check expects, done plainly.

* every call has a timeout (``timeout``), never waits forever;
* a failed call (connection error, timeout, 5xx, 408, 429) is retried at most
  ``max_attempts - 1`` times, after an exponential backoff with full jitter;
* ``Retry-After`` (429, 503, maintenance) holds *every* next call until it has passed;
* a submission is retried only with the same dossier code and ``Idempotency-Key``;
* a 4xx refusal is final: not retried, and a dossier whose status poll is refused is dropped;
* dossier status is polled every ``poll_interval`` seconds (jittered), a bounded number of times;
* each attempt carries its own X-Road-Id (UUID) and the officer's X-Road-UserId.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from typing import Any

import httpx

__all__ = ["GoodClient"]

_RETRYABLE = frozenset({408, 429, 500, 502, 503, 504})


class GoodClient:
    def __init__(
        self,
        base_url: str,
        client_id: str,
        secret: str,
        *,
        user_id: str = "VN079190000001",
        timeout: float = 20.0,
        max_attempts: int = 4,
        backoff: float = 0.5,
        max_backoff: float = 30.0,
        poll_interval: float = 15.0,
    ) -> None:
        self.http = httpx.AsyncClient(
            base_url=base_url, auth=(client_id, secret), timeout=timeout, trust_env=False
        )
        self.timeout = timeout
        self.user_id = user_id
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.poll_interval = poll_interval
        self._hold_until = 0.0  # Retry-After: no call before this (monotonic seconds)
        self._rng = random.Random()

    async def _hold(self) -> None:
        wait = self._hold_until - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)

    def _told_to_wait(self, response: httpx.Response) -> float | None:
        value = response.headers.get("retry-after")
        try:
            return float(value) if value is not None else None
        except ValueError:
            return None

    async def call(
        self, method: str, path: str, *, key: str | None = None, **kwargs: Any
    ) -> httpx.Response | None:
        """One logical call, retried as the module docstring says; ``None``: no answer."""
        response: httpx.Response | None = None
        for attempt in range(self.max_attempts):
            await self._hold()
            headers = {"X-Road-Id": str(uuid.uuid4()), "X-Road-UserId": self.user_id}
            if key is not None:
                headers["Idempotency-Key"] = key
            try:
                # A deadline on the whole call, not only between bytes: cancelling the call
                # also drops its connection, so no late answer is read as the next one's.
                async with asyncio.timeout(self.timeout):
                    response = await self.http.request(method, path, headers=headers, **kwargs)
            except (httpx.HTTPError, TimeoutError):
                response = None
            if response is not None and response.status_code not in _RETRYABLE:
                return response
            ceiling = min(self.max_backoff, self.backoff * 2**attempt)
            delay = self._rng.uniform(ceiling / 2, ceiling)
            told = self._told_to_wait(response) if response is not None else None
            if told is not None:
                self._hold_until = time.monotonic() + told + self._rng.uniform(0, 0.2 * told)
            elif attempt + 1 < self.max_attempts:
                await asyncio.sleep(delay)
        return response

    async def lookup(self, msdn: str) -> int | None:
        r = await self.call("GET", "/apiCSDLDKDN/1.0/chiTietDoanhNghiep", params={"msdn": msdn})
        return r.status_code if r is not None else None

    async def submit(self, registration: dict[str, Any], code: str) -> int | None:
        body = {**registration, "maHoSo": code}
        r = await self.call("POST", "/apiHoTichTuPhap/1.0/dangKyHoTich", key=code, json=body)
        return r.status_code if r is not None else None

    async def poll(self, unit: int, code: str) -> int | None:
        body = {"maDonVi": unit, "maHoSo": code}
        r = await self.call("POST", "/apiHoTichTuPhap/1.0/traTrangThaiHoSo", json=body)
        return r.status_code if r is not None else None

    async def pause_between_polls(self) -> None:
        await asyncio.sleep(self.poll_interval * self._rng.uniform(1.0, 1.3))

    async def aclose(self) -> None:
        await self.http.aclose()
