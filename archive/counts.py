"""Denormalised counts that listing pages read instead of aggregating whole tables per request.

Whoever changes appearances, articles or topics (the loader, admin actions) calls these
for the rows it touched.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Max, Min

from .models import Issue, Person, Topic


def refresh_issue_counts(issue_ids: Iterable[int]) -> None:
    for issue in Issue.objects.filter(pk__in=set(issue_ids)).annotate(n=Count("articles")):
        if issue.article_count != issue.n:
            Issue.objects.filter(pk=issue.pk).update(article_count=issue.n)


def refresh_person_counts(person_ids: Iterable[int]) -> None:
    people = Person.objects.filter(pk__in=set(person_ids)).annotate(
        n=Count("appearances"),
        first=Min("appearances__article__issue__date"),
        last=Max("appearances__article__issue__date"),
    )
    for person in people:
        if (person.appearance_count, person.first_seen, person.last_seen) != (person.n, person.first, person.last):
            Person.objects.filter(pk=person.pk).update(
                appearance_count=person.n, first_seen=person.first, last_seen=person.last
            )


def refresh_topic_counts(topic_ids: Iterable[int]) -> None:
    for topic in Topic.objects.filter(pk__in=set(topic_ids)).annotate(n=Count("article_topics")):
        if topic.article_count != topic.n:
            Topic.objects.filter(pk=topic.pk).update(article_count=topic.n)
