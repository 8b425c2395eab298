"""One component of the benchmark as its own process, so it can be pinned with ``taskset``.

    python -m bench.gateway_server --role ndxp --upstream http://127.0.0.1:18080 --port 18082
    python -m bench.gateway_server --role lgsp --ndxp http://127.0.0.1:18082 --port 18083
    python -m bench.gateway_server --role registry --registry dkdn --port 18084
    python -m bench.gateway_server --role rawproxy --upstream http://127.0.0.1:18080 --port N
    python -m bench.gateway_server --role static --port N       # no upstream: the server alone
    python -m bench.gateway_server --role ndxp --http granian ...  # served by granian instead

Gateways are built with :func:`gateway.app.create_app` exactly as in production (auth, ACL,
quota, metrics, ledger hook, connector) and served as in production: uvicorn on uvloop with
``gateway.server``'s protocol and options (``--http httptools`` for uvicorn's stock protocol).
``gc.freeze()`` after start-up moves the import-time objects out of the collector's way.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
from collections import deque
from pathlib import Path
from typing import Any

import uvicorn
from prometheus_client import CollectorRegistry

from connectors import Timeout, build_transport
from gateway import DEFAULT_CATALOG, GatewaySettings
from gateway.app import create_app
from gateway.opmon import HopRecord, LedgerSink, NullLedger, PendingRecord
from gateway.server import server_options
from gateway.settings import ServerLimits
from mock_registries.asgi import ASGIApp


class RingLedger(NullLedger):
    """The ledger hook with a bounded in-memory sink (the SQLite writer is not under test).
    Pending records are kept as handed over: like the SQLite writer, it builds them off the
    request's path (here: never)."""

    def __init__(self) -> None:
        self.records: deque[HopRecord | PendingRecord] = deque(maxlen=500)

    def record(self, record: HopRecord) -> None:
        self.records.append(record)

    def record_pending(self, pending: PendingRecord) -> None:
        self.records.append(pending)


def _raw_proxy(upstream: str, transport_name: str) -> ASGIApp:
    """The floor under the gateway: raw ASGI + the same transport, no broker logic (no auth,
    ACL, quota, metrics, ledger, resilience). Shows what the gateway itself costs."""
    transport = build_transport(transport_name, max_connections=100)
    timeout = Timeout()

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        path = scope["path"] + (
            "?" + scope["query_string"].decode() if scope["query_string"] else ""
        )
        response = await transport.send("GET", upstream + path, [], b"", timeout)
        headers = [*response.headers, (b"content-length", str(len(response.body)).encode())]
        await send({"type": "http.response.start", "status": response.status, "headers": headers})
        await send({"type": "http.response.body", "body": response.body})

    return app


def _ledger(kind: str) -> LedgerSink:
    """``ring``: records kept in memory (the hop's own cost); ``sqlite``: the production writer
    thread, in a throw-away file (the hop plus what the ledger costs it)."""
    if kind == "ring":
        return RingLedger()
    import tempfile

    from gateway.opmon.writer import SqliteLedger

    return SqliteLedger(Path(tempfile.mkdtemp(prefix="bench_ledger_")) / "ledger.sqlite")


def _static() -> ASGIApp:
    """The server alone: answers ~1 KB of constant JSON, no upstream, no logic."""
    body = b'{"GhiChu":"' + b"x" * 1009 + b'"}'
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return app


def _app(args: argparse.Namespace) -> ASGIApp:
    registry = CollectorRegistry()
    if args.role == "static":
        return _static()
    if args.role == "rawproxy":
        return _raw_proxy(args.upstream, args.transport)
    if args.role == "registry":
        from mock_registries.clock import Clock
        from mock_registries.factory import create_registry_app
        from mock_registries.settings import MockSettings

        return create_registry_app(
            args.registry, MockSettings(), clock=Clock(), metrics_registry=registry
        )
    urls = {name: args.upstream for name in ("dan_cu", "dkdn", "ho_tich", "gplx") if args.upstream}
    if args.ndxp:
        urls["ndxp"] = args.ndxp
    settings = GatewaySettings(catalog_path=Path(args.catalog), upstreams=urls)
    transport = build_transport(
        args.transport, max_connections=8 if args.transport == "httpx" else 100
    )
    return create_app(
        settings,
        role=args.role,
        metrics_registry=registry,
        transport=transport,
        ledger=_ledger(args.ledger),
    )


async def _serve_granian(args: argparse.Namespace) -> None:
    """The same app under granian (Rust HTTP/1 on its own runtime thread): the closest it has
    to the uvicorn protocol's guards are a head read timeout and a buffer limit."""
    from granian.constants import HTTPModes, Interfaces
    from granian.http import HTTP1Settings
    from granian.log import LogLevels
    from granian.server.embed import Server

    limits = ServerLimits()
    server = Server(
        _app(args),
        address="127.0.0.1",
        port=args.port,
        interface=Interfaces.ASGI,
        http=HTTPModes.http1,
        websockets=False,
        backlog=2048,
        http1_settings=HTTP1Settings(
            header_read_timeout=int(limits.header_timeout_seconds * 1000),
            max_buffer_size=limits.max_header_bytes,
        ),
        log_level=LogLevels.warning,
    )
    print("ready", flush=True)
    await server.serve()


async def _serve(args: argparse.Namespace) -> None:
    if args.http == "granian":
        await _serve_granian(args)
        return
    options = server_options(ServerLimits())  # exactly what `ndxp-sim up` and `serve` run with
    if args.http != "gateway":
        options["http"] = "httptools"
    config = uvicorn.Config(
        _app(args), host="127.0.0.1", port=args.port, log_level="warning", backlog=2048, **options
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    gc.collect()
    gc.freeze()
    if args.no_gc:
        gc.disable()  # for A/B runs only: is the tail the collector?
    print("ready", flush=True)
    await task


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--role", choices=("ndxp", "lgsp", "registry", "rawproxy", "static"), required=True
    )
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--upstream", default="", help="base URL of every registry")
    parser.add_argument("--ndxp", default="", help="base URL of the NDXP (lgsp role)")
    parser.add_argument("--registry", default="dkdn", help="registry name (registry role)")
    parser.add_argument("--transport", choices=("raw", "aiohttp", "httpx"), default="raw")
    parser.add_argument("--catalog", default=str(DEFAULT_CATALOG))
    parser.add_argument(
        "--http",
        choices=("gateway", "httptools", "granian"),
        default="gateway",
        help="server: uvicorn with the gateway's protocol or its stock one, or granian",
    )
    parser.add_argument("--ledger", choices=("ring", "sqlite"), default="ring")
    parser.add_argument("--no-gc", action="store_true", help="disable the cyclic GC (A/B only)")
    args = parser.parse_args()
    import uvloop

    uvloop.run(_serve(args))


if __name__ == "__main__":
    main()
