"""Readers' error reports: filing one, and the per-address limit that keeps the queue usable.

The limit counts in Django's cache (one counter per address and window), so it holds
across the processes of one server when the cache is shared, and costs no database write.
"""

from __future__ import annotations

from django.core.cache import cache

from .models import Article, ReaderReport

REPORTS_PER_WINDOW = 5
WINDOW_SECONDS = 3600


def _key(address: str) -> str:
    return f"reader-report:{address}"


def allowed(address: str) -> bool:
    """Count one report from this address; False once it has sent its share in this window."""
    key = _key(address)
    if cache.add(key, 1, WINDOW_SECONDS):
        return True
    try:
        return cache.incr(key) <= REPORTS_PER_WINDOW
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, WINDOW_SECONDS)
        return True


def file_report(article: Article, message: str, contact: str = "") -> ReaderReport:
    return ReaderReport.objects.create(article=article, message=message.strip(), contact=contact.strip())
