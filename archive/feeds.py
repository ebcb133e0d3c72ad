"""Atom feed of the newest pages, for feed readers."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from .models import Issue
from .parsing.text import printable

ITEMS = 30


class LatestIssuesFeed(Feed):
    feed_type = Atom1Feed
    title = "衡阳报纸档案馆 · 最新版面"
    subtitle = "衡阳晚报、衡阳日报最新收录的版面"
    link = "/"

    def items(self) -> QuerySet[Issue]:
        return Issue.objects.select_related("paper").defer("raw_text").order_by("-date", "paper__name", "page")[:ITEMS]

    # XML cannot carry control characters (the feed generator refuses them with an error):
    # names are cleaned when loaded, and cleaned again here for rows stored before that.
    def item_title(self, item: Issue) -> str:
        return printable(str(item))

    def item_description(self, item: Issue) -> str:
        return printable(f"{item} · 共 {item.article_count} 篇")

    def item_pubdate(self, item: Issue) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(6, 0)))

    def item_updateddate(self, item: Issue) -> datetime.datetime:
        return item.updated_at
