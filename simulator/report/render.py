"""One report, four renderings: a terminal table, Markdown, JSON and a standalone HTML page;
the three for people in Vietnamese (default) or English."""

from __future__ import annotations

from typing import Literal

from simulator.i18n import Lang
from simulator.report.model import Report
from simulator.report.render_html import render_html
from simulator.report.render_text import render_markdown, render_text

__all__ = ["FORMATS", "Format", "render"]

Format = Literal["text", "markdown", "json", "html"]
FORMATS: tuple[Format, ...] = ("text", "markdown", "json", "html")


def render(report: Report, fmt: Format, lang: Lang = "vi") -> str:
    if fmt == "text":
        return render_text(report, lang)
    if fmt == "markdown":
        return render_markdown(report, lang)
    if fmt == "json":
        return report.to_json()
    return render_html(report, lang)
