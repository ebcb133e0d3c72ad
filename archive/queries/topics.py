"""Topics: the index by kind, and a topic's articles and mentions over time."""

from __future__ import annotations

import datetime

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncMonth

from ..models import ArticleTopic, Topic
from ..topics import listed_topics


def topics_of_kind(kind: str, limit: int | None = None) -> QuerySet[Topic]:
    topics = Topic.objects.filter(listed_topics(), kind=kind, article_count__gt=0).order_by("-article_count", "name")
    return topics[:limit] if limit else topics


def most_covered(limit: int = 10) -> QuerySet[Topic]:
    """Slogans and subject areas most written about (keywords are too fine-grained for the home page)."""
    return (
        Topic.objects.exclude(kind=Topic.Kind.KEYWORD)
        .filter(article_count__gt=0)
        .order_by("-article_count", "name")[:limit]
    )


def articles_about(topic: Topic) -> QuerySet[ArticleTopic]:
    return (
        topic.article_topics.select_related("article__issue__paper")
        .defer("article__machine_values", "article__issue__raw_text")
        .order_by("-article__issue__date", "article__issue__page", "article__position")
    )


def mentions_per_month(topic: Topic) -> dict[datetime.date, int]:
    rows = (
        topic.article_topics.annotate(month=TruncMonth("article__issue__date"))
        .values("month")
        .annotate(n=Sum("mentions"), articles=Count("id"))
        .values_list("month", "n")
    )
    return dict(rows)
