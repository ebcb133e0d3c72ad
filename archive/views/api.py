"""JSON API: search (the same query syntax and filters as the page) and single articles.

Output is UTF-8 JSON (Chinese as it is, not \\u escapes), with absolute URLs; a search
answer links to its next and previous pages. Snippets are HTML, escaped, with <mark>
around matches. An unreadable parameter is a 400 with a message saying which and why;
an index that cannot be searched is a 503.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from django.views.decorators.http import require_GET

from archive.models import Appearance, Article
from archive.queries.issues import topics_of
from archive.search import service

RESULT_KEYS = ("id", "url", "title", "kicker", "subtitle", "paper", "date", "date_text", "page", "kind", "snippet",
               "persons", "score")


# Markup characters as JSON escapes: the text reads the same to a JSON parser, and no page or
# sniffing browser that meets the response can take printed text for markup.
# (str.replace, not str.translate: translate looks up every Chinese character one at a time.)
_MARKUP_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"))


def json_response(data, status: int = 200) -> HttpResponse:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _MARKUP_ESCAPES:
        text = text.replace(char, escape)
    response = HttpResponse(text.encode("utf-8"), content_type="application/json; charset=utf-8", status=status)
    response["X-Content-Type-Options"] = "nosniff"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _page_url(request: HttpRequest, req: service.SearchRequest, page: int) -> str:
    params = req.params(page=page)
    if req.per_page != service.PER_PAGE:
        params["per_page"] = req.per_page
    return request.build_absolute_uri(reverse("search:api_search") + "?" + urlencode(params))


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    try:
        req = service.SearchRequest.from_params(request.GET, strict=True)
    except service.InvalidParameter as error:
        return json_response({"error": str(error)}, status=400)
    try:
        response = service.search(req)
    except service.SearchUnavailable:
        return json_response({"error": "搜索暂时不可用"}, status=503)
    results = []
    site = request.build_absolute_uri("/")[:-1]  # scheme and host, once for the page's results
    for r in response.results:
        item = {key: r[key] for key in RESULT_KEYS}
        url = r["url"]
        item["url"] = (iri_to_uri(site + url) if url.startswith("/") and not url.startswith("//")
                       else request.build_absolute_uri(url) if url else "")
        results.append(item)
    last = min(response.num_pages, service.MAX_PAGE)
    return json_response({
        "count": response.count,
        "page": response.page,
        "num_pages": response.num_pages,
        "per_page": req.per_page,
        "next": _page_url(request, req, req.page + 1) if req.page < last else None,
        "previous": _page_url(request, req, req.page - 1) if req.page > 1 else None,
        "left_out": response.left_out,
        "notes": list(response.notes),
        "results": results,
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
    topics = topics_of(item)  # the topics the article page lists
    return json_response({
        "id": item.pk,
        "uid": item.uid,
        "url": request.build_absolute_uri(item.get_absolute_url()),
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
            {"name": a.person.name, "slug": a.person.slug,
             "url": request.build_absolute_uri(a.person.get_absolute_url()),
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
