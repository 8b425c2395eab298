"""The one way the CLI reads a moment and a duration, whatever option takes it.

Moments (``report --since``, ``ledger export --from/--to``, ``faults clock set``):

- ISO 8601: ``2024-06-04T09:00:00+07:00``, ``2024-06-04 09:00`` or ``2024-06-04`` (no zone means
  Asia/Ho_Chi_Minh, the zone every registry answers in);
- Unix time in seconds (``1717466400``) or milliseconds (``1717466400000``: told apart by size,
  anything above 10^11 is milliseconds);
- ``now``, or how long ago: ``15m``, ``2h``, ``1h30m`` (a duration with a unit).

Durations (``--ttl``, ``faults clock advance``, ``loadtest --duration``): ``90s``, ``2m``,
``1h30m``, ``1d``, or plain seconds (``45``, ``0.5``).
"""

from __future__ import annotations

import argparse
import re
import time
from datetime import datetime, timedelta, timezone

__all__ = ["VIETNAM", "moment_arg", "parse_duration", "parse_moment"]

VIETNAM = timezone(timedelta(hours=7), name="Asia/Ho_Chi_Minh")
_PART = re.compile(r"(\d+(?:\.\d+)?)([dhms]?)")
_UNIT = {"d": 86_400, "h": 3600, "m": 60, "s": 1, "": 1}
_MS_ABOVE = 10**11
_LONGEST = 100 * 366 * 86_400.0  # a century: beyond it a duration is a typo (and overflows)


def parse_duration(text: str) -> float:
    """``"2m"`` → 120.0; ``"1h30m"``, ``"90s"``, ``"45"`` (seconds). Must be > 0 and at most a
    century."""
    clean = text.strip().lower()
    pos, total = 0, 0.0
    for match in _PART.finditer(clean):
        if match.start() != pos:
            break
        if not match.group(2) and match.end() != len(clean):
            break  # a bare number is only allowed alone: "1h30" is ambiguous
        total += float(match.group(1)) * _UNIT[match.group(2)]
        pos = match.end()
    if pos != len(clean) or not clean or not 0 < total <= _LONGEST:
        raise argparse.ArgumentTypeError(
            f"khoảng thời gian không hợp lệ {text!r}: dùng ví dụ 90s, 2m, 1h30m "
            f"(bad duration: use e.g. 90s, 2m, 1h30m)"
        )
    return total


def parse_moment(text: str, *, now: float | None = None) -> datetime:
    """A timezone-aware moment from what people type (see the module docstring)."""
    try:
        return _moment(text.strip(), time.time() if now is None else now)
    except (ValueError, OverflowError, OSError):  # no such day, or beyond the calendar
        raise argparse.ArgumentTypeError(
            f"thời điểm không hợp lệ {text!r}: dùng ISO 8601 (2024-06-04T09:00:00+07:00), giây "
            f"Unix hoặc khoảng lùi như 15m (bad moment: ISO 8601, Unix seconds or e.g. 15m ago)"
        ) from None


def _moment(clean: str, current: float) -> datetime:
    if clean.lower() == "now":
        return datetime.fromtimestamp(current, tz=VIETNAM)
    if re.fullmatch(r"\d+(\.\d+)?", clean):
        value = float(clean)
        return datetime.fromtimestamp(value / 1000 if value > _MS_ABOVE else value, tz=VIETNAM)
    if re.fullmatch(r"(\d+(\.\d+)?[dhms])+", clean.lower()):
        return datetime.fromtimestamp(current - parse_duration(clean), tz=VIETNAM)
    moment = datetime.fromisoformat(clean)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=VIETNAM)


def moment_arg(text: str) -> datetime:
    """``type=`` for argparse options that take a moment."""
    return parse_moment(text)
