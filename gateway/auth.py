"""Who is calling: the consumer identity of a request, by the credential styles integrators use.

* ``Authorization: Bearer <token>`` — an OAuth2 client-credentials token from ``POST /token``
  (NGSP/WSO2 style, the default for provinces);
* ``Authorization: Basic base64(client:secret)`` — C06 style; also what an LGSP sends the NDXP;
* ``lgspaccesstoken: base64({"AccessKey","SecretKey","AppName",...})`` — VNPT-style LGSP.

``X-Road-Client``, when sent, must match the authenticated consumer. Every check is a dict
look-up: the cost does not grow with the number of consumers. Scheme names are case-insensitive
(RFC 9110 §11.1: ``bearer`` works as ``Bearer``); secrets are compared as UTF-8 bytes in
constant time, whatever characters a caller sends.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from collections.abc import Iterable
from urllib.parse import parse_qsl

import orjson

from gateway.catalog import Consumer
from gateway.errors import AuthenticationFailed, BadRequest, InvalidClientIdentifier, InvalidToken
from gateway.tokens import IssuedToken, TokenStore

__all__ = ["LGSP_TOKEN_FORMAT", "Authenticator", "IssuedToken", "same_secret"]

# Cached lgspaccesstoken headers: a valid header is looked up, not decoded, again. Bounded in
# count and size, so a caller varying AppName cannot grow memory.
_MAX_CACHED_LGSP_TOKENS = 10_000
_MAX_CACHED_LGSP_TOKEN_BYTES = 1024

LGSP_TOKEN_FORMAT = (
    'base64 của JSON {"AccessKey": "<client id>", "SecretKey": "<secret>", '
    '"AppName": "...", "PartnerCode": "..."}'
)


def same_secret(expected: str, given: str) -> bool:
    """Constant-time comparison of two secrets as UTF-8 bytes (``hmac.compare_digest`` refuses
    ``str`` with non-ASCII characters: a caller's "é" must be a 401, not a 500)."""
    return hmac.compare_digest(
        expected.encode("utf-8", "surrogatepass"), given.encode("utf-8", "surrogatepass")
    )


class Authenticator:
    """Resolves a request's credentials to a :class:`Consumer` of this hop."""

    def __init__(
        self,
        consumers: Iterable[Consumer],
        *,
        token_ttl: float = 3600.0,
        max_tokens_per_client: int = 10_000,
        token_secret: bytes | None = None,
    ) -> None:
        self._by_client = {c.client: c for c in consumers}
        self._basic: dict[bytes, Consumer] = {
            b"Basic " + base64.b64encode(f"{c.client}:{c.secret}".encode()): c
            for c in self._by_client.values()
        }
        self._lgsp_tokens: dict[bytes, Consumer] = {}
        self.tokens = TokenStore(
            ttl=token_ttl,
            max_per_client=max_tokens_per_client,
            secret=token_secret,
            lookup=self._by_client.get,
        )
        self._token_ttl = token_ttl

    @property
    def consumers(self) -> list[Consumer]:
        return list(self._by_client.values())

    def consumer(self, client: str) -> Consumer | None:
        return self._by_client.get(client)

    def issue_token(self, client_id: str, client_secret: str) -> IssuedToken:
        """Client-credentials grant; raises :class:`AuthenticationFailed` on a bad pair."""
        consumer = self._by_client.get(client_id)
        if consumer is None or not same_secret(consumer.secret, client_secret):
            raise AuthenticationFailed(
                "Sai client_id hoặc client_secret (invalid client credentials)."
            )
        return self.tokens.issue(consumer)

    @staticmethod
    def token_form(
        body: bytes, authorization: bytes | None, content_type: bytes | None
    ) -> dict[str, str]:
        """The fields of a ``POST /token`` form, the client pair given in the form or as
        ``Authorization: Basic`` (RFC 6749 §2.3.1); a JSON body is told to use form encoding."""
        json_type = content_type is not None and b"json" in content_type.lower()
        if json_type or body.lstrip()[:1] in (b"{", b"["):
            raise BadRequest(
                "/token nhận dạng form (application/x-www-form-urlencoded), không nhận JSON: "
                "grant_type=client_credentials&client_id=...&client_secret=... "
                "(use form encoding, RFC 6749 §4.4)."
            )
        form = dict(parse_qsl(body.decode("utf-8", "replace")))
        if authorization is not None and authorization[:6].lower() == b"basic ":
            try:
                pair = base64.b64decode(authorization[6:].strip(), validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                raise BadRequest(
                    "Authorization Basic không hợp lệ (malformed Basic header)."
                ) from None
            client_id, _, client_secret = pair.partition(":")
            form.setdefault("client_id", client_id)
            form.setdefault("client_secret", client_secret)
        return form

    def grant(self, form: dict[str, str]) -> IssuedToken:
        """``POST /token``: an OAuth2 client-credentials grant from :meth:`token_form`."""
        if form.get("grant_type") != "client_credentials":
            raise BadRequest(
                "grant_type phải là client_credentials (unsupported grant_type); gửi dạng form: "
                "grant_type=client_credentials&client_id=...&client_secret=..."
            )
        return self.issue_token(form.get("client_id", ""), form.get("client_secret", ""))

    @property
    def token_ttl(self) -> float:
        return self._token_ttl

    def authenticate(
        self, authorization: bytes | None, lgsp_token: bytes | None, xroad_client: bytes | None
    ) -> Consumer:
        # A known Basic pair (what an LGSP presents the NDXP) is one look-up of the header as sent.
        consumer = self._basic.get(authorization) if authorization is not None else None
        if consumer is None:
            consumer = self._from_credentials(authorization, lgsp_token)
        if xroad_client is not None and xroad_client.decode("latin-1") != consumer.client:
            sent = xroad_client.decode("latin-1")
            raise InvalidClientIdentifier(
                f"X-Road-Client '{sent}' không khớp với thông tin xác thực của {consumer.client} "
                "(client header does not match credentials).",
                private=(sent,),
            )
        return consumer

    @staticmethod
    def bearer(authorization: bytes | None) -> str | None:
        """The token an ``Authorization: Bearer`` header presents (the scheme in any case,
        RFC 9110 §11.1); ``None`` for any other header. :meth:`authenticate` reads it so too."""
        if authorization is None:
            return None
        scheme, _, credentials = authorization.partition(b" ")
        if scheme != b"Bearer" and scheme.lower() != b"bearer":
            return None
        return credentials.decode("latin-1").strip()

    def _from_credentials(self, authorization: bytes | None, lgsp_token: bytes | None) -> Consumer:
        token = self.bearer(authorization)
        if token is not None:
            return self._bearer(token)
        if authorization is not None:
            if authorization.startswith(b"Basic "):
                return self._basic_pair(authorization)
            scheme, _, credentials = authorization.partition(b" ")
            if scheme.lower() == b"basic":
                return self._basic_pair(b"Basic " + credentials.strip())
            raise AuthenticationFailed(
                "Kiểu xác thực không được hỗ trợ; dùng Bearer, Basic hoặc lgspaccesstoken."
            )
        if lgsp_token is not None:
            return self._from_lgsp_token(lgsp_token)
        raise AuthenticationFailed(
            "Thiếu thông tin xác thực: gửi Authorization (Bearer/Basic) hoặc lgspaccesstoken "
            "(missing credentials)."
        )

    def _bearer(self, token: str) -> Consumer:
        consumer = self.tokens.consumer(token)
        if consumer is None:
            raise InvalidToken(
                "Access token không hợp lệ hoặc đã hết hạn; gọi lại /token "
                "(invalid or expired token)."
            )
        return consumer

    def _basic_pair(self, authorization: bytes) -> Consumer:
        consumer = self._basic.get(authorization)
        if consumer is None:
            raise AuthenticationFailed("Sai thông tin xác thực Basic (invalid credentials).")
        return consumer

    def _from_lgsp_token(self, raw: bytes) -> Consumer:
        cached = self._lgsp_tokens.get(raw)
        if cached is not None:
            return cached
        try:
            fields = orjson.loads(base64.b64decode(raw, validate=True))
        except (binascii.Error, orjson.JSONDecodeError, ValueError):
            fields = None
        if not isinstance(fields, dict):
            raise BadRequest(
                f"lgspaccesstoken phải là {LGSP_TOKEN_FORMAT} (malformed lgspaccesstoken)."
            )
        consumer = self._by_client.get(str(fields.get("AccessKey", "")))
        secret = str(fields.get("SecretKey", ""))
        if consumer is None or not same_secret(consumer.secret, secret):
            raise AuthenticationFailed(
                "Sai AccessKey (client id) hoặc SecretKey trong lgspaccesstoken "
                f"({LGSP_TOKEN_FORMAT})."
            )
        if (
            len(self._lgsp_tokens) < _MAX_CACHED_LGSP_TOKENS
            and len(raw) <= _MAX_CACHED_LGSP_TOKEN_BYTES
        ):
            self._lgsp_tokens[raw] = consumer
        return consumer
