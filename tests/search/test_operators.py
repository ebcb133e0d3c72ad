"""The operator edge cases people type, end to end through /api/search/, against a brute-force scan."""

from __future__ import annotations

import pytest

from archive.search.engine.syntax import LONE_EXCLUSION, MAX_QUERY_CHARS, OPERATOR_AS_TEXT, TRUNCATED

from .conftest import api, ids
from .test_oracle import Scan


@pytest.fixture
def scan(articles) -> Scan:
    return Scan(articles)


def found(client, q: str) -> set[int]:
    data = api(client, q=q, per_page=100)
    assert data["count"] == len(data["results"]) < 100  # every result on the one page
    return set(ids(data))


@pytest.mark.parametrize("q", ["-物流", "－物流", "NOT 物流", "not 物流"])
def test_a_lone_exclusion_searches_for_the_word(client, scan, q):
    data = api(client, q=q, per_page=100)
    assert set(ids(data)) == scan.unquoted("物流") and data["count"] > 0
    assert LONE_EXCLUSION in data["notes"]


@pytest.mark.parametrize("q", ["刘越高 -物流", "刘越高 －物流", "刘越高 NOT 物流"])
def test_an_exclusion_leaves_out_the_articles_that_print_it(client, scan, q):
    expected = scan.unquoted("刘越高") - scan.printing("物流")
    assert expected and found(client, q) == expected


@pytest.mark.parametrize("q", ["物流 OR 算力", "物流 or 算力", "物流 ＯＲ 算力", "物流 | 算力"])
def test_either_in_the_forms_people_type(client, scan, q):
    expected = scan.unquoted("物流") | scan.unquoted("算力")
    assert found(client, q) == expected
    assert expected != scan.unquoted("物流") and expected != scan.unquoted("算力")


@pytest.mark.parametrize("q", ["物流 OR", "OR 物流", "物流 AND"])
def test_a_dangling_operator_is_text_and_never_finds_nothing(client, scan, q):
    data = api(client, q=q, per_page=100)
    assert OPERATOR_AS_TEXT in data["notes"]
    word = q.replace("物流", "").strip()
    both = scan.printing("物流") & scan.printing(word)
    if both:  # printed somewhere: found as text
        assert set(ids(data)) == both
    else:  # printed nowhere: left out, and the page says so
        assert set(ids(data)) == scan.unquoted("物流") and data["left_out"] == [word.lower()]


def test_a_space_between_a_number_and_its_measure_word_is_the_printed_string(client, scan):
    assert scan.printing("10 家")
    assert found(client, "10 家") == found(client, "10家") == scan.printing("10家")
    assert found(client, "10 家") != scan.printing("10")


@pytest.mark.parametrize(("traditional", "simplified"), [("瞭解", "了解"), ("反覆", "反复"), ("劉越高", "刘越高")])
def test_traditional_phrases_find_what_their_simplified_form_finds(client, scan, traditional, simplified):
    expected = scan.unquoted(simplified)
    assert expected and found(client, traditional) == expected
    assert found(client, f'"{traditional}"') == scan.printing(simplified)


def test_a_long_query_is_cut_with_a_note_and_still_searched(client, scan):
    q = "刘越高 " + "算" * (MAX_QUERY_CHARS + 100)
    response = client.get("/api/search/", {"q": q})
    assert response.status_code == 200
    data = response.json()
    assert TRUNCATED in data["notes"]
    assert data["count"] == 0 or data["left_out"]
