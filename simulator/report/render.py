"""One report, four renderings: a terminal table, Markdown, JSON and a standalone HTML page."""

from __future__ import annotations

from typing import Literal

from simulator.report.model import Report
from simulator.report.render_html import render_html
from simulator.report.render_text import render_markdown, render_text

__all__ = ["FORMATS", "Format", "render"]

Format = Literal["text", "markdown", "json", "html"]
FORMATS: tuple[Format, ...] = ("text", "markdown", "json", "html")


def render(report: Report, fmt: Format) -> str:
    if fmt == "text":
        return render_text(report)
    if fmt == "markdown":
        return render_markdown(report)
    if fmt == "json":
        return report.to_json()
    return render_html(report)
