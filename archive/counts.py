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
page's own does not. Those additions are one UPDATE per table whose CASE is written as SQL
(`_add_amounts`): Django builds a Case of one When per row many times more slowly.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from itertools import islice

from django.db import connection
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
    if not person_ids:  # the loader's usual case: not even the expressions are built
        return
    _fill_dates(Appearance.objects.filter(person_id__in=person_ids))
    appearances = Appearance.objects.all()
    _update(Person, person_ids,
            appearance_count=_count(appearances, "person"),
            first_seen=_per_row(appearances, "person", Min("date")),
            last_seen=_per_row(appearances, "person", Max("date")))


def refresh_topic_counts(topic_ids: Iterable[int]) -> None:
    topic_ids = set(topic_ids)
    if not topic_ids:
        return
    _fill_dates(ArticleTopic.objects.filter(topic_id__in=topic_ids))
    _update(Topic, topic_ids, article_count=_count(ArticleTopic.objects.all(), "topic"))


def _add_amounts(model, field: str, amounts: Mapping[int, int], extra_sql: str = "", extra_params: tuple = ()) -> None:
    """Add `amounts[pk]` to each row's `field` and make the `extra_sql` assignments, in one UPDATE
    per CHUNK rows. Written as SQL: it is built in a fraction of the time Django takes to compile
    a Case of one When per row (or one UPDATE per distinct amount), on every database."""
    quote = connection.ops.quote_name
    table, key = quote(model._meta.db_table), quote(model._meta.pk.column)
    column = quote(model._meta.get_field(field).column)
    iterator = iter([(pk, amount) for pk, amount in amounts.items() if amount])
    while chunk := list(islice(iterator, CHUNK)):
        cases = " ".join(["WHEN %s THEN %s"] * len(chunk))
        marks = ", ".join(["%s"] * len(chunk))
        params = [*(value for row in chunk for value in row), *extra_params, *(pk for pk, _ in chunk)]
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET {column} = {column} + CASE {key} {cases} ELSE 0 END{extra_sql} "
                           f"WHERE {key} IN ({marks})", params)


def add_to_person_counts(added: Mapping[int, int], date: datetime.date) -> None:
    """Persons who gained `added[pk]` appearances dated `date` and lost none (whoever lost one
    needs refresh_person_counts: the first or last date may have gone with it)."""
    quote = connection.ops.quote_name
    first, last = (quote(Person._meta.get_field(name).column) for name in ("first_seen", "last_seen"))
    day = connection.ops.adapt_datefield_value(date)
    _add_amounts(Person, "appearance_count", added,
                 f", {first} = CASE WHEN {first} IS NULL OR {first} > %s THEN %s ELSE {first} END"
                 f", {last} = CASE WHEN {last} IS NULL OR {last} < %s THEN %s ELSE {last} END",
                 (day, day, day, day))


def add_to_topic_counts(deltas: Mapping[int, int]) -> None:
    """Topics whose articles grew (or shrank) by `deltas[pk]` link rows."""
    _add_amounts(Topic, "article_count", deltas)
