"""Pausing Python's cyclic garbage collector while many small, long-lived objects are built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Suspend cyclic GC for the block (nesting-safe).

    Loading or deduplicating 100k entries allocates millions of objects that all survive; every
    generation-2 pass re-walks them, which made a 100k-entry load take twice as long. Reference
    counting still frees everything acyclic meanwhile, and the collector is re-enabled on exit.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
