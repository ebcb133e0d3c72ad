"""The search page: the box on every page, results, facets, paging, the nothing-found page."""

from __future__ import annotations

from django.urls import reverse


def test_urls_are_in_the_search_namespace():
    assert reverse("search:search") == "/search/"
    assert reverse("search:api_search") == "/api/search/"
    assert reverse("search:api_article", args=[7]) == "/api/articles/7/"


def test_every_page_has_the_box(client, articles):
    page = client.get("/").content.decode()
    assert 'action="/search/"' in page and 'name="q"' in page


def test_results_page(client, articles):
    page = client.get("/search/", {"q": "刘越高"}).content.decode()
    assert "找到" in page and "<mark>刘越高</mark>" in page
    assert 'class="facets"' in page and "人物" in page
    assert "/search/?" in page or "?q=" in page


def test_facet_links_narrow_and_paging(client, articles):
    page = client.get("/search/", {"q": "市", "per_page": 3}).content.decode()
    assert 'rel="next"' in page
    assert "person=" in page and "year=" in page


def test_nothing_found_suggests_what_to_try(client, articles):
    page = client.get("/search/", {"q": "刘越高 zzqqxx"}).content.decode()
    assert "没有找到" not in page and "以下结果不含：“zzqqxx”" in page
    page = client.get("/search/", {"q": "zzqqxx qqzzyy"}).content.decode()
    assert "没有找到" in page


def test_unclosed_quotes_are_text_and_loosened_when_not_printed(client, articles):
    page = client.get("/search/", {"q": '"刘越高'}).content.decode()
    assert "不计其中的标点" in page
    assert "<mark>刘越高</mark>" in page


def test_notes_say_how_the_query_was_read(client, articles):
    assert "已改为搜索这些词本身" in client.get("/search/", {"q": "-刘越高"}).content.decode()
    assert "已按普通文字搜索" in client.get("/search/", {"q": "刘越高 OR"}).content.decode()
    assert "只搜索了前" in client.get("/search/", {"q": "刘越高" * 200}).content.decode()
