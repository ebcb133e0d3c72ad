"""Around the site: the OpenSearch description and the friendly error pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def opensearch(request: HttpRequest) -> HttpResponse:
    """Lets a browser add the archive as a search engine (it searches /search/?q=…)."""
    return render(
        request, "archive/opensearch.xml", {"base": request.build_absolute_uri("/").rstrip("/")},
        content_type="application/opensearchdescription+xml; charset=utf-8",
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Says what was not found when the view said so in Chinese (没有这篇文章), else a general line."""
    message = exception.args[0] if exception.args and isinstance(exception.args[0], str) else ""
    if not message or message.isascii():
        message = "没有找到这个页面"
    return render(request, "404.html", {"message": message}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Renders without a request context: whatever broke (the database too) must not break this page."""
    return HttpResponseServerError(loader.get_template("500.html").render())
