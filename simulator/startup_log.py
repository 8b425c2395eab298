"""uvicorn's log while a stack starts, held back: a component whose start-up fails makes uvicorn
log the cause (often a whole traceback, as Starlette passes it on) and then exit. The stack
turns that exit into one :class:`~simulator.failures.ComponentFailed` naming the component and
the cause's last line, so the CLI can say it in one sentence; the held records stay on the
exception (``details``) for whoever debugs. A start-up that succeeds lets them all through.

    held = HeldLog.install(logging.getLogger("uvicorn.error"))
    try:
        ...start the servers...
    except BaseException:
        held.remove()     # the failure names the cause
        raise
    held.release()        # nothing failed: log what was held, in order
"""

from __future__ import annotations

import logging

__all__ = ["HeldLog"]

# What uvicorn says after the cause itself; not a cause.
_GENERIC = ("Application startup failed", "Exception in 'lifespan' protocol")


class HeldLog(logging.Filter):
    """A filter on ``logger`` that keeps its records instead of passing them on."""

    def __init__(self, logger: logging.Logger) -> None:
        super().__init__()
        self.logger = logger
        self.records: list[logging.LogRecord] = []

    @classmethod
    def install(cls, logger: logging.Logger) -> HeldLog:
        held = cls(logger)
        logger.addFilter(held)
        return held

    def filter(self, record: logging.LogRecord) -> bool:
        self.records.append(record)
        return False

    def remove(self) -> None:
        self.logger.removeFilter(self)

    def release(self) -> None:
        self.remove()
        for record in self.records:
            if self.logger.isEnabledFor(record.levelno):
                self.logger.handle(record)
        self.records.clear()

    def cause(self) -> str | None:
        """The first error's exception, or the last line of the first error that is not one of
        uvicorn's own summaries."""
        for record in self.records:
            if record.levelno < logging.ERROR:
                continue
            if record.exc_info and record.exc_info[1] is not None:
                return self.text(record).splitlines()[-1]
            lines = [line.strip() for line in record.getMessage().splitlines() if line.strip()]
            if lines and not lines[0].startswith(_GENERIC):
                return lines[-1]
        return None

    def details(self) -> list[str]:
        return [self.text(record) for record in self.records if record.levelno >= logging.ERROR]

    @staticmethod
    def text(record: logging.LogRecord) -> str:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            text += f"\n{type(exc).__name__}: {exc}"
        return text
