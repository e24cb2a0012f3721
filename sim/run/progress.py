"""Progress bars for long work (rich), one style for runs, sweeps and calibration."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


def make_progress(extra: str = "") -> Progress:
    columns = [
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(extra) if extra else TextColumn(""),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    ]
    return Progress(*columns)


@contextmanager
def month_progress(months: int, description: str) -> Iterator[Callable[[int], None]]:
    """A bar over simulated months; yields `advance(step)`."""
    with make_progress() as bar:
        task = bar.add_task(description, total=months)

        def advance(step: int) -> None:
            bar.update(task, completed=step)

        yield advance
