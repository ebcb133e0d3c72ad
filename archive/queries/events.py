"""Events: what the articles report, filtered by kind and date, with their participants."""

from __future__ import annotations

import datetime

from django.db.models import Count, F, Prefetch, QuerySet

from ..models import Appearance, Event
from .people import CREDIT_ROLES


def events(kind: str | None, start: datetime.date | None, end: datetime.date | None) -> QuerySet[Event]:
    """Events newest first by their own date (indexed); the few without a known date come last."""
    participants = (
        Appearance.objects.exclude(role__in=CREDIT_ROLES).select_related("person").order_by("order")
    )
    found = Event.objects.select_related("article__issue__paper").defer(
        "article__machine_values", "article__issue__raw_text"
    )
    if kind:
        found = found.filter(kind=kind)
    if start:
        found = found.filter(date__gte=start)
    if end:
        found = found.filter(date__lte=end)
    return found.prefetch_related(Prefetch("article__appearances", queryset=participants)).order_by(
        F("date").desc(nulls_last=True), "-id"
    )


def kind_counts() -> dict[str, int]:
    return dict(Event.objects.values("kind").annotate(n=Count("id")).values_list("kind", "n"))
