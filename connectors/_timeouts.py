"""Timeout values as one small typed object, like ``httpx.Timeout``."""

from __future__ import annotations

from pydantic import BaseModel, Field, model_validator

__all__ = ["DEFAULT_TIMEOUT", "Timeout"]


class Timeout(BaseModel, frozen=True):
    """Connect/read/write/pool limits per attempt, plus a per-attempt and a total deadline.

    ``read`` is per socket read, so a trickling body can stay under it forever; ``attempt``
    bounds one whole attempt (headers and body) and ``total`` bounds all attempts with their
    backoff waits. Both deadlines are what cut a slow-body upstream off.
    """

    connect: float = Field(2.0, gt=0)
    read: float = Field(10.0, gt=0)
    write: float = Field(5.0, gt=0)
    pool: float = Field(2.0, gt=0)
    attempt: float = Field(15.0, gt=0)
    total: float = Field(30.0, gt=0)

    @model_validator(mode="after")
    def _deadlines_fit(self) -> Timeout:
        if self.attempt > self.total:
            raise ValueError("the per-attempt deadline cannot exceed the total deadline")
        return self

    def capped(self, total: float) -> Timeout:
        """The same limits with the total (and the attempt) deadline no longer than ``total``."""
        return self.model_copy(
            update={"total": min(self.total, total), "attempt": min(self.attempt, total)}
        )


DEFAULT_TIMEOUT = Timeout()
