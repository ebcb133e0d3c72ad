"""A reader searches: unspaced words, results with paper, date and page, the facets beside the
results on a desktop and behind a 筛选 button on a phone, the article with the query marked."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_search_results_facets_and_the_marked_article(live_url, page, viewport, shoot):
    page.goto(f"{live_url}/search/")
    page.fill("#search-q", "刘越高物流")
    page.click(".search-form button[type=submit]")
    page.wait_for_selector(".result")
    meta = page.inner_text(".result .meta")
    assert "年" in meta and "版" in meta
    facets = page.locator("details.facets")
    first_facet = page.locator("details.facets .facet a").first
    if viewport["width"] < 600:
        assert not first_facet.is_visible()  # behind the button, above the results
        assert facets.bounding_box()["y"] < page.locator(".result").first.bounding_box()["y"]
        page.click("details.facets > summary")
    assert first_facet.is_visible()
    shoot("results")
    page.click(".result-title a")
    page.wait_for_selector("article.article")
    assert page.locator("article.article mark").count() > 0
    assert "hl=" in page.url
    shoot("article")
