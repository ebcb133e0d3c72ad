"""The search page: one box, results with highlights, facets to narrow, paging, help when nothing is found."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from archive.models import Issue
from archive.search import service
from archive.search.engine import syntax

from . import crumbs

FACET_TITLES = {"year": "年份", "paper": "报纸", "kind": "类型", "person": "人物", "topic": "主题"}
SORT_LABELS = {"relevance": "相关度", "newest": "最新在前", "oldest": "最早在前"}
NOTES = {
    syntax.TRUNCATED: f"查询超过 {syntax.MAX_QUERY_CHARS} 个字符，只搜索了前 {syntax.MAX_QUERY_CHARS} 个字符。",
    syntax.TOO_MANY_TERMS: f"查询的词超过 {syntax.MAX_TERMS} 个，只搜索了前 {syntax.MAX_TERMS} 个。",
    syntax.OPERATOR_AS_TEXT: "查询中的 OR、AND、NOT 或 - 前后缺少词语，已按普通文字搜索。",
    syntax.LONE_EXCLUSION: "只有排除的词（- 或 NOT），没有可以排除的范围，已改为搜索这些词本身。",
}


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
                "url": _url(req.params(**{name: "" if e["value"] == active else e["value"]}, page="")),
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
    if req.issue:
        active.append({"title": "版面", "label": _issue_label(req.issue), "url": _url(req.params(issue=""))})
    if req.date_from or req.date_to:
        start = service.chinese_date(req.date_from) if req.date_from else "…"
        end = service.chinese_date(req.date_to) if req.date_to else "…"
        url = _url(req.params(**{"from": "", "to": ""}))
        active.append({"title": "日期", "label": f"{start} 至 {end}", "url": url})
    return active


def _issue_label(issue_id: str) -> str:
    issue = Issue.objects.select_related("paper").filter(pk=issue_id).first()
    return f"{issue.paper.name} {service.chinese_date(issue.date)} 第{issue.page}版" if issue else f"#{issue_id}"


def search(request: HttpRequest) -> HttpResponse:
    req = service.SearchRequest.from_params(request.GET)
    crumb = [crumbs.home(), ("搜索", None)]
    try:
        response = service.search(req)
        help_ = service.suggestions(req) if response.searched and not response.count else None
    except service.SearchUnavailable:
        return render(request, "archive/search_unavailable.html", {"req": req, "breadcrumbs": crumb}, status=503)
    hl = urlencode({"hl": req.q}) if req.q.strip() else ""
    for result in response.results:
        for key in ("title_html", "kicker_html", "subtitle_html", "snippet"):
            result[key] = mark_safe(result[key])  # noqa: S308 — built from escaped text and <mark> only
        result["link"] = f"{result['url']}?{hl}" if hl and result["url"] else result["url"]
    context = {
        "req": req,
        "response": response,
        "results": response.results,
        "notes": [NOTES[n] for n in response.notes if n in NOTES],
        "facet_groups": _facets(req, response),
        "active_filters": _active_filters(req, response),
        "page_links": _page_links(req, response),
        "sorts": [{"label": label, "current": key == req.sort, "url": _url(req.params(sort=key, page=""))}
                  for key, label in SORT_LABELS.items()],
        "help": help_,
        "feed_url": _url(req.params(page="", sort="")),
        "breadcrumbs": crumb,
        "max_chars": syntax.MAX_QUERY_CHARS,
    }
    if help_:
        for item in help_["alone"]:
            item["url"] = _url(item["params"])
        if help_["unfiltered"]:
            help_["unfiltered"]["url"] = _url(help_["unfiltered"]["params"])
    context["first_number"] = (req.page - 1) * req.per_page + 1
    context["prev_url"] = _url(req.params(page=req.page - 1)) if req.page > 1 else ""
    context["next_url"] = _url(req.params(page=req.page + 1)) if req.page < response.num_pages else ""
    return render(request, "archive/search.html", context)
