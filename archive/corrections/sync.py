"""Keeping the search index and jieba's dictionary in step with a correction, once it commits.

A correction rolled back never reaches the index.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from ..search.indexing import reindex_articles, remove_articles
from ..search.learning import rebuild_userdict


def articles_changed(ids: Iterable[int]) -> None:
    ids = sorted(set(ids))
    if ids:
        transaction.on_commit(lambda: reindex_articles(ids))


def articles_removed(ids: Iterable[int]) -> None:
    ids = sorted(set(ids))
    if ids:
        transaction.on_commit(lambda: remove_articles(ids))


def names_changed() -> None:
    """Person names or aliases changed: jieba must learn them before the next indexing."""
    transaction.on_commit(rebuild_userdict)
