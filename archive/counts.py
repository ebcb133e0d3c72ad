"""Denormalised counts that listing pages read instead of aggregating whole tables per request.

Whoever changes appearances, articles or topics (the loader, admin actions) calls these
for the rows it touched. Each table's counts are set by one UPDATE whose values the
database works out itself (correlated subqueries on the link tables' indexes): the loader
refreshes a few dozen people per file, and building a CASE per row in Python cost more
than storing the file. Refreshing a person's or a topic's counts also copies the issue
date onto their link rows made in bulk (Appearance.date, ArticleTopic.date).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice

from django.db.models import Count, IntegerField, Max, Min, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from .models import Appearance, Article, ArticleTopic, Issue, Person, Topic

CHUNK = 500  # ids per UPDATE (well under every database's limit on a statement's parameters)


def _per_row(rows, link: str, aggregate):
    """The aggregate of the link rows pointing at the outer row (`link`: their foreign key)."""
    return Subquery(
        rows.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(value=aggregate).values("value")[:1]
    )


def _count(rows, link: str):
    return Coalesce(_per_row(rows, link, Count("pk")), Value(0), output_field=IntegerField())


def _update(model, ids: Iterable[int], **values) -> None:
    iterator = iter(set(ids))
    while chunk := list(islice(iterator, CHUNK)):
        model.objects.filter(pk__in=chunk).update(**values)


def refresh_issue_counts(issue_ids: Iterable[int]) -> None:
    _update(Issue, issue_ids, article_count=_count(Article.objects.all(), "issue"))


def _fill_dates(rows) -> None:
    """Copy the issue date onto link rows made in bulk without it (Appearance, ArticleTopic .date)."""
    rows.filter(date__isnull=True).update(
        date=Subquery(Article.objects.filter(pk=OuterRef("article_id")).values("issue__date")[:1])
    )


def refresh_person_counts(person_ids: Iterable[int]) -> None:
    person_ids = set(person_ids)  # read twice
    _fill_dates(Appearance.objects.filter(person_id__in=person_ids))
    appearances = Appearance.objects.all()
    _update(Person, person_ids,
            appearance_count=_count(appearances, "person"),
            first_seen=_per_row(appearances, "person", Min("date")),
            last_seen=_per_row(appearances, "person", Max("date")))


def refresh_topic_counts(topic_ids: Iterable[int]) -> None:
    topic_ids = set(topic_ids)
    _fill_dates(ArticleTopic.objects.filter(topic_id__in=topic_ids))
    _update(Topic, topic_ids, article_count=_count(ArticleTopic.objects.all(), "topic"))
