"""A registry mock whose start-up raises, the way a real ASGI app fails it (Starlette runs the
lifespan, reports ``lifespan.startup.failed`` with the traceback, and uvicorn exits), for the
tests of a stack that must fail cleanly. Also a real process:

    python -m tests.simulator.broken gplx up --lang en     # the ndxp-sim CLI, gplx broken
"""

from __future__ import annotations

import socket
import sys
import threading
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.routing import Mount

import simulator.components

__all__ = ["CAUSE", "assert_free", "break_registry", "new_threads"]

CAUSE = "the licence register was not loaded"


def break_registry(registry: str, setattr_: Callable[[Any, str, Any], None] = setattr) -> None:
    """From now on ``create_registry_app`` gives ``registry`` a start-up that raises."""
    real: Callable[..., Any] = getattr(simulator.components, "create_registry_app")  # noqa: B009

    def create(name: str, *args: Any, **kwargs: Any) -> Any:
        app = real(name, *args, **kwargs)
        if name != registry:
            return app

        @asynccontextmanager
        async def lifespan(_: Starlette) -> AsyncIterator[None]:
            raise RuntimeError(CAUSE)
            yield  # pragma: no cover - never reached

        return Starlette(routes=[Mount("/", app=app)], lifespan=lifespan)

    setattr_(simulator.components, "create_registry_app", create)


def assert_free(ports: Iterable[int]) -> None:
    """Nothing listens on any of ``ports`` any more: a connection is refused, and a server can
    listen there again (binding as servers do, with SO_REUSEADDR: a connection the stack closed
    may rest in TIME_WAIT on the port, which only a listener should mind)."""
    for port in ports:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            with pytest.raises(ConnectionRefusedError):
                probe.connect(("127.0.0.1", port))
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
            server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            server.bind(("127.0.0.1", port))
            server.listen()


def new_threads(before: Iterable[threading.Thread]) -> list[str]:
    """Names of the threads alive now that were not in ``before``."""
    known = set(before)
    return [t.name for t in threading.enumerate() if t not in known and t.is_alive()]


if __name__ == "__main__":
    from simulator.cli import main

    break_registry(sys.argv[1])
    sys.exit(main(sys.argv[2:]))
