"""Pages for reading the archive: home, an issue as printed, one article."""

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .. import queries


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "archive/home.html", {"issues": queries.latest_issues()})


def issue(request: HttpRequest, paper: str, date: datetime.date, page: str) -> HttpResponse:
    issue = queries.issue_by_key(paper, date, page)
    return render(request, "archive/issue.html", {"issue": issue, "articles": queries.articles_of_issue(issue)})


def article(request: HttpRequest, paper: str, date: datetime.date, page: str, position: int) -> HttpResponse:
    article = queries.article_by_key(paper, date, page, position)
    return render(request, "archive/article.html", {"article": article, "issue": article.issue})
