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

__all__ = ["STALE_AFTER_SECONDS", "VIETNAM", "answer_time", "parse_due", "stale"]

VIETNAM = timezone(timedelta(hours=7), name="Asia/Ho_Chi_Minh")
# A dossier reported "in progress" this long after its due date is taken as a status that was
# never synchronised back (a real dossier is finished, paused or rejected by then).
STALE_AFTER_SECONDS = 30 * 86_400

_CODE_KEYS = {"TrangThaiHoSo": frozenset({"4"}), "MaTrangThai": frozenset({"4"})}
_BTP_KEYS = {"trangThai": frozenset({"1", "3"})}
_NAME_KEYS = frozenset({"PROCESS_STATUS", "TenTrangThaiHoSo", "TrangThai", "tenTrangThai"})
_IN_PROGRESS_WORDS = ("dangxuly", "choxuly")
_DUE_KEYS = ("NgayHenTra", "ngayHenTra", "PLAN_DATE", "ngayHenTraGplx", "HanXuLy")
_OVERDUE_FLAGS = ("QuaHan", "quaHan")
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


class _Now:
    """The answer's "now", read from its Date header only if a dossier needs it (parsing an
    HTTP date costs more than classifying most answers)."""

    __slots__ = ("_date", "_value")

    def __init__(self, date_header: bytes | None) -> None:
        self._date = date_header
        self._value: float | None = None

    def __call__(self) -> float:
        if self._value is None:
            self._value = answer_time(self._date)
        return self._value


def _stale_here(node: dict[str, Any], now: _Now) -> bool:
    for key in _DUE_KEYS:
        if key in node:
            break
    else:
        return False  # the common case: no due date here
    if not _in_progress(node):
        return False
    due = parse_due(node[key])
    if due is None:
        return False
    late = now() - due
    if late <= 0:
        return False
    flagged_not_overdue = any(node.get(flag) is False for flag in _OVERDUE_FLAGS)
    return flagged_not_overdue or late > STALE_AFTER_SECONDS


def _walk(node: Any, now: _Now) -> bool:
    if isinstance(node, list):
        for item in node:
            if isinstance(item, dict | list) and _walk(item, now):
                return True
        return False
    if not isinstance(node, dict):
        return False
    if _stale_here(node, now):
        return True
    for value in node.values():
        if isinstance(value, dict | list) and _walk(value, now):
            return True
    return False


def stale(document: Any, date_header: bytes | None) -> bool:
    """Whether any dossier in the answer shows a status that was never synchronised, judged on
    the answering system's clock (its ``Date`` header; this host's clock without one)."""
    return _walk(document, _Now(date_header))
