"""Denormalised counts that listing pages read instead of aggregating whole tables per request.

Whoever changes appearances, articles or topics (the loader, admin actions) calls these
for the rows it touched. Each table's counts are set by one UPDATE whose values the
database works out itself (correlated subqueries on the link tables' indexes): the loader
refreshes a few dozen people per file, and building a CASE per row in Python cost more
than storing the file. Refreshing a person's or a topic's counts also copies the issue
date onto their link rows made in bulk (Appearance.date, ArticleTopic.date).

The loader knows exactly which link rows a file added and removed, so it adds to the counts
instead (`add_to_person_counts`, `add_to_topic_counts`): recounting a busy official's
thousands of appearances for every page that names him grows with the archive, adding the
page's own does not.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from itertools import islice

from django.db.models import Count, DateField, F, IntegerField, Max, Min, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, Least

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


def _by_amount(deltas: Mapping[int, int]) -> dict[int, list[int]]:
    """The ids grouped by how much is added to each (zero left out): one UPDATE per amount."""
    grouped: defaultdict[int, list[int]] = defaultdict(list)
    for pk, amount in deltas.items():
        if amount:
            grouped[amount].append(pk)
    return grouped


def add_to_person_counts(added: Mapping[int, int], date: datetime.date) -> None:
    """Persons who gained `added[pk]` appearances dated `date` and lost none (whoever lost one
    needs refresh_person_counts: the first or last date may have gone with it)."""
    day = Value(date, output_field=DateField())
    for amount, ids in _by_amount(added).items():
        _update(Person, ids, appearance_count=F("appearance_count") + amount,
                first_seen=Least(Coalesce("first_seen", day), day),
                last_seen=Greatest(Coalesce("last_seen", day), day))


def add_to_topic_counts(deltas: Mapping[int, int]) -> None:
    """Topics whose articles grew (or shrank) by `deltas[pk]` link rows."""
    for amount, ids in _by_amount(deltas).items():
        _update(Topic, ids, article_count=F("article_count") + amount)
