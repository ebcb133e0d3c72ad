"""Around the site: the Atom feed, OpenSearch, the sitemap, the error pages, the stylesheet."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.test import Client, override_settings

from archive.models import Article

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent.parent
ATOM = "{http://www.w3.org/2005/Atom}"


def test_atom_feed_lists_latest_issues(client):
    response = client.get("/feeds/latest.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 5
    assert entries[0].find(f"{ATOM}title").text == "衡阳晚报 2023-10-27 第1版"
    assert entries[0].find(f"{ATOM}link").get("href") == "http://testserver/issues/hywb/2023-10-27/1/"


def test_opensearch_points_at_the_search_page(client):
    response = client.get("/opensearch.xml")
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    doc = ElementTree.fromstring(response.content)
    urls = [u.get("template") for u in doc.findall("{http://a9.com/-/spec/opensearch/1.1/}Url")]
    assert "http://testserver/search/?q={searchTerms}" in urls
    assert 'rel="search" type="application/opensearchdescription+xml"' in client.get("/").content.decode()


def test_sitemap_index_and_sections(client):
    index = client.get("/sitemap.xml").content.decode()
    for section in ("pages", "issues", "articles", "people", "topics"):
        assert f"http://testserver/sitemap-{section}.xml" in index
    articles = client.get("/sitemap-articles.xml").content.decode()
    assert articles.count("<url>") == 24
    article = Article.objects.get(issue__paper__slug="hywb", issue__date="2023-03-23", position=2)
    assert f"http://testserver/articles/{article.uid}/" in articles
    assert "/issues/" not in articles


def test_server_error_page_is_friendly_and_needs_no_database():
    client = Client(raise_request_exception=False)
    with override_settings(ROOT_URLCONF="tests.browse.failing_urls"):
        response = client.get("/boom/")
    assert response.status_code == 500
    assert "服务器出了点问题" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_stylesheet_is_our_own_and_loads_nothing_from_outside():
    css = (ROOT / "static/archive/site.css").read_text(encoding="utf-8")
    templates = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "templates").rglob("*.html"))
    assert not re.search(r"https?://", css)
    assert not re.search(r"<(link|script)[^>]+(src|href)=\"https?://", templates)
    assert "@import" not in css and "@font-face" not in css
