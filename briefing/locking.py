"""One run at a time per store: a lock file beside the database, held for the whole run."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from briefing.errors import RunLocked


@contextmanager
def exclusive_run(store_path: Path, timeout: float) -> Iterator[None]:
    """Wait up to ``timeout`` seconds for other runs on this store, then raise ``RunLocked``."""
    store_path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(store_path) + ".lock")
    try:
        lock.acquire(timeout=timeout)
    except Timeout:
        raise RunLocked(f"{store_path}: another run holds the store (waited {timeout:g} s)") from None
    try:
        yield
    finally:
        lock.release()


def run_lock_is_held(store_path: Path) -> bool:
    """Whether a live run holds the store (the operating system drops the lock of a dead process)."""
    lock = FileLock(str(store_path) + ".lock")
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return True
    lock.release()
    return False
