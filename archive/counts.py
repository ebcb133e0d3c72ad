"""Denormalised counts that listing pages read instead of aggregating whole tables per request.

Whoever changes appearances, articles or topics (the loader, admin actions) calls these
for the rows it touched. Refreshing a person's or a topic's counts also copies the issue
date onto their link rows made in bulk (Appearance.date, ArticleTopic.date).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Max, Min, OuterRef, Subquery

from .models import Appearance, Article, ArticleTopic, Issue, Person, Topic


def refresh_issue_counts(issue_ids: Iterable[int]) -> None:
    for issue in Issue.objects.filter(pk__in=set(issue_ids)).annotate(n=Count("articles")):
        if issue.article_count != issue.n:
            Issue.objects.filter(pk=issue.pk).update(article_count=issue.n)


def _fill_dates(rows) -> None:
    """Copy the issue date onto link rows made in bulk without it (Appearance, ArticleTopic .date)."""
    rows.filter(date__isnull=True).update(
        date=Subquery(Article.objects.filter(pk=OuterRef("article_id")).values("issue__date")[:1])
    )


def refresh_person_counts(person_ids: Iterable[int]) -> None:
    person_ids = set(person_ids)
    _fill_dates(Appearance.objects.filter(person_id__in=person_ids))
    people = Person.objects.filter(pk__in=person_ids).annotate(
        n=Count("appearances"), first=Min("appearances__date"), last=Max("appearances__date")
    )
    for person in people:
        if (person.appearance_count, person.first_seen, person.last_seen) != (person.n, person.first, person.last):
            Person.objects.filter(pk=person.pk).update(
                appearance_count=person.n, first_seen=person.first, last_seen=person.last
            )


def refresh_topic_counts(topic_ids: Iterable[int]) -> None:
    topic_ids = set(topic_ids)
    _fill_dates(ArticleTopic.objects.filter(topic_id__in=topic_ids))
    for topic in Topic.objects.filter(pk__in=topic_ids).annotate(n=Count("article_topics")):
        if topic.article_count != topic.n:
            Topic.objects.filter(pk=topic.pk).update(article_count=topic.n)
