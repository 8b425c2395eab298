"""Response-contract checks: a 2xx JSON answer missing required fields is flagged, not passed
silently (Phụ lục V rows 21/45/50/64: NgayCoKetQua, NgayTraKetQua, TepKetQua missing).

Paths are dotted; ``[]`` applies the rest of the path to each item of a list:
``DanhSachHoSo[].NgayCoKetQua``. A field is missing when absent or ``null``.

Some fields are required only in some states: ``data[].NgayCoKetQua when MaTrangThai=9|10``
(a result date exists once the dossier has a result), ``CongDan[].VoChong when
TinhTrangHonNhan=2`` (a married citizen has a spouse). The condition is read on the object that
holds the field, so a dossier still in progress may lack its result date, and row 45's missing
result date on a finished dossier is still caught.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import orjson

__all__ = ["INVALID_JSON", "NOT_JSON", "ContractCheck", "missing_in", "parse_document"]

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


def _missing(node: Any, parts: tuple[str, ...], condition: Condition) -> bool:
    head, rest = parts[0], parts[1:]
    if head.endswith("[]"):
        key = head[:-2]
        items = node.get(key) if isinstance(node, dict) else None
        if not isinstance(items, list):
            return True
        return any(_missing(item, rest, condition) for item in items)
    if not isinstance(node, dict):
        return True
    if not rest:
        if condition is not None and str(node.get(condition[0])) not in condition[1]:
            return False
        return node.get(head) is None
    if head not in node:
        return True
    return _missing(node[head], rest, condition)


def missing_in(document: Any, required: tuple[str, ...]) -> list[str]:
    """The required paths absent or null in a parsed answer (see :func:`parse_document`)."""
    if not required:
        return []
    if document is INVALID_JSON:
        return [NOT_JSON]
    return [spec for spec in required if _missing(document, *_parse(spec))]


class ContractCheck:
    """:func:`missing_in` for one service's ``required`` paths, parsed once: a hop builds one
    per service and calls :meth:`missing` on every answer. Plain top-level fields (no ``.``,
    no ``[]``) are looked up directly; the rest walk the document as :func:`missing_in` does."""

    __slots__ = ("_checks", "required")

    def __init__(self, required: tuple[str, ...]) -> None:
        self.required = required
        self._checks = tuple(
            (spec, None if len(parts) > 1 or parts[0].endswith("[]") else parts[0], parts, cond)
            for spec in required
            for parts, cond in (_parse(spec),)
        )

    def missing(self, document: Any) -> list[str]:
        if document is INVALID_JSON:
            return [NOT_JSON] if self.required else []
        if type(document) is not dict:
            return [
                spec for spec, _, parts, cond in self._checks if _missing(document, parts, cond)
            ]
        found: list[str] = []
        for spec, field, parts, cond in self._checks:
            if field is None or cond is not None:
                if _missing(document, parts, cond):
                    found.append(spec)
            elif document.get(field) is None:
                found.append(spec)
        return found
