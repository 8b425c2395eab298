"""Civil-status events registered during a run, and when each registry learns of them.

The generated world already holds every birth, marriage and death of its timeline; this module
keeps the events a client registers through hộ tịch (the only state the world stores; the
registrar bounds it by ``max_stored_dossiers``). Each event carries its hộ tịch registration
moment; the moments the other registries see it are derived from the *current* ``Delays`` on
every read, so a fault that stretches a delay also holds back events already registered, as a
lagging sync would.

Thread safety: a registration validates, numbers and stores under one re-entrant lock (views on
FastAPI may call from the thread pool); reads see either the old or the new dict entry (CPython
dict operations are atomic), which is enough for one asyncio process.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from mock_registries.data.admin_units import Address
from mock_registries.data.identity import CccdParts
from mock_registries.world.calendar import add_working_days, office_moment
from mock_registries.world.names import Name
from mock_registries.world.settings import Delays

__all__ = ["BirthEvent", "DeathEvent", "Event", "MarriageEvent", "Overlay", "seen_by_dan_cu"]


@dataclass(frozen=True, slots=True)
class BirthEvent:
    dossier: str
    child: CccdParts
    name: Name
    birth: date
    father: CccdParts | None
    mother: CccdParts
    ethnicity: str
    place: Address
    registered_at: datetime


@dataclass(frozen=True, slots=True)
class DeathEvent:
    dossier: str
    person: CccdParts
    died_on: date
    place: Address
    cause: str
    registered_at: datetime


@dataclass(frozen=True, slots=True)
class MarriageEvent:
    dossier: str
    husband: CccdParts
    wife: CccdParts
    place: Address
    registered_at: datetime


Event = BirthEvent | DeathEvent | MarriageEvent


def seen_by_dan_cu(registered_at: datetime, delays: Delays) -> datetime:
    """When the population DB shows an event registered at hộ tịch at ``registered_at``."""
    return registered_at + timedelta(seconds=delays.dan_cu_sync_seconds)


def residence_done(registered_at: datetime, delays: Delays) -> datetime:
    """When the police have registered (birth) or removed (death) the thường trú."""
    day = add_working_days(registered_at.date(), delays.residence_working_days)
    moment = office_moment(day, 0.35)
    return max(moment, registered_at + timedelta(seconds=delays.dan_cu_sync_seconds))


@dataclass
class Overlay:
    """The events of one run, indexed by the people they concern."""

    births: dict[CccdParts, BirthEvent] = field(default_factory=dict)
    deaths: dict[CccdParts, DeathEvent] = field(default_factory=dict)
    marriages: dict[CccdParts, MarriageEvent] = field(default_factory=dict)
    children: dict[CccdParts, list[BirthEvent]] = field(default_factory=lambda: defaultdict(list))
    by_dossier: dict[str, Event] = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock)
    version: int = 0
    # Called after every change (under :attr:`lock`): memos of facts derived from the events
    # forget them here, so that a read needs no version check.
    on_change: list[Callable[[], None]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.by_dossier)

    def add(self, event: Event) -> None:
        """Store ``event`` (the caller holds :attr:`lock` and has validated it)."""
        self.by_dossier[event.dossier] = event
        self.version += 1
        if isinstance(event, BirthEvent):
            self.births[event.child] = event
            for parent in (event.father, event.mother):
                if parent is not None:
                    self.children[parent].append(event)
        elif isinstance(event, DeathEvent):
            self.deaths[event.person] = event
        else:
            self.marriages[event.husband] = event
            self.marriages[event.wife] = event
        for forget in self.on_change:
            forget()
