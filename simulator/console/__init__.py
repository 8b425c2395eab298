"""The tester's web console: a live monitor of exchanges, scenario and clock controls, the
Phụ lục V scoreboard, the report and the test identities — Vietnamese first, English on request.

    console = create_console(settings)       # an ASGI app plus its close()
    uvicorn.run(console.app, ...)

It talks to the other components over HTTP only — each gateway's ``/opmon/records``, each
mock's ``/_admin/faults`` and the LGSP itself for the "try a call" panel — so it works the same
beside an in-process stack, separate ``serve`` processes or containers. Pages are rendered on
the server (Jinja templates and static files shipped in this package; no CDN); a little vanilla
script follows a Server-Sent Events stream (``sse-starlette``). Each stream is capped
(``NDXP_CONSOLE__STREAM_MAX_SECONDS``; the browser reconnects) and :meth:`Console.close` ends
every stream at once, so the server stops promptly on SIGTERM.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from fastapi import FastAPI
from prometheus_client import CollectorRegistry

from connectors import AiohttpTransport
from simulator.collect import JournalFeed, OpmonFeed
from simulator.console.actions import Actions
from simulator.console.app import build_app
from simulator.console.live import Live
from simulator.console.metrics import ConsoleMetrics
from simulator.console.pages import Pages, next_office_morning
from simulator.console.views import Views
from simulator.control import FaultControl, JsonClient
from simulator.settings import GATEWAYS, SERVICES, StackSettings

__all__ = ["Console", "create_console", "next_office_morning"]


@dataclass
class Console:
    app: FastAPI
    live: Live
    actions: Actions

    async def close(self) -> None:
        """End every live stream and stop following the other components."""
        await self.live.close()
        await self.actions.transport.aclose()


def create_console(
    settings: StackSettings, *, metrics_registry: CollectorRegistry | None = None
) -> Console:
    """The console of the stack described by ``settings`` (component URLs from it)."""
    client = JsonClient(headers=settings.admin_headers())
    gateways = {name: settings.base_url(name) for name in GATEWAYS}
    feed = OpmonFeed(gateways, client)
    components = {name: settings.base_url(name) for name in SERVICES}
    control = FaultControl(components, client)
    journal = JournalFeed(list(components.values()), client, since_ms=int(time.time() * 1000))
    live = Live(
        feed,
        control,
        journal=journal,
        capacity=settings.console.recent_exchanges,
        poll_interval=settings.console.poll_interval_seconds,
        metrics=ConsoleMetrics(metrics_registry or CollectorRegistry()),
    )
    lgsp = settings.base_url("lgsp")
    seed = settings.mocks.seed
    pages = Pages(live, Views(), lgsp, seed)
    actions = Actions(live, AiohttpTransport(max_connections=4), lgsp, seed)
    app = build_app(
        live, pages, actions, lang=settings.lang, cap=settings.console.stream_max_seconds
    )
    return Console(app, live, actions)
