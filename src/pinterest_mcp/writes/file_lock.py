"""An exclusive lock on a file shared by processes, taken with a bounded wait.

The journal's ledger check ("was this confirmation already used?") and the append that uses it up
must be one step across every process writing the same journal: two `pinterest-mcp call` runs or
two replicas. An OS lock (`flock`, or `msvcrt.locking` on Windows) on a lock file beside the
journal makes them one; the OS drops it if the holder dies, so a crash never wedges the journal.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DEFAULT_WAIT = 10.0
_POLL = 0.005


class LockTimeout(Exception):
    """Another process held the lock for longer than the wait allows."""


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


@contextmanager
def exclusive(path: Path, wait: float = DEFAULT_WAIT) -> Iterator[None]:
    """Hold `path`'s lock (created 0600) for the block; `LockTimeout` after `wait` seconds of trying.

    The critical sections it guards are a read of the journal's tail and one append, so a short
    poll is cheaper than a blocking call that could not be given a deadline.
    """
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + wait
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                raise LockTimeout(f"{path.name} stayed locked by another process for {wait:g} s")
            time.sleep(_POLL)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)
