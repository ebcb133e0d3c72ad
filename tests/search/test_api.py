"""Search through /api/search/: every printed string finds its article, headlines first, the syntax, hostile input."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.search.engine.text import normalize

from .conftest import api, headline, ids

HOSTILE = ['"', "(", ")", "AND", "OR", "NOT", "*", "title:", "x" * 2000, "<script>alert(1)</script>",
           "-", "--", "\\", "'; DROP TABLE archive_article; --", "%", "\u0000", "🙂", "「", "title:(", "OR OR"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_printed_string_finds_its_article(client, articles, data):
    article = data.draw(st.sampled_from(articles), label="article")
    source = data.draw(st.sampled_from([s for s in (article.title, article.body) if len(s.strip()) >= 2]),
                       label="field")
    size = data.draw(st.integers(min_value=2, max_value=min(8, len(source))), label="size")
    start = data.draw(st.integers(min_value=0, max_value=len(source) - size), label="start")
    needle = source[start : start + size]
    if not needle.strip():
        return
    found = ids(api(client, q=needle, per_page=100))
    assert article.pk in found, f"{needle!r} did not find article {article.pk}"


def test_every_title_finds_its_article_first(client, articles):
    for article in articles:
        if not article.title:
            continue
        data = api(client, q=article.title)
        assert data["results"] and data["results"][0]["id"] == article.pk, article.title


@pytest.mark.parametrize("size", [2, 3, 4, 6])
def test_headlines_rank_first(client, articles, size):
    """Once a result does not print the query in its headline, no later one does."""
    headlines = {a.pk: normalize(headline(a)) for a in articles}
    for article in articles:
        text = "".join(article.title.split())
        if len(text) < size:
            continue
        needle = text[:size]
        results = api(client, q=needle, per_page=100)["results"]
        in_headline = [normalize(needle) in headlines[r["id"]] for r in results]
        assert in_headline == sorted(in_headline, reverse=True), needle


def test_word_matches_rank_above_characters_that_only_stand_side_by_side(client, articles):
    # 越高 is a word in 刘越高's articles (a learned name with its sub-words) …
    results = api(client, q="刘越高")["results"]
    assert results
    assert all("刘越高" in r["snippet"].replace("<mark>", "").replace("</mark>", "") or "刘越高" in r["title"]
               or "刘越高" in r["kicker"] + r["subtitle"] for r in results)


def test_traditional_characters(client, articles):
    assert ids(api(client, q="劉越高", per_page=100)) == ids(api(client, q="刘越高", per_page=100))
    assert api(client, q="劉越高")["count"] > 0
    assert ids(api(client, q="衡陽")) == ids(api(client, q="衡阳"))


def test_phrase(client, articles):
    data = api(client, q='"区域物流中心"', per_page=100)
    expected = {a.pk for a in articles if "区域物流中心" in "".join((headline(a) + a.body).split())}
    assert expected and set(ids(data)) == expected


def test_exclusion(client, articles):
    both = set(ids(api(client, q="刘越高 物流", per_page=100)))
    liu = set(ids(api(client, q="刘越高", per_page=100)))
    without = set(ids(api(client, q="刘越高 -物流", per_page=100)))
    assert both and without and without == liu - both


def test_or(client, articles):
    a = set(ids(api(client, q="物流", per_page=100)))
    b = set(ids(api(client, q="算力", per_page=100)))
    assert set(ids(api(client, q="物流 OR 算力", per_page=100))) == a | b
    assert a - b and b - a


def test_title_only(client, articles):
    results = api(client, q="title:刘越高", per_page=100)["results"]
    assert results
    assert all("刘越高" in r["kicker"] + r["title"] + r["subtitle"] for r in results)
    assert len(results) < api(client, q="刘越高")["count"]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_queries_answer_200_with_escaped_output(client, articles, q):
    response = client.get("/api/search/", {"q": q})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.content.decode("utf-8")
    unmarked = body.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in unmarked and ">" not in unmarked  # snippets are escaped HTML
    data = json.loads(body)
    assert set(data) >= {"count", "page", "results", "facets"}
    page = client.get("/search/", {"q": q})
    assert page.status_code == 200
    assert "<script>alert" not in page.content.decode()


def test_result_fields_and_highlights(client, articles):
    data = api(client, q="刘越高")
    first = data["results"][0]
    assert set(first) == {"id", "url", "title", "kicker", "subtitle", "paper", "date", "date_text", "page", "kind",
                          "snippet", "persons", "score"}
    assert "<mark>刘越高</mark>" in first["snippet"]
    assert "刘越高" in first["persons"]
    article = next(a for a in articles if a.pk == first["id"])
    assert first["url"] == "http://testserver" + article.get_absolute_url()
    day = article.issue.date
    assert first["date_text"] == f"{day.year}年{day.month}月{day.day}日" and first["page"] == article.issue.page
    assert client.get(first["url"]).status_code == 200


def test_facets_filters_and_sorting(client, articles):
    data = api(client, q="会议", per_page=100)
    facets = data["facets"]
    assert set(facets) == {"year", "paper", "kind", "person", "topic"}
    assert sum(f["count"] for f in facets["paper"]) == data["count"]
    person = facets["person"][0]
    narrowed = api(client, q="会议", person=person["value"], per_page=100)
    assert narrowed["count"] == person["count"]
    assert all(person["label"] in r["persons"] for r in narrowed["results"])
    year = facets["year"][0]["value"]
    assert all(r["date"].startswith(year) for r in api(client, q="会议", year=year, per_page=100)["results"])
    paper = facets["paper"][0]["value"]
    assert all(r["paper"] == paper for r in api(client, q="会议", paper=paper, per_page=100)["results"])
    newest = [r["date"] for r in api(client, q="会议", sort="newest", per_page=100)["results"]]
    oldest = [r["date"] for r in api(client, q="会议", sort="oldest", per_page=100)["results"]]
    assert newest == sorted(newest, reverse=True) and oldest == sorted(oldest)
    day = oldest[0]
    in_range = api(client, q="会议", **{"from": day, "to": day}, per_page=100)["results"]
    assert in_range and all(r["date"] == day for r in in_range)


def test_paging(client, articles):
    whole = ids(api(client, q="市", per_page=100))
    pages = [ids(api(client, q="市", per_page=5, page=p)) for p in range(1, 4)]
    assert sum(pages, []) == whole[:15]
    assert api(client, q="市", per_page=5, page=400)["results"] == []


def test_filters_without_a_query_list_newest_first(client, articles):
    data = api(client, person="刘越高", per_page=100)
    assert data["count"] > 0
    dates = [r["date"] for r in data["results"]]
    assert dates == sorted(dates, reverse=True)


def test_article_api(client, articles):
    article = next(a for a in articles if a.appearances.exists())
    data = client.get(f"/api/articles/{article.pk}/").json()
    assert data["id"] == article.pk and data["title"] == article.title
    assert data["paragraphs"] == article.paragraphs
    assert {"name", "titles", "roles"} <= set(data["persons"][0])
    assert "event" in data
    assert client.get("/api/articles/999999/").status_code == 404
