"""The console's FastAPI app: pages, actions, the JSON API and the live stream.

    GET  /  /scenarios  /scoreboard  /report  /identities  /exchanges/{X-Road-Id}   pages
    GET  /report.html                       the run report (standalone HTML, with plots)
    POST /actions/enable|disable|clock|try|restart   forms; JSON when asked for it
    GET  /api/status  /api/exchanges  /api/exchanges/{id}  /api/scoreboard        JSON
    GET  /api/stream                        Server-Sent Events: exchange, status, scoreboard
    GET  /healthz  /metrics

Every page works without JavaScript (forms post and redirect back); the script adds the live
stream and sends forms with ``fetch``. The language is ``?lang=vi|en``, kept in a cookie.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any
from urllib.parse import parse_qsl, quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sse_starlette import EventSourceResponse, ServerSentEvent

from simulator.console.actions import Actions, Outcome
from simulator.console.live import Live, Update
from simulator.console.pages import Pages
from simulator.i18n import Lang, pick_lang

__all__ = ["build_app"]

_COOKIE = "ndxp_lang"
_RETRY_MS = 1500


def _lang(request: Request, default: Lang) -> Lang:
    return pick_lang(
        request.query_params.get("lang"), pick_lang(request.cookies.get(_COOKIE), default)
    )


def _page(html: str, request: Request) -> HTMLResponse:
    response = HTMLResponse(html, headers={"cache-control": "no-store"})
    chosen = request.query_params.get("lang")
    if chosen in ("vi", "en"):
        response.set_cookie(_COOKIE, chosen, max_age=365 * 86400, samesite="lax")
    return response


async def _form(request: Request) -> dict[str, str]:
    return dict(parse_qsl((await request.body()).decode("utf-8", "replace")))


def _answer(request: Request, outcome: Outcome, back: str) -> Response:
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse(outcome.as_dict(), status_code=outcome.status)
    return RedirectResponse(f"{back}?msg={quote(outcome.message)}", status_code=303)


def _stream(live: Live, pages: Pages, lang: Lang, cap: float) -> AsyncIterator[ServerSentEvent]:
    async def events() -> AsyncIterator[ServerSentEvent]:
        queue = live.subscribe()
        try:
            yield ServerSentEvent(data=pages.status_html(lang), event="status", retry=_RETRY_MS)
            loop = asyncio.get_running_loop()
            deadline = loop.time() + cap
            while not live.closed:
                try:
                    update = await asyncio.wait_for(queue.get(), deadline - loop.time())
                except TimeoutError:
                    return  # capped: the browser reconnects and gets a fresh snapshot
                if update is None:
                    return
                for event, data in _events(pages, update, lang):
                    yield ServerSentEvent(data=data, event=event)
        finally:
            live.unsubscribe(queue)

    return events()


def _events(pages: Pages, update: Update, lang: Lang) -> list[tuple[str, str]]:
    out = [("exchange", pages.views.exchange_row(x, lang)) for x in update.exchanges]
    if update.status is not None:
        out.append(("status", pages.status_html(lang)))
    if update.scores is not None:
        out.append(("scoreboard", pages.scores_html(lang)))
    return out


def _routes_pages(app: FastAPI, pages: Pages, default: Lang) -> None:
    def page(render: Callable[[Lang, dict[str, Any]], Awaitable[str]], path: str) -> None:
        async def handler(request: Request) -> HTMLResponse:
            lang = _lang(request, default)
            extra = {"flash": request.query_params.get("msg")}
            return _page(await render(lang, extra), request)

        app.add_api_route(path, handler, methods=["GET"], response_class=HTMLResponse)

    page(pages.monitor, "/")
    page(pages.scenarios, "/scenarios")
    page(pages.scoreboard, "/scoreboard")
    page(pages.report, "/report")
    page(pages.identities, "/identities")

    @app.get("/exchanges/{message_id:path}", response_class=HTMLResponse)
    async def exchange(request: Request, message_id: str) -> HTMLResponse:
        return _page(await pages.exchange(_lang(request, default), message_id), request)

    @app.get("/report.html", response_class=HTMLResponse)
    async def report_html(request: Request) -> HTMLResponse:
        return HTMLResponse(await pages.report_html(_lang(request, default)))


def _routes_actions(app: FastAPI, actions: Actions, default: Lang) -> None:
    @app.post("/actions/{name}")
    async def act(request: Request, name: str) -> Response:
        lang = _lang(request, default)
        form = await _form(request)
        outcome = await actions.run(name, form, lang)
        back = {"try": "/", "restart": "/scoreboard"}.get(name, "/scenarios")
        return _answer(request, outcome, back)


def _routes_api(app: FastAPI, live: Live, pages: Pages, default: Lang, cap: float) -> None:
    @app.get("/api/status")
    async def status() -> dict[str, Any]:
        await live.refresh()
        return {"status": live.status, "error": live.status_error, "feed": live.feed.errors}

    @app.get("/api/exchanges")
    async def exchanges() -> dict[str, Any]:
        await live.refresh()
        return {"exchanges": [x.summary() for x in live.book.recent()]}

    @app.get("/api/exchanges/{message_id:path}")
    async def one(message_id: str) -> Response:
        hops = await asyncio.to_thread(live.mirror.hops, message_id)
        if not hops:
            return JSONResponse({"MaLoi": "NOT_FOUND", "MoTaLoi": message_id}, status_code=404)
        return JSONResponse({"messageId": message_id, "hops": hops})

    @app.get("/api/scoreboard")
    async def scores() -> dict[str, Any]:
        await live.refresh(fresh_scores=True)
        return {"sinceMs": live.since_ms, "rows": [r.as_dict() for r in live.scores]}

    @app.get("/api/stream")
    async def stream(request: Request) -> EventSourceResponse:
        lang = _lang(request, default)
        return EventSourceResponse(_stream(live, pages, lang, cap), ping=10, send_timeout=10)

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/metrics")
    async def metrics() -> Response:
        body = generate_latest(live.metrics.registry)
        return Response(body, media_type=CONTENT_TYPE_LATEST)


def build_app(live: Live, pages: Pages, actions: Actions, *, lang: Lang, cap: float) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        await live.close()

    app = FastAPI(title="ndxp-sim console", docs_url=None, redoc_url=None, lifespan=lifespan)
    static = resources.files("simulator.console").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    _routes_pages(app, pages, lang)
    _routes_actions(app, actions, lang)
    _routes_api(app, live, pages, lang, cap)
    return app
