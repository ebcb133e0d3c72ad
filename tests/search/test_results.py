"""What a search shows and where it can be narrowed: fields, scopes, links, feeds, the API's answers,
and what happens when the index cannot be read."""

from __future__ import annotations

import logging

import pytest

from archive.search.engine.highlight import snippet
from archive.search.engine.reader import IndexHolder

from .conftest import api, ids


def test_unspaced_words_find_what_spaced_words_find_and_exact_strings_come_first(client, articles):
    spaced = set(ids(api(client, q="刘越高 物流", per_page=100)))
    unspaced = ids(api(client, q="刘越高物流", per_page=100))
    assert spaced and spaced <= set(unspaced)
    printed = {a.pk for a in articles if "区域物流中心" in "".join((a.title + a.body).split())}
    found = ids(api(client, q="区域物流中心", per_page=100))
    assert set(found[: len(printed)]) == printed  # the printed string before its words


def test_traditional_phrases(client, articles):
    assert ids(api(client, q="瞭解", per_page=100)) == ids(api(client, q="了解", per_page=100))
    assert ids(api(client, q="反覆", per_page=100)) == ids(api(client, q="反复", per_page=100))


def test_bylines_and_datelines_are_found_only_through_their_fields(client, articles):
    article = next(a for a in articles if a.byline and a.byline not in a.title + a.body)
    byline = "".join(article.byline.split())[:6]
    assert article.pk not in ids(api(client, q=f'"{byline}"', per_page=100))
    assert article.pk in ids(api(client, q=f'记者:"{byline}"', per_page=100))
    dated = next(a for a in articles if a.dateline and a.dateline not in a.title + a.body)
    assert dated.pk in ids(api(client, q=f'电头:"{dated.dateline.strip()[:4]}"', per_page=100))


def test_search_within_an_issue(client, articles):
    article = articles[0]
    found = api(client, q="", issue=article.issue_id, per_page=100)
    assert set(ids(found)) == {a.pk for a in articles if a.issue_id == article.issue_id}
    page = client.get(article.issue.get_absolute_url()).content.decode()
    assert f'name="issue" value="{article.issue_id}"' in page


def test_api_links_and_invalid_parameters(client, articles):
    data = api(client, q="市", per_page=2)
    assert data["next"].startswith("http://testserver/api/search/?") and data["previous"] is None
    assert data["results"][0]["url"].startswith("http://testserver/")
    second = client.get(data["next"]).json()
    assert second["page"] == 2 and second["previous"].startswith("http://testserver/")
    for params in ({"page": "abc"}, {"per_page": "0"}, {"sort": "best"}, {"from": "2023-13-01"}, {"year": "23"}):
        response = client.get("/api/search/", {"q": "市", **params})
        assert response.status_code == 400
        assert next(iter(params)) in response.json()["error"]
    assert client.get("/search/", {"q": "市", "page": "abc"}).status_code == 200  # the page is lenient


def test_results_link_to_the_article_with_the_query_marked(client, articles):
    page = client.get("/search/", {"q": "刘越高"}).content.decode()
    assert "?hl=%E5%88%98%E8%B6%8A%E9%AB%98" in page
    assert "年" in page and "版" in page  # the Chinese date and the page of each result
    article = next(a for a in articles if "刘越高" in a.body)
    html = client.get(article.get_absolute_url(), {"hl": "刘越高"}).content.decode()
    assert "<mark>刘越高</mark>" in html
    html = client.get(article.get_absolute_url(), {"hl": "<script>刘越高"}).content.decode()
    assert "<script>刘越高" not in html


def test_facets_are_a_button_above_the_results(client, articles):
    page = client.get("/search/", {"q": "市"}).content.decode()
    assert page.index('<details class="facets"') < page.index('class="search-results"')
    assert "<summary>筛选</summary>" in page and 'type="date" name="from"' in page
    assert "<script>" not in page.replace('<script src="/static/archive/search.js" defer></script>', "")


def test_snippets_never_cut_a_marked_string():
    text = "乙" * 117 + "刘越高" + "丙" * 100
    assert "<mark>刘越高</mark>" in snippet(text, ["刘越高"], size=120)
    assert "<mark>刘越高</mark>" in snippet("丙" * 30 + "刘越高" + "丙" * 200, ["刘越高"], size=10)
    long_run = snippet("丙" * 40 + "刘越高" + "乙" * 300, ["刘越高", "乙乙"], size=60)
    assert long_run.count("<mark>") == long_run.count("</mark>") and len(long_run) < 400


def test_saved_searches_and_people_as_atom_feeds(client, articles):
    response = client.get("/search/feed/", {"q": "刘越高"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert body.count("<entry>") == api(client, q="刘越高")["count"] or body.count("<entry>") == 30
    from archive.models import Appearance

    person = Appearance.objects.select_related("person").first().person
    response = client.get(f"/people/{person.slug}/feed/")
    assert response.status_code == 200 and person.name in response.content.decode()
    assert client.get("/people/no-such-person/feed/").status_code == 404


@pytest.fixture
def no_index(tmp_path, monkeypatch):
    from archive.search import checks, service
    from archive.search.connection import get_holder

    holder = IndexHolder(str(tmp_path / "missing"), get_holder().schema)
    monkeypatch.setattr(service, "get_holder", lambda: holder)
    monkeypatch.setattr(checks, "get_holder", lambda: holder)
    service._reported.clear()
    yield holder
    service._reported.clear()


def test_a_missing_index_is_reported_not_hidden(client, articles, no_index, caplog):
    from archive.search.checks import index_readable

    with caplog.at_level(logging.ERROR, logger="archive.search"):
        page = client.get("/search/", {"q": "刘越高"})
        assert page.status_code == 503 and "搜索暂时不可用" in page.content.decode()
        response = client.get("/api/search/", {"q": "刘越高"})
        assert response.status_code == 503 and response.json() == {"error": "搜索暂时不可用"}
        assert client.get("/search/feed/", {"q": "刘越高"}).status_code == 503
    assert len([r for r in caplog.records if "search is unavailable" in r.getMessage()]) == 1  # logged once
    assert client.get("/").status_code == 200  # the rest of the site works
    assert client.get(articles[0].get_absolute_url()).status_code == 200
    assert [m.id for m in index_readable()] == ["archive.search.W001"]


def test_an_unreadable_index_is_reported(client, articles, no_index):
    import os

    os.makedirs(no_index.path)
    with open(os.path.join(no_index.path, "_MAIN_1.toc"), "wb") as handle:
        handle.write(b"not an index")
    assert client.get("/api/search/", {"q": "刘越高"}).status_code == 503
    assert "cannot be read" in no_index.check()


def test_a_reporter_finds_their_bylines_through_the_person_facet(client, articles):
    from archive.models import Appearance

    credit = Appearance.objects.filter(role__in=("reported", "photographed")).select_related("person").first()
    if credit is None:
        pytest.skip("no byline credits in the seeds")
    data = api(client, person=credit.person.slug, per_page=100)
    assert credit.article_id in ids(data)
    assert client.get(credit.person.get_absolute_url()).status_code == 200
