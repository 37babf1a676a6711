"""A progress bar for `pinterest-mcp call`: the tool's MCP progress notifications, drawn on stderr.

`run_report`, `run_bulk_download` and `create_video_pin` wait minutes and say how far they are;
at a terminal that becomes a `rich` bar with the latest message. Elsewhere (a pipe, a log, CI)
nothing extra is printed: the answer on stdout is the whole output. The bar appears with the
first notification, so a consent prompt asked before the work starts is never drawn over, and
`rich` is imported only then: a server never loads it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from mcp.shared.dispatcher import ProgressFnT
    from rich.progress import Progress, TaskID


class ProgressBar:
    """Draws progress notifications as one bar on `stream`; `close` leaves its last state on screen."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    async def __call__(self, progress: float, total: float | None, message: str | None) -> None:
        if self._bar is None or self._task is None:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TaskProgressColumn(),
                TimeElapsedColumn(),
                console=Console(file=self.stream),
            )
            self._task = self._bar.add_task(message or "working", total=total)
            self._bar.update(self._task, completed=progress)  # drawn as it starts, not from 0%
            self._bar.start()
            return
        self._bar.update(self._task, completed=progress, total=total, description=message or None)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


@contextmanager
def progress_bar(stream: TextIO) -> Iterator[ProgressFnT | None]:
    """A progress callback drawing on `stream` when it is a terminal; None (ask for no progress) otherwise."""
    if not stream.isatty():
        yield None
        return
    bar = ProgressBar(stream)
    try:
        yield bar
    finally:
        bar.close()
