"""Response-contract checks: a 2xx JSON answer missing required fields is flagged, not passed
silently (Phụ lục V rows 21/45/50/64: NgayCoKetQua, NgayTraKetQua, TepKetQua missing).

Paths are dotted; ``[]`` applies the rest of the path to each item of a list:
``DanhSachHoSo[].NgayCoKetQua``. A field is missing when absent or ``null``.
"""

from __future__ import annotations

from typing import Any

import orjson

__all__ = ["NOT_JSON", "missing_fields"]

NOT_JSON = "<not-json>"


def _missing(node: Any, parts: list[str], path: str) -> bool:
    if not parts:
        return node is None
    head, rest = parts[0], parts[1:]
    if head.endswith("[]"):
        key = head[:-2]
        items = node.get(key) if isinstance(node, dict) else None
        if not isinstance(items, list):
            return True
        return any(_missing(item, rest, path) for item in items)
    if not isinstance(node, dict) or head not in node:
        return True
    return _missing(node[head], rest, path)


def missing_fields(body: bytes, required: tuple[str, ...]) -> list[str]:
    """The required paths absent or null in ``body``; ``[NOT_JSON]`` when it is not JSON."""
    if not required:
        return []
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError:
        return [NOT_JSON]
    return [path for path in required if _missing(document, path.split("."), path)]
