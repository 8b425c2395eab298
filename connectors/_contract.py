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
_KEY, _OPTIONAL_KEY, _LIST, _OPTIONAL_LIST = range(4)


class _Path:
    """One required path, compiled once: its steps (key, kind), its leaf and its condition.

    Checked on every 2xx answer of its service, so it walks with a plain loop and recurses
    only into lists (``[]``)."""

    __slots__ = ("condition", "leaf", "leaf_optional", "spec", "steps")

    def __init__(self, spec: str) -> None:
        path, _, when = spec.partition(" when ")
        parts = path.strip().split(".")
        self.spec = spec
        self.steps = tuple(_step(part) for part in parts[:-1])
        self.leaf_optional = parts[-1].endswith("?")
        self.leaf = parts[-1].rstrip("?")
        self.condition: Condition = None
        if when:
            field, _, values = when.partition("=")
            self.condition = (field.strip(), frozenset(values.strip().split("|")))

    def missing(self, node: Any, start: int = 0) -> bool:
        steps = self.steps
        for index in range(start, len(steps)):
            key, kind = steps[index]
            if type(node) is not dict:
                return True
            value = node.get(key)
            if kind >= _LIST:
                if type(value) is not list:
                    return not (kind == _OPTIONAL_LIST and value is None)
                return any(self.missing(item, index + 1) for item in value)
            if value is None:
                return kind != _OPTIONAL_KEY
            node = value
        if type(node) is not dict:
            return True
        condition = self.condition
        if condition is not None:  # _holds, inline: a conditional path is checked every call
            value = node.get(condition[0])
            if value is None if "*" in condition[1] else str(value) not in condition[1]:
                return False
        if self.leaf_optional:
            return self.leaf not in node
        return node.get(self.leaf) is None


def _step(part: str) -> tuple[str, int]:
    optional = part.endswith("?")
    part = part.rstrip("?")
    if part.endswith("[]"):
        return part[:-2], _OPTIONAL_LIST if optional else _LIST
    return part, _OPTIONAL_KEY if optional else _KEY


@lru_cache(maxsize=1024)
def _compiled(required: tuple[str, ...]) -> tuple[_Path, ...]:
    return tuple(_Path(spec) for spec in required)


def missing_in(document: Any, required: tuple[str, ...]) -> list[str]:
    """The required paths absent or null in a parsed answer (see :func:`parse_document`)."""
    if not required:
        return []
    if document is INVALID_JSON:
        return [NOT_JSON]
    return [path.spec for path in _compiled(tuple(required)) if path.missing(document)]


class ContractCheck:
    """:func:`missing_in` for one service's ``required`` paths, compiled once: a hop builds one
    per service and calls :meth:`check` on every answer's body. Plain top-level fields (no ``.``,
    no ``[]``, no ``?``, no condition) are looked up directly; the rest walk their path."""

    __slots__ = ("_checks", "_paths", "required")

    def __init__(self, required: tuple[str, ...]) -> None:
        self.required = required
        self._paths = _compiled(tuple(required))
        self._checks = tuple((path, path.leaf if _plain(path) else None) for path in self._paths)

    def check(self, body: bytes) -> tuple[list[str], Any]:
        """:func:`parse_document`, then :func:`missing_in`: (missing paths, document)."""
        try:
            document = orjson.loads(body)
        except orjson.JSONDecodeError:
            return ([NOT_JSON] if self.required else []), INVALID_JSON
        if type(document) is not dict:
            return [path.spec for path in self._paths if path.missing(document)], document
        found: list[str] = []
        for path, field in self._checks:
            if field is None:
                if path.missing(document):
                    found.append(path.spec)
            elif document.get(field) is None:
                found.append(path.spec)
        return found, document


def _plain(path: _Path) -> bool:
    return not path.steps and path.condition is None and not path.leaf_optional
