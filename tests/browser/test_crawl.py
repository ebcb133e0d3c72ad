"""Follow every internal link from the home page: no error, no broken link, every page labelled and titled."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.error import HTTPError
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.request import urlopen

import pytest

pytestmark = pytest.mark.django_db(transaction=True)
MAX_PAGES = 3000


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.tags: list[str] = []
        self.lang = ""
        self.labelled: set[str] = set()
        self.fields: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.lang = values.get("lang") or ""
        if tag in ("a", "link") and values.get("href"):
            self.links.append(values["href"])
        if tag == "label" and values.get("for"):
            self.labelled.add(values["for"])
        if tag in ("input", "select", "textarea") and values.get("type") not in ("hidden", "submit"):
            self.fields.append(values.get("id") or "")

    def unlabelled_fields(self) -> list[str]:
        return [field for field in self.fields if field not in self.labelled]


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urlopen(url, timeout=30) as response:  # redirects are followed: a redirect to a 200 is fine
            return response.status, response.headers.get_content_type(), response.read()
    except HTTPError as exc:
        return exc.code, "", b""


def test_every_internal_link_from_home_answers(live_url):
    host = urlsplit(live_url).netloc
    queue, seen, broken, pages = [live_url + "/"], {live_url + "/"}, [], 0
    while queue and pages < MAX_PAGES:
        url = queue.pop()
        status, content_type, body = fetch(url)
        pages += 1
        if status != 200:
            broken.append((url, status))
            continue
        if content_type != "text/html":
            continue
        page = Page()
        page.feed(body.decode("utf-8"))
        assert page.lang == "zh-CN", url
        assert page.tags.count("main") == 1 and page.tags.count("h1") == 1 and "title" in page.tags, url
        assert page.unlabelled_fields() == [], url
        for href in page.links:
            target = urldefrag(urljoin(url, href))[0]
            if urlsplit(target).netloc == host and target not in seen:
                seen.add(target)
                queue.append(target)
    assert broken == []
    assert pages > 100  # dates, issues, articles, people, topics, events, feeds and the sitemap were reached
