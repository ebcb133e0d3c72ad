"""Topics: the index by kind, and a topic's articles and mentions over time."""

from __future__ import annotations

import datetime

from django.db.models import F, QuerySet, Sum

from ..models import ArticleTopic, Topic
from ..topics import listed_topics
from .cache import remembered
from .paging import SortedByIds
from .people import per_month


def topics_of_kind(kind: str, limit: int | None = None) -> QuerySet[Topic]:
    topics = Topic.objects.filter(listed_topics(), kind=kind, article_count__gt=0).order_by("-article_count", "name")
    return topics[:limit] if limit else topics


def most_covered(limit: int = 10) -> QuerySet[Topic]:
    """Slogans and subject areas most written about (keywords are too fine-grained for the home page)."""
    return (
        Topic.objects.exclude(kind=Topic.Kind.KEYWORD)
        .filter(listed_topics(), article_count__gt=0)
        .order_by("-article_count", "name")[:limit]
    )


def listed_topic(slug: str) -> Topic | None:
    """The topic at this URL name, when readers are shown it (a hidden or one-off keyword is not)."""
    return Topic.objects.filter(listed_topics(), slug=slug).first()


def articles_about(topic: Topic) -> SortedByIds:
    """The topic's articles, newest first, a page at a time (see queries.paging), counted by its article_count."""
    ordered = topic.article_topics.order_by(
        F("date").desc(nulls_last=True), "article__issue__page", "article__position", "pk"
    )

    def rows(ids: list[int]) -> QuerySet[ArticleTopic]:
        return ArticleTopic.objects.filter(pk__in=ids).select_related("article__issue__paper").defer(
            "article__machine_values", "article__issue__raw_text"
        )

    return SortedByIds(ordered, rows, topic.article_count)


def mentions_per_month(topic: Topic) -> dict[datetime.date, int]:
    """Cached under the topic's article count, which every change of its articles refreshes."""
    return remembered(("topic", topic.pk, topic.article_count, "months"), lambda: per_month(
        topic.article_topics.order_by().exclude(date=None).values("date").annotate(n=Sum("mentions"))
        .values_list("date", "n")
    ))
