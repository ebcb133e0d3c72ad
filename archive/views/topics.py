"""Topic pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ..models import Topic


def topic(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=slug)
    articles = topic.article_topics.select_related("article__issue__paper").order_by("-article__issue__date")
    return render(request, "archive/topic.html", {"topic": topic, "article_topics": articles})
