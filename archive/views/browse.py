"""Reading the archive: home, the date browser (years → month calendar → day), an issue, an article."""

from __future__ import annotations

import calendar
import datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from .. import citations
from ..corrections.history import public_corrections
from ..models import Event, Person
from ..queries import issues as q
from ..queries.people import CREDIT_ROLES, most_printed
from ..queries.topics import most_covered
from . import crumbs
from .cite import citation_of


def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(request, "archive/home.html", {
        "issues": q.latest_issues(),
        "on_this_day": q.on_this_day(today),
        "today": today,
        "people": most_printed(Person.Kind.OFFICIAL),
        "topics": most_covered(),
    })


def years(request: HttpRequest) -> HttpResponse:
    return render(request, "archive/years.html", {
        "years": q.years_with_counts(),
        "breadcrumbs": [crumbs.home(), ("按日期", None)],
    })


def year(request: HttpRequest, year: int) -> HttpResponse:
    months = q.months_of_year(year)
    prev_year, next_year = q.neighbour_years(year)
    return render(request, "archive/year.html", {
        "year": year,
        "months": months,
        "total": sum(m.issues for m in months),
        "prev_year": prev_year,
        "next_year": next_year,
        "breadcrumbs": [crumbs.home(), ("按日期", reverse("archive:dates")), (f"{year}年", None)],
    })


def month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    first = datetime.date(year, month, 1)
    last = datetime.date(year, month, calendar.monthrange(year, month)[1])
    weeks = q.month_calendar(year, month)
    prev_date, next_date = q.neighbour_dates(first, last)
    return render(request, "archive/month.html", {
        "year": year,
        "month": month,
        "weeks": weeks,
        "weekdays": "一二三四五六日",
        "total": sum(d.issues for w in weeks for d in w),
        "prev_date": prev_date,
        "next_date": next_date,
        "breadcrumbs": [
            crumbs.home(), ("按日期", reverse("archive:dates")),
            (f"{year}年", reverse("archive:year", args=[year])), (f"{month}月", None),
        ],
    })


def day(request: HttpRequest, date: datetime.date) -> HttpResponse:
    issues = q.issues_of_day(date)
    prev_date, next_date = q.neighbour_dates(date, date)
    context = {
        "date": date,
        "issues": issues,
        "prev_date": prev_date,
        "next_date": next_date,
        "breadcrumbs": crumbs.to_day(date, link_day=False),
    }
    return render(request, "archive/day.html", context, status=200 if issues else 404)


def issue(request: HttpRequest, paper: str, date: datetime.date, page: str) -> HttpResponse:
    issue = q.issue_by_key(paper, date, page)
    prev_page, next_page = q.neighbour_pages(issue)
    prev_edition, next_edition = q.neighbour_editions(issue)
    return render(request, "archive/issue.html", {
        "issue": issue,
        "articles": q.articles_of_issue(issue),
        "running_head": q.running_head(issue),
        "prev_page": prev_page,
        "next_page": next_page,
        "prev_edition": prev_edition,
        "next_edition": next_edition,
        "breadcrumbs": [*crumbs.to_day(issue.date), (f"{issue.paper.name} 第{issue.page}版", None)],
    })


def issue_raw(request: HttpRequest, paper: str, date: datetime.date, page: str) -> HttpResponse:
    """The page's text exactly as it was loaded, for checking the parse against the source."""
    return HttpResponse(q.raw_text_of(paper, date, page), content_type="text/plain; charset=utf-8")


def article_at(request: HttpRequest, paper: str, date: datetime.date, page: str, position: int) -> HttpResponse:
    """An old position URL: a way in that leads, for good, to the article it was made for."""
    return redirect(q.article_at_print_position(paper, date, page, position), permanent=True)


def article(request: HttpRequest, uid: str) -> HttpResponse:
    article = q.article_by_uid(uid)
    if article is None:
        target = q.redirected_uid(uid)
        if target is None:
            raise Http404("没有这篇文章")
        return redirect("archive:article", uid=target, permanent=True)
    issue = article.issue
    appearances = list(article.appearances.all())
    credits = [a for a in appearances if a.role in CREDIT_ROLES]
    try:
        event = article.event
    except Event.DoesNotExist:
        event = None
    siblings = q.siblings_of(article)
    index = next(i for i, s in enumerate(siblings) if s.pk == article.pk)
    citation = citation_of(article, request, credits)
    return render(request, "archive/article.html", {
        "article": article,
        "issue": issue,
        "people": [a for a in appearances if a.role not in CREDIT_ROLES],
        "credits": credits,
        "event": event,
        "article_topics": q.topics_of(article),
        "prev_article": siblings[index - 1] if index > 0 else None,
        "next_article": siblings[index + 1] if index + 1 < len(siblings) else None,
        "permalink": citation.url,
        "citation": citation,
        "gbt7714": citations.gbt7714(citation),
        "gbt7714_online": citations.gbt7714_online(citation),
        "meta_tags": citations.meta_tags(citation),
        "corrections": public_corrections(article) if article.corrected_fields else [],
        "breadcrumbs": [
            *crumbs.to_day(issue.date),
            (f"{issue.paper.name} 第{issue.page}版", issue.get_absolute_url()),
            (article.display_title, None),
        ],
    })
