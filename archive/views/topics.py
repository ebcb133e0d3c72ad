"""Topics: slogans, subject areas and keywords, each with its articles and mentions over time."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from ..charts import bar_chart
from ..models import Topic, TopicRedirect
from ..queries import topics as q
from . import crumbs

PER_PAGE = 50
KEYWORDS_SHOWN = 100


def topics(request: HttpRequest) -> HttpResponse:
    return render(request, "archive/topics.html", {
        "groups": [
            (Topic.Kind.SLOGAN.label, q.topics_of_kind(Topic.Kind.SLOGAN)),
            (Topic.Kind.SUBJECT.label, q.topics_of_kind(Topic.Kind.SUBJECT)),
            (Topic.Kind.KEYWORD.label, q.topics_of_kind(Topic.Kind.KEYWORD, KEYWORDS_SHOWN)),
        ],
        "breadcrumbs": [crumbs.home(), ("主题", None)],
    })


def topic(request: HttpRequest, slug: str) -> HttpResponse:
    found = q.listed_topic(slug)
    if found is None:  # a renamed or merged topic's old URL leads to the topic for good
        if Topic.objects.filter(slug=slug).exists():
            raise Http404("没有这个主题")
        moved = get_object_or_404(TopicRedirect.objects.select_related("topic"), slug=slug)
        return redirect(moved.topic, permanent=True)
    page = Paginator(q.articles_about(found), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "archive/topic.html", {
        "topic": found,
        "page": page,
        "chart": bar_chart(q.mentions_per_month(found), f"“{found.name}”每月提及次数"),
        "breadcrumbs": [crumbs.home(), ("主题", reverse("archive:topics")), (found.name, None)],
    })
