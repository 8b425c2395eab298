"""Timeout values as one small typed object, like ``httpx.Timeout``.

A pydantic dataclass rather than a ``BaseModel``: validated the same way (by the settings that
compose it, too), but its fields are plain slots. The request path reads several of them on
every call, and a ``BaseModel``'s ``__getattr__`` keeps the interpreter from specialising any
attribute read on its instances.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated

from pydantic import Field, model_validator
from pydantic.dataclasses import dataclass

__all__ = ["DEFAULT_TIMEOUT", "Timeout"]

_Seconds = Annotated[float, Field(gt=0)]


@dataclass(frozen=True, slots=True)
class Timeout:
    """Connect/read/write/pool limits per attempt, plus a per-attempt and a total deadline.

    ``read`` is per socket read, so a trickling body can stay under it forever; ``attempt``
    bounds one whole attempt (headers and body) and ``total`` bounds all attempts with their
    backoff waits. Both deadlines are what cut a slow-body upstream off.
    """

    connect: _Seconds = 2.0
    read: _Seconds = 10.0
    write: _Seconds = 5.0
    pool: _Seconds = 2.0
    attempt: _Seconds = 15.0
    total: _Seconds = 30.0

    @model_validator(mode="after")
    def _deadlines_fit(self) -> Timeout:
        if self.attempt > self.total:
            raise ValueError("the per-attempt deadline cannot exceed the total deadline")
        return self

    def capped(self, total: float) -> Timeout:
        """The same limits with the total (and the attempt) deadline no longer than ``total``."""
        return self.replace(total=min(self.total, total), attempt=min(self.attempt, total))

    def replace(self, **changes: float) -> Timeout:
        """A copy with ``changes`` applied, validated like a new one."""
        return dataclasses.replace(self, **changes)


DEFAULT_TIMEOUT = Timeout()
