"""JSON API: search (the same query syntax and filters as the page) and single articles.

Output is JSON with "<", ">" and "&" escaped as \\u003c, \\u003e, \\u0026, so no value can
be read as markup even if a client pastes it into a page; snippets are HTML already
escaped, with <mark> around matches.
"""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from archive.models import Appearance, Article
from archive.search import service

RESULT_KEYS = ("id", "url", "title", "kicker", "subtitle", "paper", "date", "kind", "snippet", "persons", "score")


def json_response(data, status: int = 200) -> HttpResponse:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    response = HttpResponse(text, content_type="application/json; charset=utf-8", status=status)
    response["X-Content-Type-Options"] = "nosniff"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    req = service.SearchRequest.from_params(request.GET)
    response = service.search(req)
    return json_response({
        "count": response.count,
        "page": response.page,
        "num_pages": response.num_pages,
        "per_page": req.per_page,
        "results": [{key: r[key] for key in RESULT_KEYS} for r in response.results],
        "facets": {name: [{"value": e["value"], "label": e["label"], "count": e["count"]} for e in entries]
                   for name, entries in response.facets.items()},
    })


@require_GET
def article(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        item = get_object_or_404(Article.objects.select_related("issue__paper"), pk=pk)
    except Http404:
        return json_response({"error": "没有这篇文章", "id": pk}, status=404)
    appearances = Appearance.objects.filter(article=item).select_related("person").order_by("order")
    event = getattr(item, "event", None)  # RelatedObjectDoesNotExist is an AttributeError
    topics = item.article_topics.select_related("topic").order_by("-mentions", "topic__name")
    return json_response({
        "id": item.pk,
        "uid": item.uid,
        "url": item.get_absolute_url(),
        "paper": item.issue.paper.name,
        "date": item.issue.date.isoformat(),
        "page": item.issue.page,
        "position": item.position,
        "kind": item.kind,
        "kicker": item.kicker,
        "title": item.title,
        "display_title": item.display_title,
        "subtitle": item.subtitle,
        "column": item.column,
        "dateline": item.dateline,
        "byline": item.byline,
        "event_date": item.event_date.isoformat() if item.event_date else None,
        "paragraphs": item.paragraphs,
        "persons": [
            {"name": a.person.name, "slug": a.person.slug, "url": a.person.get_absolute_url(),
             "titles": a.titles, "roles": a.roles or [a.role], "role": a.role}
            for a in appearances
        ],
        "event": (
            {"kind": event.kind, "kind_label": event.get_kind_display(), "name": event.name,
             "date": event.date.isoformat() if event.date else None, "date_text": event.date_text,
             "place": event.place}
            if event else None
        ),
        "topics": [{"name": t.topic.name, "slug": t.topic.slug} for t in topics],
    })
