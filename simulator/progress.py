"""Progress on the terminal (rich, on stderr so stdout stays the command's answer): a bar that
counts calls, and a bar that fills with the time of a run of known length."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Iterator

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

__all__ = ["count_bar", "timed_bar"]


def _progress(label: str, *columns: TextColumn | BarColumn | MofNCompleteColumn) -> Progress:
    return Progress(
        TextColumn(label),
        BarColumn(),
        *columns,
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )


@contextlib.contextmanager
def count_bar(label: str, total: int) -> Iterator[Callable[[], None]]:
    """Yields ``advance()``: call it once per finished item."""
    progress = _progress(label, MofNCompleteColumn())
    with progress:
        task = progress.add_task(label, total=total)
        yield lambda: progress.advance(task)


@contextlib.asynccontextmanager
async def timed_bar(label: str, seconds: float) -> AsyncIterator[None]:
    """Fills over ``seconds`` while the body runs (a load test of a set duration)."""
    progress = _progress(label, TextColumn(f"/ {seconds:.0f} s"))
    loop = asyncio.get_running_loop()
    start = loop.time()

    async def tick(task: TaskID) -> None:
        while True:
            progress.update(task, completed=min(seconds, loop.time() - start))
            await asyncio.sleep(0.5)

    with progress:
        ticker = asyncio.create_task(tick(progress.add_task(label, total=seconds)))
        try:
            yield
        finally:
            ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticker
