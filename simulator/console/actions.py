"""What the console's buttons do: enable/disable a scenario, move the clock, try a call, and
start counting again. Each answers an :class:`Outcome` with a message in the page's language;
the live stream then shows the effect."""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from connectors import Transport
from simulator.console.live import Live
from simulator.console.text import TEXT
from simulator.console.trycall import REGISTRIES, try_call
from simulator.control import ControlError
from simulator.faults_cli import format_left
from simulator.i18n import Lang
from simulator.timeparse import parse_duration, parse_moment

__all__ = ["Actions", "Outcome"]


@dataclass(frozen=True, slots=True)
class Outcome:
    ok: bool
    message: str
    data: dict[str, Any] = field(default_factory=dict)
    status: int = 200  # of the console's own answer: 4xx for bad input, never for a failed call

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "message": self.message, **self.data}


Handler = Callable[[Mapping[str, str], Lang], Awaitable[Outcome]]


class Actions:
    def __init__(self, live: Live, transport: Transport, lgsp_url: str, seed: int) -> None:
        self.live = live
        self.transport = transport
        self.lgsp_url = lgsp_url
        self.seed = seed
        self._handlers: dict[str, Handler] = {
            "enable": self.enable,
            "disable": self.disable,
            "clock": self.clock,
            "try": self.try_,
            "restart": self.restart,
        }

    async def run(self, name: str, form: Mapping[str, str], lang: Lang) -> Outcome:
        handler = self._handlers.get(name)
        if handler is None:
            return Outcome(False, TEXT("action.unknown", lang), status=404)
        try:
            outcome = await handler(form, lang)
        except ControlError as exc:
            message = TEXT("scen.refused", lang, code=exc.reason, message=exc.message)
            outcome = Outcome(False, message, {"MaLoi": exc.reason}, exc.status or 502)
        self.live.metrics.actions.labels(name, "ok" if outcome.ok else "failed").inc()
        self.live.poke()
        return outcome

    async def enable(self, form: Mapping[str, str], lang: Lang) -> Outcome:
        name = form.get("scenario", "")
        ttl_text = form.get("ttl", "").strip()
        try:
            ttl = parse_duration(ttl_text) if ttl_text else None
        except argparse.ArgumentTypeError as exc:
            return Outcome(False, TEXT("scen.bad_ttl", lang, why=exc), status=400)
        status = await self.live.control.enable(name, ttl)
        message = TEXT("scen.enabled", lang, name=name)
        left = (status.get("active") or {}).get("expires_in_s")
        if left is not None:
            message += f" {TEXT('status.ttl', lang)} {format_left(left, lang)}."
        return Outcome(True, message, {"scenario": name, "ttl": ttl})

    async def disable(self, form: Mapping[str, str], lang: Lang) -> Outcome:
        await self.live.control.disable()
        return Outcome(True, TEXT("scen.disabled", lang))

    async def clock(self, form: Mapping[str, str], lang: Lang) -> Outcome:
        action = form.get("action", "")
        value = form.get("value", "").strip()
        try:
            seconds = parse_duration(value) if action == "advance" else 0.0
            at = parse_moment(value) if action == "set" else None
        except argparse.ArgumentTypeError as exc:
            return Outcome(False, TEXT("clock.bad", lang, why=exc), status=400)
        move = await self.live.control.move_clock(action, seconds=seconds, at=at)
        shown = datetime.fromisoformat(move.now).strftime("%d/%m/%Y %H:%M:%S (%z)")
        parts = [TEXT("clock.moved", lang, now=shown)]
        if move.scenario is not None and move.kept_seconds:
            left = format_left(move.kept_seconds, lang)
            parts.append(TEXT("clock.kept", lang, name=move.scenario, left=left))
        parts += [TEXT(key, lang) for key in move.warnings]
        if move.disagreements:
            parts.append(TEXT("clock.disagree", lang, what=", ".join(move.disagreements)))
        return Outcome(True, " ".join(parts), move.as_dict())

    async def try_(self, form: Mapping[str, str], lang: Lang) -> Outcome:
        registry = form.get("registry", "")
        if registry not in REGISTRIES:
            message = TEXT("try.unknown", lang, registries=", ".join(REGISTRIES))
            return Outcome(False, message, status=400)
        result = await try_call(self.transport, self.lgsp_url, registry, self.seed)
        if result.status is None:
            message = TEXT("try.failed", lang, why=result.error)
        else:
            message = TEXT("try.result", lang, status=result.status, ms=result.elapsed_ms)
        ok = result.status is not None and result.status < 400
        return Outcome(ok, message, result.as_dict())

    async def restart(self, form: Mapping[str, str], lang: Lang) -> Outcome:
        self.live.restart_count()
        return Outcome(True, TEXT("score.reset", lang))
