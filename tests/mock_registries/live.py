"""A registry mock on a real socket (uvicorn in a thread), for clients that bring their own
event loop or none at all (schemathesis' CLI, zeep)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from prometheus_client import CollectorRegistry

from mock_registries.clock import Clock
from mock_registries.factory import RegistryName, create_registry_app
from mock_registries.settings import MockSettings


@contextmanager
def live_registry(
    name: RegistryName, *, clock: Clock | None = None, settings: MockSettings | None = None
) -> Iterator[str]:
    """The base URL of registry ``name`` served on a free 127.0.0.1 port until the block ends."""
    app = create_registry_app(
        name,
        settings or MockSettings(),
        clock=clock or Clock(),
        metrics_registry=CollectorRegistry(),
    )
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, lifespan="off", log_level="critical", access_log=False)
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"{name} did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
