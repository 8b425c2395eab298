"""The ``status_sync`` body fault (Phụ lục V rows 12/13): the registry never synchronises the
statuses a province tracks — a refused, stopped or overdue dossier is reported "đang xử lý" and
not overdue.

Hidden statuses are rewritten to ``reported_as`` (a value, or ``{code, name}`` chosen by whether
the original is a numeric code or a status name), the fields that would betray them are
dropped (``drop_fields``), and on a dossier it reports in progress the fault clears the overdue
flags (``overdue_fields``, e.g. ``QuaHan``).

What a province can see in *this* answer is part of the ground truth. The rewrite shows when
the dossier it touched carries its due date (``due_fields``) and that date has passed while
an overdue flag says "not overdue", or passed more than :data:`STALE_AFTER` ago. Otherwise the
answer is plausible until the due date comes — the change is latent, and the fault is
announced as ``status_hidden`` instead (undetectable from one answer, like ``wrong_values``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from mock_registries.clock import VIETNAM_TZ

__all__ = ["DEFAULT_DUE_FIELDS", "STALE_AFTER", "fold", "status_sync"]

STALE_AFTER = timedelta(days=30)
DEFAULT_DUE_FIELDS = ("NgayHenTra", "ngayHenTra", "PLAN_DATE", "ngayHenTraGplx")
# The date formats of the four registries' due dates: DVCQG stamps, BTP/GPLX day-and-time,
# bare days (due at the end of that day) and ISO.
_FORMATS = (
    ("%Y%m%d%H%M%S", False),
    ("%d/%m/%Y %H:%M:%S", False),
    ("%Y-%m-%dT%H:%M:%S", False),
    ("%d/%m/%Y", True),
    ("%Y-%m-%d", True),
)


def fold(text: str) -> str:
    """Lower-case ASCII letters and digits only: ``Từ chối`` → ``tuchoi``."""
    text = text.replace("đ", "d").replace("Đ", "D")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(c for c in plain.lower() if c.isalnum())


def _due(obj: dict[str, Any], names: set[str]) -> datetime | None:
    for key, value in obj.items():
        if key.lower() not in names or not isinstance(value, str):
            continue
        for fmt, day_only in _FORMATS:
            try:
                moment = datetime.strptime(value[:19], fmt)
            except ValueError:
                continue
            if day_only:
                moment = moment.replace(hour=23, minute=59, second=59)
            return moment.replace(tzinfo=VIETNAM_TZ)
    return None


def _walk(node: Any, visit: Callable[[dict[str, Any]], None]) -> None:
    if isinstance(node, dict):
        visit(node)
        for value in node.values():
            _walk(value, visit)
    elif isinstance(node, list):
        for item in node:
            _walk(item, visit)


def status_sync(body: Any, params: dict[str, Any], now: datetime | None) -> tuple[bool, bool]:
    """Rewrite ``body`` in place; (something changed, the change shows in this answer)."""
    fields = {f.lower() for f in params["fields"]}
    hidden = {fold(v) for v in params["hidden"]}
    drop = {f.lower() for f in params["drop_fields"]}
    flags = {f.lower() for f in params.get("overdue_fields", ())}
    due_names = {f.lower() for f in params.get("due_fields") or DEFAULT_DUE_FIELDS}
    reported = params["reported_as"]
    shown = {
        fold(str(v)) for v in (reported.values() if isinstance(reported, dict) else [reported])
    }
    changed = visible = False

    def replacement(value: str | int) -> Any:
        if isinstance(reported, dict):
            return reported["code"] if str(value).isdigit() else reported["name"]
        return reported

    def visit(obj: dict[str, Any]) -> None:
        nonlocal changed, visible
        touched = cleared = False
        for key in [k for k in obj if k.lower() in fields]:
            value = obj[key]
            if isinstance(value, str | int) and fold(str(value)) in hidden:
                obj[key] = replacement(value)
                touched = True
        if touched:
            for key in [k for k in obj if k.lower() in drop]:
                del obj[key]
        in_progress = any(k.lower() in fields and fold(str(v)) in shown for k, v in obj.items())
        if in_progress:
            for key in [k for k, v in obj.items() if k.lower() in flags and v is True]:
                obj[key] = False
                cleared = True
        if not (touched or cleared):
            return
        changed = True
        due = _due(obj, due_names)
        if now is not None and due is not None and due < now:
            flagged_wrong = any(k.lower() in flags and v is False for k, v in obj.items())
            visible = visible or flagged_wrong or now - due > STALE_AFTER

    _walk(body, visit)
    return changed, visible
