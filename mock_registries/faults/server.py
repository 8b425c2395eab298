"""A uvicorn HTTP protocol that lends the fault middleware the connection's transport.

Plain ASGI cannot reset a TCP connection. This protocol puts the transport in
``scope["extensions"]["ndxp.transport"]`` so the middleware can set ``SO_LINGER`` 0 and
``abort()`` (a true RST) before or in the middle of a response, or close with no bytes at all.

    uvicorn.Config(app, http=MOCK_HTTP_PROTOCOL, ...)

Under any other server the middleware degrades: it promises a body and closes mid-body.
"""

from __future__ import annotations

from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from mock_registries.faults.connection import TRANSPORT_EXTENSION

__all__ = ["MOCK_HTTP_PROTOCOL", "TransportExposingProtocol"]


class TransportExposingProtocol(HttpToolsProtocol):
    def on_message_begin(self) -> None:
        super().on_message_begin()
        scope: dict[str, Any] = self.scope  # type: ignore[assignment]
        scope.setdefault("extensions", {})[TRANSPORT_EXTENSION] = self.transport


MOCK_HTTP_PROTOCOL: type[HttpToolsProtocol] = TransportExposingProtocol
