"""Atom feeds of the newest pages, all papers or one, each entry listing its page's headlines."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join

from .models import Article, Issue, Paper
from .parsing.text import printable

ITEMS = 30
HEADLINE_FIELDS = ("id", "uid", "issue_id", "position", "kind", "kicker", "title", "subtitle", "body")


@dataclass(frozen=True)
class Scope:
    """What one request of a feed covers; the feed object itself is shared between requests."""

    paper: Paper | None
    base_url: str  # the site's address: headline links inside an entry must be absolute


class LatestIssuesFeed(Feed):
    feed_type = Atom1Feed
    title = "衡阳报纸档案馆 · 最新版面"
    subtitle = "衡阳晚报、衡阳日报最新收录的版面"
    link = "/"

    def get_object(self, request: HttpRequest, *args, **kwargs) -> Scope:
        return Scope(None, request.build_absolute_uri("/").rstrip("/"))

    def items(self, obj: Scope) -> list[Issue]:
        issues = Issue.objects.select_related("paper").defer("raw_text", "furniture")
        if obj.paper is not None:
            issues = issues.filter(paper=obj.paper)
        headlines = Article.objects.only(*HEADLINE_FIELDS).order_by("position")
        found = list(
            issues.order_by("-date", "paper__name", "page").prefetch_related(Prefetch("articles", queryset=headlines))[
                :ITEMS
            ]
        )
        for issue in found:
            issue.feed_base_url = obj.base_url
        return found

    # XML cannot carry control characters (the feed generator refuses them with an error):
    # names are cleaned when loaded, and cleaned again here for rows stored before that.
    def item_title(self, item: Issue) -> str:
        return printable(str(item))

    def item_description(self, item: Issue) -> str:
        """The page's headlines as printed (引题, 标题, 副题), each linked to its article."""
        rows = format_html_join("", "<li>{}<a href=\"{}\">{}</a>{}</li>", (
            (
                format_html("<small>{}</small><br>", printable(a.kicker)) if a.kicker else "",
                item.feed_base_url + a.get_absolute_url(),
                printable(a.display_title),
                format_html("<br><small>——{}</small>", printable(a.subtitle)) if a.subtitle else "",
            )
            for a in item.articles.all()
        ))
        return format_html("<p>{} · 共 {} 篇</p><ol>{}</ol>", printable(str(item)), item.article_count, rows)

    def item_pubdate(self, item: Issue) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(6, 0)))

    def item_updateddate(self, item: Issue) -> datetime.datetime:
        return item.updated_at


class PaperIssuesFeed(LatestIssuesFeed):
    """One paper's newest pages, for a reader who follows only that paper."""

    def get_object(self, request: HttpRequest, *args, **kwargs) -> Scope:
        paper = get_object_or_404(Paper, slug=kwargs["paper"])
        return Scope(paper, request.build_absolute_uri("/").rstrip("/"))

    def title(self, obj: Scope) -> str:
        return printable(f"{obj.paper.name} · 最新版面")

    def subtitle(self, obj: Scope) -> str:
        return printable(f"衡阳报纸档案馆最新收录的{obj.paper.name}版面")

    def link(self, obj: Scope) -> str:
        return reverse("archive:dates")
