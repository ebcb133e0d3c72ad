"""Aggregates worth keeping between requests, in Django's cache.

A person's companions and monthly counts, a topic's monthly mentions, the archive's
counts by year: each scans every row of theirs, tens of thousands for a city's party
secretary. Their keys hold the denormalised counts and dates that every load and
correction refreshes (archive.counts), so a change in the rows gives a new key at once;
the timeout bounds how long a change those do not show (a renamed companion, mentions
recounted without an article gained or lost) can go unseen.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")
TIMEOUT = 600  # seconds
_MISSING = object()


def remembered(key: tuple[Hashable, ...], compute: Callable[[], T], timeout: int = TIMEOUT) -> T:
    """compute(), or its value from the cache under `key` (one entry per key, `timeout` seconds)."""
    name = f"archive:{key[0]}:" + hashlib.sha1(repr(key).encode()).hexdigest()
    value = cache.get(name, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(name, value, timeout)
    return value
