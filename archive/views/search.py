"""The search page: one box, results with highlights, facets to narrow, paging, help when nothing is found."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from archive.search import service

from . import crumbs

FACET_TITLES = {"year": "年份", "paper": "报纸", "kind": "类型", "person": "人物", "topic": "主题"}
SORT_LABELS = {"relevance": "相关度", "newest": "最新在前", "oldest": "最早在前"}


def _url(params: dict) -> str:
    return "?" + urlencode(params) if params else "?"


def _page_links(req: service.SearchRequest, response: service.SearchResponse) -> list[dict]:
    if response.num_pages <= 1:
        return []
    last = min(response.num_pages, service.MAX_PAGE)
    numbers = sorted({1, last, *range(max(1, req.page - 2), min(last, req.page + 2) + 1)})
    links, previous = [], 0
    for n in numbers:
        if n - previous > 1:
            links.append({"gap": True})
        links.append({"number": n, "url": _url(req.params(page=n)), "current": n == req.page})
        previous = n
    return links


def _facets(req: service.SearchRequest, response: service.SearchResponse) -> list[dict]:
    groups = []
    for name, entries in response.facets.items():
        active = getattr(req, name)
        items = [
            {
                "label": e["label"], "count": e["count"], "active": e["value"] == active,
                "url": _url(req.params(**{name: "" if e["value"] == active else e["value"]})),
            }
            for e in entries
        ]
        if items:
            groups.append({"name": name, "title": FACET_TITLES[name], "items": items})
    return groups


def _active_filters(req: service.SearchRequest, response: service.SearchResponse) -> list[dict]:
    labels = {name: {e["value"]: e["label"] for e in entries} for name, entries in response.facets.items()}
    active = []
    for name in service.FACETS:
        value = getattr(req, name)
        if value:
            label = labels.get(name, {}).get(value, value)
            active.append({"title": FACET_TITLES[name], "label": label, "url": _url(req.params(**{name: ""}))})
    if req.date_from or req.date_to:
        span = f"{req.date_from or '…'} 至 {req.date_to or '…'}"
        active.append({"title": "日期", "label": span, "url": _url(req.params(**{"from": "", "to": ""}))})
    return active


def search(request: HttpRequest) -> HttpResponse:
    req = service.SearchRequest.from_params(request.GET)
    response = service.search(req)
    for result in response.results:
        for key in ("title_html", "kicker_html", "subtitle_html", "snippet"):
            result[key] = mark_safe(result[key])  # noqa: S308 — built from escaped text and <mark> only
    context = {
        "req": req,
        "response": response,
        "results": response.results,
        "facet_groups": _facets(req, response),
        "active_filters": _active_filters(req, response),
        "page_links": _page_links(req, response),
        "sorts": [{"label": label, "current": key == req.sort, "url": _url(req.params(sort=key, page=""))}
                  for key, label in SORT_LABELS.items()],
        "help": service.suggestions(req) if response.searched and not response.count else None,
        "breadcrumbs": [crumbs.home(), ("搜索", None)],
    }
    if context["help"]:
        for item in context["help"]["alone"]:
            item["url"] = _url(item["params"])
        if context["help"]["unfiltered"]:
            context["help"]["unfiltered"]["url"] = _url(context["help"]["unfiltered"]["params"])
    context["first_number"] = (req.page - 1) * req.per_page + 1
    context["prev_url"] = _url(req.params(page=req.page - 1)) if req.page > 1 else ""
    context["next_url"] = _url(req.params(page=req.page + 1)) if req.page < response.num_pages else ""
    return render(request, "archive/search.html", context)
