"""Reads from read replicas, writes to the primary (settings: DATABASE_REPLICA_URLS).

A replica lags the primary by a moment, so a request that has written (or posts a form,
or is inside a transaction) reads from the primary from then on: an editor who saves an
article sees the saved article. Migrations run on the primary only; the replicas get
them through replication.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

PRIMARY = "default"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_pinned: ContextVar[bool] = ContextVar("archive_db_pinned_to_primary", default=False)


def replica_aliases() -> list[str]:
    """The replica connections the settings define (replica1, replica2 …)."""
    return [alias for alias in settings.DATABASES if alias != PRIMARY]


class PrimaryReplicaRouter:
    def __init__(self, replicas: list[str] | None = None) -> None:
        self.replicas = replica_aliases() if replicas is None else list(replicas)

    def db_for_read(self, model, **hints) -> str:
        if not self.replicas or _pinned.get() or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return random.choice(self.replicas)

    def db_for_write(self, model, **hints) -> str:
        _pinned.set(True)
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # every alias holds the same data

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints) -> bool:
        return db == PRIMARY


class PinToPrimaryMiddleware:
    """Each request starts unpinned (a GET) or pinned (a form post), whatever the thread did before."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _pinned.set(request.method not in SAFE_METHODS)
        try:
            return self.get_response(request)
        finally:
            _pinned.reset(token)
