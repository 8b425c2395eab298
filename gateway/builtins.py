"""The endpoints a hop answers itself instead of proxying: ``/healthz``, ``/metrics``,
``/token`` (OAuth2 client credentials), ``/listClients`` and ``/opmon/records``."""

from __future__ import annotations

import orjson
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from gateway.asgi import ErrorAnswers, Receive, Scope, Send, read_body, send_answer
from gateway.auth import Authenticator
from gateway.errors import GatewayError, MethodNotAllowed
from gateway.opmon import LedgerSink, answer_records

__all__ = ["BUILTIN_PATHS", "Builtins"]

BUILTIN_PATHS = frozenset({"/healthz", "/metrics", "/token", "/listClients", "/opmon/records"})


class Builtins:
    """Answers the paths in :data:`BUILTIN_PATHS` for one hop."""

    def __init__(
        self,
        *,
        errors: ErrorAnswers,
        auth: Authenticator,
        ledger: LedgerSink,
        metrics_registry: CollectorRegistry,
        max_body_bytes: int,
        max_records_per_page: int,
    ) -> None:
        self.errors = errors
        self.role = errors.role
        self.auth = auth
        self.ledger = ledger
        self.metrics_registry = metrics_registry
        self.max_body_bytes = max_body_bytes
        self.max_records_per_page = max_records_per_page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope["path"]
        if path == "/healthz":
            await send_answer(send, 200, orjson.dumps({"status": "ok", "role": self.role}))
        elif path == "/metrics":
            metrics = generate_latest(self.metrics_registry)
            await send_answer(send, 200, metrics, CONTENT_TYPE_LATEST.encode())
        elif path == "/opmon/records":
            await self._opmon_records(scope, send)
        elif path == "/listClients":
            clients = [{"id": c.client, "name": c.name} for c in self.auth.consumers]
            await send_answer(send, 200, orjson.dumps({"member": clients}))
        elif scope["method"] != "POST":
            await self.errors.send(send, MethodNotAllowed("/token chỉ nhận POST (use POST)."))
        else:
            await self._token(scope, receive, send)

    async def _opmon_records(self, scope: Scope, send: Send) -> None:
        try:
            status, body, content_type, headers = await answer_records(
                self.ledger,
                scope.get("query_string", b""),
                max_page=self.max_records_per_page,
                hop=self.role,
            )
        except GatewayError as exc:
            await self.errors.send(send, exc)
            return
        await send_answer(send, status, body, content_type, headers=headers)

    async def _token(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            body = await read_body(receive, self.max_body_bytes)
            authorization = next((v for k, v in scope["headers"] if k == b"authorization"), None)
            token = self.auth.grant(body, authorization)
        except GatewayError as exc:
            await self.errors.send(send, exc)
            return
        payload = {
            "access_token": token.value,
            "token_type": "Bearer",
            "expires_in": int(self.auth.token_ttl),
            "scope": "default",
        }
        await send_answer(send, 200, orjson.dumps(payload))
