"""The article page's cite box and meta tags, and the citation downloads, on the seed pages."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
import rispy

from archive.models import Article

pytestmark = pytest.mark.django_db

SCHEMA = json.loads((Path(__file__).parent / "csl-data-subset.json").read_text(encoding="utf-8"))


class MetaTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = dict(attrs)
        if tag == "meta" and "name" in values:
            self.tags.append((values["name"], values.get("content", "")))


def meta_of(html: str) -> list[tuple[str, str]]:
    parser = MetaTags()
    parser.feed(html)
    return parser.tags


def article_at(date: str, position: int) -> Article:
    return Article.objects.select_related("issue__paper").get(issue__date=date, position=position)


def test_meta_tags_describe_a_newspaper_article(client):
    article = article_at("2023-03-23", 2)
    tags = meta_of(client.get(article.get_absolute_url()).content.decode())
    names = dict(tags)
    assert names["DC.type"] == "newspaperArticle"
    assert names["citation_title"] == "衡阳算力中心建设项目签约仪式举行:刘越高出席并致辞 朱健出席"
    assert names["citation_journal_title"] == "衡阳晚报" and names["DC.source"] == "衡阳晚报"
    assert names["citation_publication_date"] == "2023/03/23" and names["DC.date"] == "2023-03-23"
    assert names["citation_firstpage"] == "1"
    assert ("citation_author", "陈润") in tags
    assert names["citation_public_url"] == f"http://testserver/articles/{article.uid}/"
    assert names["DC.identifier"] == names["citation_public_url"]


def test_an_untitled_photo_is_shown_and_cited_as_untitled(client):
    photo = Article.objects.filter(kind="photo", title="").select_related("issue__paper").first()
    html = client.get(photo.get_absolute_url()).content.decode()
    assert '<span class="standin-label">图片，无题</span>' in html
    names = dict(meta_of(html))
    assert names["citation_title"] == "[图片，无题]"
    assert "[图片，无题][N]." in html and "原文无标题" in html
    for fmt in ("ris", "bib", "json"):
        text = client.get(f"/articles/{photo.uid}/cite.{fmt}").content.decode()
        assert "图片新闻：" not in text and "[图片，无题]" in text


def test_a_fragment_is_shown_as_a_continuation_without_title(client):
    fragment = Article.objects.filter(kind="fragment", title="").first()
    html = client.get(fragment.get_absolute_url()).content.decode()
    assert '<span class="standin-label">续文，无题</span>' in html
    assert "[续文，无题][N]." in html


def test_downloads_parse_in_reference_tools(client):
    article = article_at("2023-03-23", 2)
    url = f"http://testserver/articles/{article.uid}/"
    response = client.get(f"/articles/{article.uid}/cite.ris")
    assert response["Content-Type"].startswith("application/x-research-info-systems")
    assert f'filename="{article.uid}.ris"' in response["Content-Disposition"]
    (entry,) = rispy.loads(response.content.decode())
    assert entry["type_of_reference"] == "NEWS" and entry["urls"] == [url] and entry["authors"] == ["陈润"]

    library = bibtexparser.parse_string(client.get(f"/articles/{article.uid}/cite.bib").content.decode())
    (bib,) = library.entries
    assert {f.key: f.value for f in bib.fields}["url"] == url

    data = json.loads(client.get(f"/articles/{article.uid}/cite.json").content.decode())
    jsonschema.validate(data, SCHEMA)
    assert data[0]["type"] == "article-newspaper" and data[0]["URL"] == url


def test_an_unknown_format_is_a_404(client):
    article = article_at("2023-03-23", 2)
    assert client.get(f"/articles/{article.uid}/cite.docx").status_code == 404
