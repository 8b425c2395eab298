"""Why a stack could not start, or stopped serving — one small tree, each with a stable
``reason`` code (what the CLI's one-line message and the stack's health name):

    StackFailure                      (Exception)
     ├── PortUnavailable       port_unavailable     a component's port is taken (also OSError)
     ├── CatalogUnreadable     catalog_unreadable   the gateways' catalog cannot be read
     └── ComponentFailed       component_failed     a component stopped: at start-up or later
          └── LoopFailed       loop_failed          the registries' own event loop broke

Each says itself in one line of the user's language (:meth:`StackFailure.message`), which the
CLI prints (exit code 2 at start-up). A failure's text names the component and the cause as
the server or the file gave it, never a request's content: a start-up has none, and a later
failure is told by its exception's type only.
"""

from __future__ import annotations

from pathlib import Path

from simulator.cli_text import CLI
from simulator.i18n import Lang

__all__ = [
    "CatalogUnreadable",
    "ComponentFailed",
    "LoopFailed",
    "PortUnavailable",
    "StackFailure",
]


class StackFailure(Exception):
    reason = "stack_failure"

    def message(self, lang: Lang) -> str:
        """One line for the CLI, in ``lang``."""
        return str(self)


class PortUnavailable(StackFailure, OSError):
    """A component's port is taken (or not ours to bind); names the setting that moves it."""

    reason = "port_unavailable"

    def __init__(self, component: str, host: str, port: int, why: str) -> None:
        self.component = component
        self.host = host
        self.port = port
        self.why = why
        self.variable = f"NDXP_PORTS__{component.upper()}"
        super().__init__(
            f"{component}: không mở được cổng {host}:{port} ({why}); "
            f"chọn cổng khác, ví dụ {self.variable}={port + 1000}"
        )

    def message(self, lang: Lang) -> str:
        return CLI(
            "error.port", lang, component=self.component, host=self.host, port=self.port,
            why=self.why, variable=self.variable, suggestion=self.port + 1000,
        )  # fmt: skip


class CatalogUnreadable(StackFailure):
    """The catalog file of the gateways is missing, not YAML, or not a valid catalog."""

    reason = "catalog_unreadable"

    def __init__(self, path: Path, why: str) -> None:
        self.path = path
        self.why = why
        super().__init__(f"không đọc được danh mục {path}: {why}")

    def message(self, lang: Lang) -> str:
        return CLI("error.catalog", lang, path=self.path, why=self.why)


class ComponentFailed(StackFailure):
    """Component ``component`` did not come up (``during_startup``) or stopped by itself."""

    reason = "component_failed"

    def __init__(self, component: str, why: str, *, during_startup: bool = True) -> None:
        self.component = component
        self.why = why
        self.during_startup = during_startup
        self.details: list[str] = []  # what the server logged meanwhile (for debugging)
        when = "không khởi động được" if during_startup else "đã dừng bất ngờ"
        super().__init__(f"{component}: {when} ({why})")

    def message(self, lang: Lang) -> str:
        key = "error.startup" if self.during_startup else "error.stopped"
        return CLI(key, lang, component=self.component, why=self.why)


class LoopFailed(ComponentFailed):
    """The event loop serving the registry mocks ended with an error (``why`` is its type)."""

    reason = "loop_failed"
