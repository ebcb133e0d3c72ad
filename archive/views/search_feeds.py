"""Saved searches as Atom feeds: `/search/feed/?q=…` (any search, newest first) and one per person.

A feed reader polls the feed and shows each new article that the search finds; the
filters of the search page (paper, person, topic, dates …) work here too.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags

from archive.models import Person
from archive.search import service

ITEMS = 30


@dataclass
class Subject:
    """What a feed follows: a search request and how the feed names it."""

    req: service.SearchRequest
    title: str
    link: str
    subtitle: str


class SearchFeed(Feed):
    """The newest articles a search finds."""

    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except service.SearchUnavailable:
            return render(request, "archive/search_unavailable.html", {}, status=503)

    def get_object(self, request: HttpRequest, *args, **kwargs) -> Subject:
        req = service.SearchRequest.from_params(request.GET)
        req.sort, req.page, req.per_page = "newest", 1, ITEMS
        params = req.params(sort="", page="")
        link = reverse("search:search") + ("?" + urlencode(params) if params else "")
        return Subject(req, f"衡阳报纸档案馆 · 搜索：{req.q.strip() or '全部文章'}", link, "这个搜索找到的最新文章")

    def title(self, subject: Subject) -> str:
        return subject.title

    def link(self, subject: Subject) -> str:
        return subject.link

    def subtitle(self, subject: Subject) -> str:
        return subject.subtitle

    def items(self, subject: Subject) -> list[dict]:
        return service.search(subject.req, with_facets=False).results

    def item_title(self, item: dict) -> str:
        return item["title"]

    def item_link(self, item: dict) -> str:
        return item["url"]

    def item_description(self, item: dict) -> str:
        return f"{item['paper']} {item['date_text']} 第{item['page']}版：{strip_tags(item['snippet'])}"

    def item_pubdate(self, item: dict) -> datetime.datetime | None:
        if not item["date"]:
            return None
        day = datetime.date.fromisoformat(item["date"])
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(6, 0)))


class PersonFeed(SearchFeed):
    """The newest articles a person appears in (the search filtered to the person)."""

    def get_object(self, request: HttpRequest, slug: str) -> Subject:
        person = get_object_or_404(Person, slug=slug)
        req = service.SearchRequest(person=person.slug, sort="newest", per_page=ITEMS)
        title = f"衡阳报纸档案馆 · {person.name}"
        return Subject(req, title, person.get_absolute_url(), f"{person.name}出现的最新文章")


search_feed = SearchFeed()
person_feed = PersonFeed()
