"""Dossier statuses a registry never synchronised (Phụ lục V rows 12/13), as one answer shows
them: a dossier reported in progress although its due date has passed and its own overdue flag
says "not overdue", or still in progress long after its due date.

Each registry spells status and dates its own way, and all of them mean Vietnam time:

    DVCQG (ĐKDN, GPLX)  TrangThaiHoSo / MaTrangThai "4" or "Đang xử lý"; NgayHenTra
                        ``yyyyMMddHHmmss`` (ĐKDN) or ``dd/MM/yyyy HH:mm:ss`` (GPLX); QuaHan
    ĐKDN lists          PROCESS_STATUS "Đang xử lý", PLAN_DATE ``dd/MM/yyyy HH:mm:ss``
    BTP (hộ tịch)       trangThai "1"/"3" (chờ xử lý, đang xử lý); ngayHenTra; QuaHan
    any                 a due day without a time (``dd/MM/yyyy``, ``yyyy-MM-dd``) ends at 23:59:59

"Now" is the registry's own clock: the ``Date`` header of its answer (a simulated registry
sends its simulated time there, a real one its real time), else this host's clock.
"""

from __future__ import annotations

import time
import unicodedata
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any

__all__ = ["DUE_KEY_SET", "STALE_AFTER_SECONDS", "VIETNAM", "answer_time", "parse_due", "stale"]

VIETNAM = timezone(timedelta(hours=7), name="Asia/Ho_Chi_Minh")
# A dossier reported "in progress" this long after its due date is taken as a status that was
# never synchronised back (a real dossier is finished, paused or rejected by then).
STALE_AFTER_SECONDS = 30 * 86_400

_CODE_KEYS = {"TrangThaiHoSo": frozenset({"4"}), "MaTrangThai": frozenset({"4"})}
_BTP_KEYS = {"trangThai": frozenset({"1", "3"})}
_NAME_KEYS = frozenset({"PROCESS_STATUS", "TenTrangThaiHoSo", "TrangThai", "tenTrangThai"})
_IN_PROGRESS_WORDS = ("dangxuly", "choxuly")
# The keys of a due date: a dossier names one of them (or it cannot be judged stale).
_DUE_KEYS = ("NgayHenTra", "ngayHenTra", "PLAN_DATE", "ngayHenTraGplx")  # in order of preference
DUE_KEY_SET = frozenset(_DUE_KEYS)  # a set is looked up faster than a tuple is walked
_OVERDUE_FLAGS = ("QuaHan", "quaHan")
_CONTAINERS = frozenset({dict, list})
_FORMATS = (
    ("%Y%m%d%H%M%S", 14, False),
    ("%d/%m/%Y %H:%M:%S", 19, False),
    ("%Y-%m-%dT%H:%M:%S", 19, False),
    ("%Y-%m-%d %H:%M:%S", 19, False),
    ("%d/%m/%Y", 10, True),
    ("%Y-%m-%d", 10, True),
)


def _fold(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(c for c in plain.lower() if c.isalnum())


def parse_due(value: Any) -> float | None:
    """A due date of any of the registries' formats, as POSIX seconds (Vietnam time)."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    for fmt, size, day_only in _FORMATS:
        if len(text) < size:
            continue
        try:
            moment = datetime.strptime(text[:size], fmt)
        except ValueError:
            continue
        if day_only:
            moment = moment.replace(hour=23, minute=59, second=59)
        return moment.replace(tzinfo=VIETNAM).timestamp()
    return None


def answer_time(date_header: bytes | None) -> float:
    """The registry's clock from its ``Date`` header, else this host's."""
    if date_header:
        try:
            return parsedate_to_datetime(date_header.decode("latin-1")).timestamp()
        except (TypeError, ValueError):
            pass
    return time.time()


def _in_progress(node: dict[str, Any]) -> bool:
    for key, codes in (*_CODE_KEYS.items(), *_BTP_KEYS.items()):
        value = node.get(key)
        if value is not None and str(value) in codes:
            return True
    for key in _NAME_KEYS:
        value = node.get(key)
        if isinstance(value, str) and any(w in _fold(value) for w in _IN_PROGRESS_WORDS):
            return True
    return False


def _candidate(node: dict[str, Any]) -> tuple[float, bool] | None:
    """(due, flagged not overdue) of a dossier reported in progress with a due date."""
    if not _in_progress(node):
        return None
    due = next(parse_due(node[key]) for key in _DUE_KEYS if key in node)
    if due is None:
        return None
    return due, any(node.get(flag) is False for flag in _OVERDUE_FLAGS)


def _collect(node: Any, into: list[tuple[float, bool]]) -> None:
    if type(node) is list:
        for item in node:
            if type(item) in _CONTAINERS:
                _collect(item, into)
        return
    if not DUE_KEY_SET.isdisjoint(node):  # rarely: most objects name no due date
        found = _candidate(node)
        if found is not None:
            into.append(found)
    for value in node.values():
        if type(value) in _CONTAINERS:
            _collect(value, into)


def stale(document: Any, date_header: bytes | None, *, flat: bool = False) -> bool:
    """Whether any dossier in the answer shows a status that was never synchronised, judged on
    the answering system's clock (its ``Date`` header; this host's clock without one), which
    is read only when a dossier in progress has a due date. ``flat``: the caller has seen
    that no value of the object ``document`` is a list or an object."""
    kind = type(document)
    if kind is dict:
        # The common answer: a flat object naming no due date has nothing to walk.
        # (Type by type in C: a generator over the values costs several times more.)
        if DUE_KEY_SET.isdisjoint(document) and (
            flat or _CONTAINERS.isdisjoint(map(type, document.values()))
        ):
            return False
    elif kind is not list:
        return False
    candidates: list[tuple[float, bool]] = []
    _collect(document, candidates)
    if not candidates:
        return False
    now = answer_time(date_header)
    return any(
        now > due and (flagged or now - due > STALE_AFTER_SECONDS) for due, flagged in candidates
    )
