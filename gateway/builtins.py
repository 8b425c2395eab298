"""The endpoints a hop answers itself instead of proxying: ``/healthz``, ``/metrics``,
``/token`` (OAuth2 client credentials), ``/listClients`` and ``/opmon/records``.

``/opmon/records`` and ``/listClients`` are admin surfaces, as X-Road gives operational data
only to the server's owner and the central monitoring client: they need
``Authorization: Bearer <admin token>`` (``GatewaySettings.admin_token``). ``/token`` is
rate-limited per source address and per client id (``TokenSettings``), and its answers are
never cached (RFC 6749 §5.1). ``/healthz`` says ``degraded``, naming the cause, while the
ledger cannot write.
"""

from __future__ import annotations

import os

import orjson
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from gateway.asgi import ErrorAnswers, Receive, Scope, Send, read_body, send_answer
from gateway.auth import Authenticator, same_secret
from gateway.errors import (
    AuthenticationFailed,
    GatewayError,
    MethodNotAllowed,
    QuotaExceeded,
    too_many_headers,
)
from gateway.opmon import LedgerSink, answer_records
from gateway.quota import KeyedLimiter
from gateway.settings import GatewaySettings

__all__ = ["ADMIN_PATHS", "BUILTIN_PATHS", "Builtins"]

BUILTIN_PATHS = frozenset({"/healthz", "/metrics", "/token", "/listClients", "/opmon/records"})
ADMIN_PATHS = frozenset({"/listClients", "/opmon/records"})
_NO_STORE = [(b"cache-control", b"no-store"), (b"pragma", b"no-cache")]
_ADMIN_CHALLENGE = [(b"www-authenticate", b'Bearer realm="ndxp-sim-admin"')]


def _header(scope: Scope, name: bytes) -> bytes | None:
    return next((v for k, v in scope["headers"] if k == name), None)


class Builtins:
    """Answers the paths in :data:`BUILTIN_PATHS` for one hop."""

    def __init__(
        self,
        settings: GatewaySettings,
        *,
        errors: ErrorAnswers,
        auth: Authenticator,
        ledger: LedgerSink,
        metrics_registry: CollectorRegistry,
    ) -> None:
        self.errors = errors
        self.role = errors.role
        self.auth = auth
        self.ledger = ledger
        self.metrics_registry = metrics_registry
        self.max_body_bytes = settings.max_body_bytes
        self.body_timeout = settings.server.body_timeout_seconds
        self.max_headers = settings.server.max_headers
        self.max_records_per_page = settings.max_records_per_page
        self._admin_token = settings.admin_token.get_secret_value()
        tokens = settings.tokens
        self.per_address = KeyedLimiter(rate=tokens.per_address_rps, burst=tokens.per_address_burst)
        self.per_client = KeyedLimiter(rate=tokens.per_client_rps, burst=tokens.per_client_burst)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope["path"]
        try:
            if len(scope["headers"]) > self.max_headers:
                raise too_many_headers(self.max_headers)
            if path in ADMIN_PATHS:
                self._check_admin(scope)
            if path == "/healthz":
                await self._health(send)
            elif path == "/metrics":
                metrics = generate_latest(self.metrics_registry)
                await send_answer(send, 200, metrics, CONTENT_TYPE_LATEST.encode())
            elif path == "/opmon/records":
                await self._opmon_records(scope, send)
            elif path == "/listClients":
                clients = [{"id": c.client, "name": c.name} for c in self.auth.consumers]
                await send_answer(send, 200, orjson.dumps({"member": clients}))
            elif scope["method"] != "POST":
                raise MethodNotAllowed("/token chỉ nhận POST (use POST).", allow="POST")
            else:
                await self._token(scope, receive, send)
        except GatewayError as exc:
            await self.errors.send(send, exc)

    def _check_admin(self, scope: Scope) -> None:
        given = _header(scope, b"authorization") or b""
        scheme, _, value = given.partition(b" ")
        if scheme.lower() != b"bearer" or not same_secret(
            self._admin_token, value.strip().decode("latin-1")
        ):
            raise AuthenticationFailed(
                f"{scope['path']} là chức năng quản trị: gửi Authorization: Bearer "
                "<NDXP_ADMIN_TOKEN> (admin credential required).",
                headers=_ADMIN_CHALLENGE,
            )

    async def _health(self, send: Send) -> None:
        problem = self.ledger.problem()
        # pid: which worker process answered (``ndxp-sim serve --workers N``).
        health: dict[str, object] = {"status": "ok", "role": self.role, "pid": os.getpid()}
        if problem is not None:
            health.update(status="degraded", ledger=problem)
        await send_answer(send, 200, orjson.dumps(health))

    async def _opmon_records(self, scope: Scope, send: Send) -> None:
        status, body, content_type, headers = await answer_records(
            self.ledger,
            scope.get("query_string", b""),
            max_page=self.max_records_per_page,
            hop=self.role,
        )
        await send_answer(send, status, body, content_type, headers=headers)

    def _throttle(self, limiter: KeyedLimiter, key: str, what: str) -> None:
        wait = limiter.take(key)
        if wait is not None:
            seconds = max(1, int(wait + 0.999))
            raise QuotaExceeded(
                f"Quá nhiều yêu cầu /token từ {what}; thử lại sau {seconds} giây "
                "(token requests rate-limited).",
                headers=[(b"retry-after", b"%d" % seconds)],
            )

    async def _token(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        self._throttle(self.per_address, client[0] if client else "-", "địa chỉ này")
        body = await read_body(
            receive, self.max_body_bytes, _header(scope, b"content-length"), self.body_timeout
        )
        form = self.auth.token_form(
            body, _header(scope, b"authorization"), _header(scope, b"content-type")
        )
        self._throttle(self.per_client, form.get("client_id", ""), "client_id này")
        token = self.auth.grant(form)
        payload = {
            "access_token": token.value,
            "token_type": "Bearer",
            "expires_in": int(self.auth.token_ttl),
            "scope": "default",
        }
        await send_answer(send, 200, orjson.dumps(payload), headers=_NO_STORE)
