"""Read queries behind the pages: each returns what one page shows, in a fixed number of SQL queries."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Appearance, Article, Issue, Person


def latest_issues(limit: int = 20) -> QuerySet[Issue]:
    return Issue.objects.select_related("paper").order_by("-date", "paper__name", "page")[:limit]


def issue_by_key(paper: str, date: datetime.date, page: str) -> Issue:
    return get_object_or_404(Issue.objects.select_related("paper"), paper__slug=paper, date=date, page=page)


def articles_of_issue(issue: Issue) -> QuerySet[Article]:
    return issue.articles.prefetch_related(
        Prefetch("appearances", queryset=Appearance.objects.select_related("person").order_by("order"))
    ).order_by("position")


def article_by_key(paper: str, date: datetime.date, page: str, position: int) -> Article:
    try:
        return (
            Article.objects.select_related("issue__paper", "event")
            .prefetch_related(
                Prefetch("appearances", queryset=Appearance.objects.select_related("person").order_by("order"))
            )
            .get(issue__paper__slug=paper, issue__date=date, issue__page=page, position=position)
        )
    except Article.DoesNotExist as exc:
        raise Http404("没有这篇文章") from exc


def person_by_slug(slug: str) -> Person:
    return get_object_or_404(Person, slug=slug)


def appearances_of(person: Person) -> QuerySet[Appearance]:
    return (
        person.appearances.select_related("article__issue__paper")
        .order_by("-article__issue__date", "article__position")
    )
