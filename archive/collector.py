"""Python's cyclic garbage collector in bulk work.

The collector is set off by allocations and walks every container object that survived
the collections before, cycles or not. A bulk import keeps much alive that holds no
cycle (the modules and dictionaries every process loads, jieba's caches of cut runs in
the parse workers, a segment's postings in an index writer), and walked all of it again
and again: a tenth of a 2,000-page import's CPU time went to collections that found
next to nothing. Reference counting frees what these phases drop either way.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def freeze() -> None:
    """Leave what is alive now (a process's set-up, or what a forked child inherits) out of every
    later collection (gc.freeze: nothing is walked to do it, so a forked child copies no pages)."""
    gc.freeze()


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection while a phase builds many long-lived objects without cycles (a segment's
    postings); the collector runs as before once the phase is over."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
