"""Denormalised counts that listing pages read instead of aggregating whole tables per request.

Whoever changes appearances, articles or topics (the loader, admin actions) calls these
for the rows it touched; the counts that changed go back in one UPDATE per table (the
loader refreshes a few dozen people per file). Refreshing a person's or a topic's counts
also copies the issue date onto their link rows made in bulk (Appearance.date,
ArticleTopic.date).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Max, Min, OuterRef, Subquery

from .models import Appearance, Article, ArticleTopic, Issue, Person, Topic

BATCH = 200  # rows per UPDATE (one CASE per field: SQLite's limit on a statement's terms)


def refresh_issue_counts(issue_ids: Iterable[int]) -> None:
    _refresh_article_counts(Issue, set(issue_ids), "articles")


def _refresh_article_counts(model, ids: set[int], relation: str) -> None:
    """Set `article_count` of these rows to the count of their `relation`, writing only those that changed."""
    changed = []
    for row in model.objects.filter(pk__in=ids).annotate(n=Count(relation)).only("article_count"):
        if row.article_count != row.n:
            row.article_count = row.n
            changed.append(row)
    model.objects.bulk_update(changed, ["article_count"], batch_size=BATCH)


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
    changed = []
    for person in people.only("appearance_count", "first_seen", "last_seen"):
        if (person.appearance_count, person.first_seen, person.last_seen) != (person.n, person.first, person.last):
            person.appearance_count, person.first_seen, person.last_seen = person.n, person.first, person.last
            changed.append(person)
    Person.objects.bulk_update(changed, ["appearance_count", "first_seen", "last_seen"], batch_size=BATCH)


def refresh_topic_counts(topic_ids: Iterable[int]) -> None:
    topic_ids = set(topic_ids)
    _fill_dates(ArticleTopic.objects.filter(topic_id__in=topic_ids))
    _refresh_article_counts(Topic, topic_ids, "article_topics")
