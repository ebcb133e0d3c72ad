"""Keeping the search index and jieba's dictionary in step with a correction, once it commits.

The same route as every other change (archive.search.indexing.queue): the articles are made
pending inside the correction's transaction and written to the index in one pass when it
commits, or, inside a web request, once at the end of the request, together with what the
saved rows themselves queued. A correction rolled back never reaches the index.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..search.indexing import queue


def articles_changed(ids: Iterable[int]) -> None:
    queue(ids)


def articles_removed(ids: Iterable[int]) -> None:
    """Articles deleted: a pending id the database no longer has is removed from the index."""
    queue(ids)


def names_changed() -> None:
    """Person names or aliases changed: jieba learns them before the articles are indexed again."""
    queue(dictionary=True)
