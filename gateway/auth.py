"""Who is calling: the consumer identity of a request, by the credential styles integrators use.

* ``Authorization: Bearer <token>`` — an OAuth2 client-credentials token from ``POST /token``
  (NGSP/WSO2 style, the default for provinces);
* ``Authorization: Basic base64(client:secret)`` — C06 style; also what an LGSP sends the NDXP;
* ``lgspaccesstoken: base64({"AccessKey","SecretKey","AppName",...})`` — VNPT-style LGSP.

``X-Road-Client``, when sent, must match the authenticated consumer. Every check is a dict
look-up: the cost does not grow with the number of consumers.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import secrets
import time
from collections.abc import Iterable
from urllib.parse import parse_qsl

import orjson

from gateway.catalog import Consumer
from gateway.errors import AuthenticationFailed, BadRequest, InvalidClientIdentifier

__all__ = ["Authenticator", "IssuedToken"]

_MAX_TOKENS = 100_000


class IssuedToken:
    __slots__ = ("consumer", "expires_at", "value")

    def __init__(self, value: str, consumer: Consumer, expires_at: float) -> None:
        self.value = value
        self.consumer = consumer
        self.expires_at = expires_at


class Authenticator:
    """Resolves a request's credentials to a :class:`Consumer` of this hop."""

    def __init__(self, consumers: Iterable[Consumer], *, token_ttl: float = 3600.0) -> None:
        self._by_client = {c.client: c for c in consumers}
        self._basic: dict[bytes, Consumer] = {
            b"Basic " + base64.b64encode(f"{c.client}:{c.secret}".encode()): c
            for c in self._by_client.values()
        }
        self._lgsp_tokens: dict[bytes, Consumer] = {}
        self._tokens: dict[str, IssuedToken] = {}
        self._token_ttl = token_ttl

    @property
    def consumers(self) -> list[Consumer]:
        return list(self._by_client.values())

    def consumer(self, client: str) -> Consumer | None:
        return self._by_client.get(client)

    def issue_token(self, client_id: str, client_secret: str) -> IssuedToken:
        """Client-credentials grant; raises :class:`AuthenticationFailed` on a bad pair."""
        consumer = self._by_client.get(client_id)
        if consumer is None or not hmac.compare_digest(consumer.secret, client_secret):
            raise AuthenticationFailed(
                "Sai client_id hoặc client_secret (invalid client credentials)."
            )
        now = time.monotonic()
        if len(self._tokens) >= _MAX_TOKENS:
            self._tokens = {k: t for k, t in self._tokens.items() if t.expires_at > now}
        token = IssuedToken(secrets.token_urlsafe(24), consumer, now + self._token_ttl)
        self._tokens[token.value] = token
        return token

    def grant(self, form_body: bytes, authorization: bytes | None) -> IssuedToken:
        """``POST /token``: an OAuth2 client-credentials grant from a form body, the client
        pair given in the form or as ``Authorization: Basic`` (RFC 6749 §2.3.1)."""
        form = dict(parse_qsl(form_body.decode("utf-8", "replace")))
        if authorization is not None and authorization.startswith(b"Basic "):
            try:
                pair = base64.b64decode(authorization[6:], validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                raise BadRequest(
                    "Authorization Basic không hợp lệ (malformed Basic header)."
                ) from None
            client_id, _, client_secret = pair.partition(":")
            form.setdefault("client_id", client_id)
            form.setdefault("client_secret", client_secret)
        if form.get("grant_type") != "client_credentials":
            raise BadRequest("grant_type phải là client_credentials (unsupported grant_type).")
        return self.issue_token(form.get("client_id", ""), form.get("client_secret", ""))

    @property
    def token_ttl(self) -> float:
        return self._token_ttl

    def authenticate(
        self, authorization: bytes | None, lgsp_token: bytes | None, xroad_client: bytes | None
    ) -> Consumer:
        consumer = self._from_credentials(authorization, lgsp_token)
        if xroad_client is not None and xroad_client.decode("latin-1") != consumer.client:
            raise InvalidClientIdentifier(
                f"X-Road-Client {xroad_client.decode('latin-1')!r} không khớp với thông tin xác "
                f"thực của {consumer.client} (client header does not match credentials)."
            )
        return consumer

    def _from_credentials(self, authorization: bytes | None, lgsp_token: bytes | None) -> Consumer:
        if authorization is not None:
            if authorization.startswith(b"Bearer "):
                token = self._tokens.get(authorization[7:].decode("latin-1").strip())
                if token is None or token.expires_at < time.monotonic():
                    raise AuthenticationFailed(
                        "Access token không hợp lệ hoặc đã hết hạn; gọi lại /token "
                        "(invalid or expired token)."
                    )
                return token.consumer
            if authorization.startswith(b"Basic "):
                consumer = self._basic.get(authorization)
                if consumer is None:
                    raise AuthenticationFailed(
                        "Sai thông tin xác thực Basic (invalid credentials)."
                    )
                return consumer
            raise AuthenticationFailed(
                "Kiểu xác thực không được hỗ trợ; dùng Bearer, Basic hoặc lgspaccesstoken."
            )
        if lgsp_token is not None:
            return self._from_lgsp_token(lgsp_token)
        raise AuthenticationFailed(
            "Thiếu thông tin xác thực: gửi Authorization (Bearer/Basic) hoặc lgspaccesstoken "
            "(missing credentials)."
        )

    def _from_lgsp_token(self, raw: bytes) -> Consumer:
        cached = self._lgsp_tokens.get(raw)
        if cached is not None:
            return cached
        try:
            fields = orjson.loads(base64.b64decode(raw, validate=True))
        except (binascii.Error, orjson.JSONDecodeError, ValueError):
            raise BadRequest(
                "lgspaccesstoken phải là base64 của một đối tượng JSON (malformed lgspaccesstoken)."
            ) from None
        if not isinstance(fields, dict):
            raise BadRequest("lgspaccesstoken phải là base64 của một đối tượng JSON.")
        consumer = self._by_client.get(str(fields.get("AccessKey", "")))
        secret = str(fields.get("SecretKey", ""))
        if consumer is None or not hmac.compare_digest(consumer.secret, secret):
            raise AuthenticationFailed("Sai AccessKey hoặc SecretKey trong lgspaccesstoken.")
        if len(self._lgsp_tokens) < _MAX_TOKENS:
            self._lgsp_tokens[raw] = consumer
        return consumer
