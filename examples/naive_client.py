"""A naive province client, as Phụ lục V's troubles find them in the field (do not copy):

* no timeout: it waits as long as the exchange holds the call;
* anything but a 2xx is retried at once, up to ten times: 4xx, 429 and 503 included, with no
  pause and no regard for ``Retry-After`` or maintenance;
* a retried submission gets a fresh dossier code (the code is made when the request is), so
  the registry cannot tell it from a new dossier;
* dossier status is polled back to back, and a refused poll is polled again;
* one X-Road-Id for the whole process, no X-Road-UserId.
"""

from __future__ import annotations

import time
from typing import Any

import httpx

__all__ = ["NaiveClient"]

_TRIES = 10


class NaiveClient:
    def __init__(self, base_url: str, client_id: str, secret: str) -> None:
        self.http = httpx.AsyncClient(
            base_url=base_url, auth=(client_id, secret), timeout=None, trust_env=False
        )
        self.headers = {"X-Road-Id": "mcdt-request"}

    async def call(self, method: str, path: str, **kwargs: Any) -> httpx.Response | None:
        response = None
        for _ in range(_TRIES):
            try:
                response = await self.http.request(method, path, headers=self.headers, **kwargs)
            except httpx.HTTPError:
                continue
            if response.status_code < 300:
                break
        return response

    async def lookup(self, msdn: str) -> int | None:
        r = await self.call("GET", "/apiCSDLDKDN/1.0/chiTietDoanhNghiep", params={"msdn": msdn})
        return r.status_code if r is not None else None

    async def submit(self, registration: dict[str, Any], code: str) -> int | None:
        response = None
        for attempt in range(_TRIES):
            body = {**registration, "maHoSo": f"{code}-{time.time_ns() % 10**6}-{attempt}"}
            try:
                response = await self.http.post(
                    "/apiHoTichTuPhap/1.0/dangKyHoTich", json=body, headers=self.headers
                )
            except httpx.HTTPError:
                continue
            if response.status_code < 300:
                break
        return response.status_code if response is not None else None

    async def poll(self, unit: int, code: str) -> int | None:
        body = {"maDonVi": unit, "maHoSo": code}
        r = await self.call("POST", "/apiHoTichTuPhap/1.0/traTrangThaiHoSo", json=body)
        # Whatever came back, it will ask again at the next poll.
        return 200 if r is not None else None

    async def pause_between_polls(self) -> None:
        return None

    async def aclose(self) -> None:
        await self.http.aclose()
