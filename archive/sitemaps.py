"""sitemap.xml: every issue, article, person and topic, and the listing pages."""

from __future__ import annotations

import datetime

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.views.decorators.cache import cache_page

from .models import Article, Issue, Person, Topic
from .topics import listed_topics

# Building an entry (its URL and date) costs Django some 100 µs, whatever the database does,
# so a page's size bounds its time: 500 entries answer well under 100 ms.
PAGE_SIZE = 500
# A sitemap is read by crawlers, not people: a page may be an hour old.
CACHE_SECONDS = 3600


class PagesSitemap(Sitemap):
    def items(self) -> list[str]:
        return ["archive:home", "archive:dates", "archive:people", "archive:topics", "archive:events"]

    def location(self, item: str) -> str:
        return reverse(item)


class DatedByLatestUpdate(Sitemap):
    """Django dates the sitemap index by calling lastmod() on every item; one MAX() says the same."""

    limit = PAGE_SIZE

    def lastmod(self, item: Issue | Article) -> datetime.datetime:
        return item.updated_at

    def get_latest_lastmod(self) -> datetime.datetime | None:
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class IssueSitemap(DatedByLatestUpdate):
    def items(self) -> QuerySet[Issue]:
        return Issue.objects.select_related("paper").only("id", "date", "page", "updated_at", "paper__slug").order_by(
            "id"
        )


class ArticleSitemap(DatedByLatestUpdate):
    def items(self) -> QuerySet[Article]:
        return Article.objects.only("id", "uid", "updated_at").order_by("id")


class PersonSitemap(Sitemap):
    limit = PAGE_SIZE

    def items(self) -> QuerySet[Person]:
        return Person.objects.only("id", "slug").order_by("id")


class TopicSitemap(Sitemap):
    limit = PAGE_SIZE

    def items(self) -> QuerySet[Topic]:
        return Topic.objects.filter(listed_topics(), article_count__gt=0).only("id", "slug").order_by("id")


SITEMAPS = {
    "pages": PagesSitemap,
    "issues": IssueSitemap,
    "articles": ArticleSitemap,
    "people": PersonSitemap,
    "topics": TopicSitemap,
}

index = cache_page(CACHE_SECONDS)(sitemap_views.index)
section = cache_page(CACHE_SECONDS)(sitemap_views.sitemap)
