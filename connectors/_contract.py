"""Response-contract checks: a 2xx JSON answer missing required fields is flagged, not passed
silently (Phụ lục V rows 21/45/50/64: NgayCoKetQua, NgayTraKetQua, TepKetQua missing).

Paths are dotted; ``[]`` applies the rest of the path to each item of a list:
``DanhSachHoSo[].NgayCoKetQua``. A field is missing when absent or ``null``.

Some fields are required only in some states: ``data[].NgayCoKetQua when MaTrangThai=9|10``
(a result date exists once the dossier has a result), ``CongDan[].VoChong when
TinhTrangHonNhan=2`` (a married citizen has a spouse). The condition is read on the object that
holds the field, so a dossier still in progress may lack its result date, and row 45's missing
result date on a finished dossier is still caught. ``when maHoSo=*`` holds wherever the object
has that field (one item shape of a service that answers several).

A ``?`` marks what may legitimately be empty: ``Data?.NgayHenTra`` — only when there is a
``Data`` (a "not found" answer has none); ``data[]?.x`` — only when there is a list; a leaf
``NgayCapCCCD?`` — the field must be there, but may be null (a child has no card yet): a
field that vanished from the answer is still caught.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import orjson

__all__ = ["INVALID_JSON", "NOT_JSON", "missing_in", "parse_document"]

NOT_JSON = "<not-json>"
INVALID_JSON: Any = object()  # what parse_document returns for a body that is not JSON


def parse_document(body: bytes) -> Any:
    """The answer parsed once, to be shared by the contract check and the symptom classifier;
    :data:`INVALID_JSON` when it is not JSON (an empty body included)."""
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        return INVALID_JSON


Condition = tuple[str, frozenset[str]] | None


@lru_cache(maxsize=1024)
def _parse(spec: str) -> tuple[tuple[str, ...], Condition]:
    path, _, condition = spec.partition(" when ")
    if not condition:
        return tuple(path.split(".")), None
    field, _, values = condition.partition("=")
    return tuple(path.strip().split(".")), (field.strip(), frozenset(values.strip().split("|")))


def _holds(node: dict[str, Any], condition: Condition) -> bool:
    if condition is None:
        return True
    value = node.get(condition[0])
    if "*" in condition[1]:
        return value is not None
    return str(value) in condition[1]


def _missing(node: Any, parts: tuple[str, ...], condition: Condition) -> bool:
    head, rest = parts[0], parts[1:]
    optional = head.endswith("?")
    head = head.rstrip("?")
    if head.endswith("[]"):
        key = head[:-2]
        items = node.get(key) if isinstance(node, dict) else None
        if not isinstance(items, list):
            return not (optional and isinstance(node, dict) and items is None)
        return any(_missing(item, rest, condition) for item in items)
    if not isinstance(node, dict):
        return True
    if not rest:
        if not _holds(node, condition):
            return False
        return head not in node if optional else node.get(head) is None
    if head not in node or node[head] is None:
        return not optional
    return _missing(node[head], rest, condition)


def missing_in(document: Any, required: tuple[str, ...]) -> list[str]:
    """The required paths absent or null in a parsed answer (see :func:`parse_document`)."""
    if not required:
        return []
    if document is INVALID_JSON:
        return [NOT_JSON]
    return [spec for spec in required if _missing(document, *_parse(spec))]
