"""The console's pages: what each one shows, gathered from the live state and rendered."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta
from typing import Any

from simulator.console.identities import FIXED, samples
from simulator.console.live import Live
from simulator.console.trycall import REGISTRIES
from simulator.console.views import Views
from simulator.demo import DEMO_CLIENT, DEMO_SECRET
from simulator.faults_cli import format_left
from simulator.i18n import Lang
from simulator.report import render
from simulator.report.catalog import load_rows
from simulator.timeparse import VIETNAM

__all__ = ["Pages", "next_office_morning"]


def next_office_morning(now: datetime | None = None) -> datetime:
    """The coming Tuesday 09:00 in Vietnam (row 62's maintenance window opens then). Never a
    past day: the mocks date records by the simulated clock and refuse dates in its future."""
    today = (now or datetime.now(tz=VIETNAM)).astimezone(VIETNAM)
    days = (1 - today.weekday()) % 7 or 7
    return (today + timedelta(days=days)).replace(hour=9, minute=0, second=0, microsecond=0)


class Pages:
    def __init__(self, live: Live, views: Views, lgsp_url: str, seed: int) -> None:
        self.live = live
        self.views = views
        self.lgsp_url = lgsp_url
        self.seed = seed

    # -- fragments ----------------------------------------------------------------------

    def status_html(self, lang: Lang) -> str:
        status = self.live.status
        clock = status.get("clock") or {}
        if clock.get("frozen_at"):
            sim_now = datetime.fromisoformat(clock["frozen_at"])
        else:
            sim_now = datetime.fromtimestamp(time.time() + clock.get("offset_s", 0), tz=VIETNAM)
        expires = status.get("expires_at")
        left = format_left(max(0.0, expires - time.time()), lang) if expires else ""
        return self.views.render(
            "_status.html",
            lang,
            status=status,
            error=self.live.status_error,
            feed_errors=self.live.feed.errors,
            sim_now=sim_now.strftime("%Y-%m-%d %H:%M:%S"),
            ttl_left=left,
        )

    def scores_html(self, lang: Lang) -> str:
        return self.views.scores(self.live.scores, lang, self.live.since_ms)

    def _frame(
        self, template: str, lang: Lang, page: str, extra: dict[str, Any], **ctx: Any
    ) -> str:
        return self.views.render(
            template,
            lang,
            page=page,
            heading=self.views.render_text(f"nav.{page}", lang),
            status_html=self.views.markup(self.status_html(lang)),
            flash=extra.get("flash"),
            **ctx,
        )

    # -- pages --------------------------------------------------------------------------

    async def monitor(self, lang: Lang, extra: dict[str, Any]) -> str:
        await self.live.refresh()
        exchanges = self.live.book.recent()
        rows = [self.views.markup(self.views.exchange_row(x, lang)) for x in exchanges]
        return self._frame(
            "monitor.html", lang, "monitor", extra,
            exchanges=exchanges, rows=rows, registries=REGISTRIES, client=DEMO_CLIENT,
        )  # fmt: skip

    async def scenarios(self, lang: Lang, extra: dict[str, Any]) -> str:
        await self.live.refresh()
        status = self.live.status
        return self._frame(
            "scenarios.html", lang, "scenarios", extra,
            scenarios=status.get("scenarios", []),
            active_name=(status.get("active") or {}).get("name"),
            rows=load_rows(),
            office_moment=next_office_morning().isoformat(timespec="minutes"),
        )  # fmt: skip

    async def scoreboard(self, lang: Lang, extra: dict[str, Any]) -> str:
        await self.live.refresh(fresh_scores=True)
        scores = self.views.markup(self.scores_html(lang))
        return self._frame("scoreboard.html", lang, "scoreboard", extra, scores_html=scores)

    async def report(self, lang: Lang, extra: dict[str, Any]) -> str:
        return self._frame("report.html", lang, "report", extra)

    async def report_html(self, lang: Lang) -> str:
        await self.live.refresh()
        report = await asyncio.to_thread(self.live.mirror.report, self.live.since_ms)
        return await asyncio.to_thread(render, report, "html", lang)

    async def identities(self, lang: Lang, extra: dict[str, Any]) -> str:
        return self._frame(
            "identities.html", lang, "identities", extra,
            fixed=FIXED, samples=samples(8, self.seed), client=DEMO_CLIENT, secret=DEMO_SECRET,
            lgsp=self.lgsp_url,
        )  # fmt: skip

    async def exchange(self, lang: Lang, message_id: str) -> str:
        await self.live.refresh()
        hops = await asyncio.to_thread(self.live.mirror.hops, message_id)
        return self._frame("exchange.html", lang, "monitor", {}, message_id=message_id, hops=hops)
