"""Server-side rendering of the console: Jinja templates shipped in the package, one language
per request, and the HTML fragments the live stream sends (rendered by the same templates)."""

from __future__ import annotations

from datetime import datetime
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from simulator.console.exchanges import Exchange
from simulator.console.scoreboard import ScoreRow
from simulator.console.text import TEXT, hop_name
from simulator.i18n import Lang
from simulator.timeparse import VIETNAM

__all__ = ["Views"]

_SYMPTOMS_VI = {
    "ok": "bình thường",
    "slow": "chậm",
    "timeout": "quá thời gian",
    "maintenance": "bảo trì",
    "http_5xx": "lỗi 5xx",
    "http_4xx": "lỗi 4xx",
    "http_429": "quá hạn mức (429)",
    "connection_reset": "mất kết nối",
    "connect_error": "không kết nối được",
    "bad_response": "trả lời hỏng",
    "not_implemented": "chưa có API",
    "empty_data": "không có dữ liệu",
    "missing_fields": "thiếu trường",
    "stale_status": "trạng thái chưa đồng bộ",
    "rejected": "bị gateway từ chối",
    "overloaded": "quá tải",
    "gateway_error": "gateway từ chối yêu cầu",
    "cancelled": "bị huỷ trước khi trả lời",
}


def _clock(ms: int | None) -> str:
    if ms is None:
        return "-"
    return datetime.fromtimestamp(ms / 1000, tz=VIETNAM).strftime("%H:%M:%S.%f")[:-3]


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}".replace(",", " ")


def _symptom(value: str | None, lang: Lang) -> str:
    if not value:
        return "-"
    return value if lang == "en" else _SYMPTOMS_VI.get(value, value)


def _counts(counts: dict[str, int], lang: Lang, *, hops: bool = False) -> str:
    named = (hop_name(k, lang) if hops else _symptom(k, lang) for k in counts)
    return ", ".join(f"{name} ×{n}" for name, n in zip(named, counts.values(), strict=True)) or "-"


class Views:
    def __init__(self) -> None:
        folder = resources.files("simulator.console").joinpath("templates")
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(folder)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(clock=_clock, ms=_ms)

    def render(self, template: str, lang: Lang, **context: Any) -> str:
        page = self.env.get_template(template)
        return page.render(
            t=TEXT.bound(lang),
            lang=lang,
            other_lang="en" if lang == "vi" else "vi",
            hop=lambda name: hop_name(name, lang),
            symptom=lambda value: _symptom(value, lang),
            counts=lambda counts, hops=False: _counts(counts, lang, hops=hops),
            **context,
        )

    def exchange_row(self, exchange: Exchange, lang: Lang) -> str:
        return self.render("_exchange_row.html", lang, x=exchange.summary())

    def status_bar(self, status: dict[str, Any], error: str | None, lang: Lang) -> str:
        return self.render("_status.html", lang, status=status, error=error)

    def scores(self, rows: list[ScoreRow], lang: Lang, since_ms: int) -> str:
        return self.render("_scoreboard.html", lang, rows=rows, since=_clock(since_ms))

    @staticmethod
    def render_text(key: str, lang: Lang) -> str:
        return TEXT(key, lang)

    @staticmethod
    def markup(html: str) -> Markup:
        return Markup(html)  # noqa: S704 - our own rendered fragments
