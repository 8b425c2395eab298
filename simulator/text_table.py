"""A plain-text table for terminals: columns as wide as their widest cell, two spaces apart, a
rule of dashes under the head. The report's text rendering and ``ndxp-sim faults show`` use it."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["text_table"]


def text_table(head: Sequence[str], rows: Sequence[Sequence[str]], *, indent: str = "") -> str:
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(head)
    ]

    def line(cells: Sequence[str]) -> str:
        return indent + "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(head), indent + "  ".join("-" * w for w in widths), *map(line, rows)])
