"""ASGI type names shared by the registry apps and the plain-ASGI wrappers around them (the fault
middleware, the harness): Starlette's, so a FastAPI app and a wrapper have the same types."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["ASGIApp", "Message", "Receive", "Scope", "Send"]
