"""Every page renders in a fixed number of SQL queries, on the seeds and on a 10,000-article archive.

Counts are taken with an empty cache (the most a page runs); a page served from the
cache runs no more.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Article

pytestmark = pytest.mark.django_db

# URL → the most queries its page may run, whatever the size of the archive.
PAGES = {
    "/": 4,
    "/dates/": 2,
    "/dates/2023/": 3,
    "/dates/2023/3/": 4,  # the calendar, and the month's front-page thumbnails
    "/dates/2023-03-23/": 4,
    "/issues/hywb/2023-03-23/1/": 5,  # its own pages (上一版/下一版), the previous and next issue (上一期/下一期)
    "/issues/hywb/2023-03-23/1/raw/": 1,
    "article:hywb/2023-03-23/1/1": 4,
    "/issues/hywb/2023-03-23/1/1/": 1,  # the old position URL: a redirect to the permalink
    "/people/": 3,
    "/people/?kind=journalist": 3,
    "/people/?q=刘": 3,
    "/people/刘越高/": 7,
    "/people/刘越高/?role=presided&page=2": 7,
    "/people/陈润/": 7,
    "/topics/": 3,
    "/topics/制造立市/": 4,
    "/events/": 4,
    "/events/?kind=meeting&start=2016-01-01&end=2023-12-31&page=3": 4,
    "/feeds/latest.atom": 2,  # the pages, then their headlines
    "/feeds/hywb.atom": 3,  # the paper too
    "/opensearch.xml": 0,
    "/sitemap.xml": 6,
    "/sitemap-articles.xml": 2,
}
SYNTHETIC_ONLY = {
    "/dates/2016/": 3,
    "/dates/2016/3/": 4,
    "/dates/2016-03-01/": 4,
    "/issues/hywb/2016-03-01/2/": 5,
    "article:hywb/2016-03-01/2/5": 4,
    "/people/刘越高/?page=150": 7,
    "/people/刘越高/?role=attended": 7,
    "/people/synthetic-7/": 7,
    "/topics/制造立市/?page=150": 4,
    "/sitemap-articles.xml?p=15": 2,
    "/sitemap-issues.xml?p=2": 2,
}


def resolve(url: str) -> str:
    """"article:paper/date/page/position" stands for that article's permalink (its id is random)."""
    if not url.startswith("article:"):
        return url
    paper, date, page, position = url.removeprefix("article:").split("/")
    return Article.objects.get(issue__paper__slug=paper, issue__date=date, issue__page=page,
                               position=int(position)).get_absolute_url()


def get_ok(client, url: str) -> bool:
    response = client.get(url)
    return response.status_code == (301 if url.startswith("/issues/") and url.rstrip("/").split("/")[-1].isdigit()
                                    and url.count("/") == 6 else 200)


def count_queries(client, url: str) -> int:
    url = resolve(url)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert get_ok(client, url), url
    return len(queries)


@pytest.mark.parametrize("url", PAGES)
def test_seed_pages_stay_within_their_query_budget(client, url, django_assert_max_num_queries):
    url_now = resolve(url)
    with django_assert_max_num_queries(PAGES[url]):
        assert get_ok(client, url_now)
    with django_assert_max_num_queries(PAGES[url]):  # the same page again, parts of it from the cache
        assert get_ok(client, url_now)


def test_page_queries_do_not_grow_with_the_archive(client, django_assert_max_num_queries):
    seeds = {url: count_queries(client, url) for url in PAGES}
    from .conftest import build_archive

    build_archive(10_000)
    for url, budget in {**PAGES, **SYNTHETIC_ONLY}.items():
        url_now = resolve(url)
        cache.clear()
        with django_assert_max_num_queries(budget):
            assert get_ok(client, url_now), url
    grown = {url: (seeds[url], count_queries(client, url)) for url in PAGES}
    assert {url: c for url, c in grown.items() if c[1] != c[0]} == {}
