"""The run report of a deployment of many processes: collect (:mod:`simulator.collect`), then
build the report exactly as from one process's ledger. ``report --from`` and
``loadtest --target`` both come here; when nothing at all could be collected they say so in
one line instead of showing an empty report (a verdict beside "requests: 0" misleads).
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from simulator.control import JsonClient
from simulator.i18n import Lang, Texts
from simulator.settings import StackSettings

if TYPE_CHECKING:  # the report and the collector load when a report is asked for
    from simulator.collect import Collected
    from simulator.report import Format, Report

__all__ = ["REPORT", "NothingCollected", "collect_report", "collected_text"]

REPORT = Texts(
    {
        "help.from": (
            "lấy bản ghi opmon và nhật ký lỗi qua HTTP từ URL này (lặp lại cho mỗi thành phần: "
            "LGSP, NDXP, các CSDL giả lập)",
            "collect opmon records and fault journals over HTTP from this URL (repeat for each "
            "component: LGSP, NDXP, the registry mocks)",
        ),
        "help.collect": (
            "lấy từ mọi thành phần theo thiết lập (NDXP_UPSTREAM_URLS__*, NDXP_PORTS__*)",
            "collect from every component of the settings (NDXP_UPSTREAM_URLS__*, ...)",
        ),
        "nothing": (
            "không thu được bản ghi nào từ {urls} ({why}); không có báo cáo, không có kết luận",
            "no records could be collected from {urls} ({why}); no report, no verdict",
        ),
        "no_records": ("các gateway chưa ghi bản ghi nào", "the gateways recorded nothing"),
        "collected": (
            "đã thu {records} bản ghi opmon và {journal} mục nhật ký lỗi từ {n} địa chỉ",
            "collected {records} opmon records and {journal} fault-journal entries from {n} URLs",
        ),
    }
)


class NothingCollected(Exception):
    """Not one record came back from any URL."""

    reason = "nothing_collected"

    def __init__(self, urls: Sequence[str], why: str) -> None:
        super().__init__(why)
        self.urls = list(urls)
        self.why = why

    def text(self, lang: Lang) -> str:
        why = self.why or REPORT("no_records", lang)
        return REPORT("nothing", lang, urls=", ".join(self.urls), why=why)


async def _collect(urls: Sequence[str], settings: StackSettings, since_ms: int | None) -> Collected:
    from simulator.collect import collect

    client = JsonClient(headers=settings.admin_headers())
    try:
        return await collect(urls, client, since_s=(since_ms or 0) // 1000)
    finally:
        await client.aclose()


async def collect_report(
    urls: Sequence[str], settings: StackSettings, since_ms: int | None
) -> tuple[Report, Collected]:
    """The merged report, and what was collected from where; raises :class:`NothingCollected`.
    The caller closes the returned :class:`Collected`."""
    from simulator.report import build_report

    collected = await _collect(urls, settings, since_ms)
    if collected.records == 0:
        collected.close()
        firsts = {s.url: s.errors[0] for s in collected.sources if s.errors}
        same = len(set(firsts.values())) == 1 and len(firsts) == len(collected.sources)
        why = (
            next(iter(firsts.values()))
            if same
            else "; ".join(f"{u}: {e}" for u, e in firsts.items())
        )
        raise NothingCollected(urls, why)
    try:
        path = await asyncio.to_thread(collected.merged.flushed)
        report = await asyncio.to_thread(build_report, path, since_ms=since_ms)
    except BaseException:
        collected.close()
        raise
    report.ledger_path = " ".join(s.url for s in collected.sources)
    return report, collected


def collected_text(
    urls: Sequence[str], settings: StackSettings, since_ms: int | None, fmt: Format
) -> str:
    """``ndxp-sim report --from``: the rendered report (stderr says what was collected)."""
    from simulator.report import render

    report, collected = asyncio.run(collect_report(urls, settings, since_ms))
    collected.close()
    lang = settings.lang
    print(
        REPORT("collected", lang, records=collected.records, journal=collected.journal,
               n=len(collected.sources)),
        file=sys.stderr,
    )  # fmt: skip
    for source in collected.sources:
        for error in source.errors:
            print(f"  {source.url}: {error}", file=sys.stderr)
    return render(report, fmt, lang)
