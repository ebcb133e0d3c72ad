"""People: the index by kind, and a person's titles, timeline, companions and monthly counts."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, F, Max, Min, Q, QuerySet

from ..models import Appearance, Person, PersonAlias
from .cache import remembered
from .paging import SortedByIds

# Credits on a byline, not people the article is about.
CREDIT_ROLES = (Appearance.Role.REPORTED, Appearance.Role.PHOTOGRAPHED)


def kind_counts() -> dict[str, int]:
    rows = Person.objects.values("kind").annotate(n=Count("id")).values_list("kind", "n")
    found = dict(rows)
    return {kind: found.get(kind, 0) for kind in Person.Kind.values}


def people_list(kind: str | None, name: str) -> QuerySet[Person]:
    """People of a kind (or all kinds), most printed first, optionally by part of the name or an alias."""
    people = Person.objects.all()
    if kind:
        people = people.filter(kind=kind)
    if name:
        people = people.filter(Q(name__contains=name) | Q(aliases__name__contains=name)).distinct()
    return people.order_by("-appearance_count", "name", "id")


def most_printed(kind: str, limit: int = 10) -> QuerySet[Person]:
    return Person.objects.filter(kind=kind, appearance_count__gt=0).order_by("-appearance_count", "name")[:limit]


def person_or_alias(slug: str) -> tuple[Person | None, Person | None]:
    """(the person with this slug, None), or (None, the person a merged-away slug now belongs to)."""
    person = Person.objects.filter(slug=slug).first()
    if person:
        return person, None
    alias = PersonAlias.objects.select_related("person").filter(slug=slug).first()
    return None, alias.person if alias else None


@dataclass
class TitleSpan:
    title: str
    first: datetime.date
    last: datetime.date
    count: int


def _remembered(person: Person, what: str, compute):
    """Cached under the person's denormalised counts: any appearance added or removed changes the key.

    Only what those counts pin down, or nearly: the months (dates and counts) and the
    companions (a companion renamed shows under the old name until the entry times out).
    Titles are read afresh, so a corrected title shows at once.
    """
    key = ("person", person.pk, person.appearance_count, person.first_seen, person.last_seen, what)
    return remembered(key, compute)


def titles_over_time(person: Person) -> list[TitleSpan]:
    """Every title the person was printed with and when, earliest first.

    One query groups by the title as printed ("市委副书记、市长"); each of its parts
    then gets the widest span of the printed titles that contain it.
    """
    rows = (
        person.appearances.order_by().exclude(title="").exclude(date=None)
        .exclude(role__in=CREDIT_ROLES)
        .values("title")
        .annotate(first=Min("date"), last=Max("date"), n=Count("id"))
    )
    spans: dict[str, TitleSpan] = {}
    for row in rows:
        for part in (t for t in row["title"].split("、") if t):
            span = spans.get(part)
            if span is None:
                spans[part] = TitleSpan(part, row["first"], row["last"], row["n"])
            else:
                span.first, span.last = min(span.first, row["first"]), max(span.last, row["last"])
                span.count += row["n"]
    return sorted(spans.values(), key=lambda s: (s.first, s.last, s.title))


def role_counts(person: Person) -> dict[str, int]:
    """By the (person, role) index alone: order_by() drops the joins the default ordering would add."""
    return dict(person.appearances.order_by().values("role").annotate(n=Count("id")).values_list("role", "n"))


def timeline(person: Person, role: str | None, count: int | None = None) -> SortedByIds:
    """The person's appearances, newest first, a page at a time (see queries.paging).

    `count`, when the caller knows it (the denormalised appearance count), saves a COUNT.
    """
    appearances = person.appearances.all()
    if role:
        appearances = appearances.filter(role=role)
    ordered = appearances.order_by(F("date").desc(nulls_last=True), "article__issue__page", "article__position", "pk")

    def rows(ids: list[int]) -> QuerySet[Appearance]:
        return Appearance.objects.filter(pk__in=ids).select_related("article__issue__paper").defer(
            "article__machine_values", "article__issue__raw_text"
        )

    return SortedByIds(ordered, rows, count)


@dataclass
class Companion:
    name: str
    slug: str
    kind: str
    count: int


def companions(person: Person, limit: int = 10) -> list[Companion]:
    """Who is printed in the same articles most often (bylines left out), in one query."""
    return _remembered(person, f"companions-{limit}", lambda: _companions(person, limit))


def _companions(person: Person, limit: int) -> list[Companion]:
    rows = (
        Appearance.objects.filter(article__appearances__person=person)
        .exclude(person=person)
        .exclude(role__in=CREDIT_ROLES)
        .values("person__name", "person__slug", "person__kind")
        .annotate(n=Count("article", distinct=True))
        .order_by("-n", "person__name")[:limit]
    )
    return [Companion(r["person__name"], r["person__slug"], r["person__kind"], r["n"]) for r in rows]


def appearances_per_month(person: Person) -> dict[datetime.date, int]:
    return _remembered(person, "months", lambda: per_month(
        person.appearances.order_by().exclude(date=None).values("date").annotate(n=Count("id"))
        .values_list("date", "n")
    ))


def per_month(rows) -> dict[datetime.date, int]:
    """(date, n) rows summed by month. Grouping by the date column reads one index, in the
    database's own code, where a month truncation would call a Python function per row on SQLite."""
    months: Counter[datetime.date] = Counter()
    for day, n in rows:
        months[day.replace(day=1)] += n or 0
    return dict(months)
