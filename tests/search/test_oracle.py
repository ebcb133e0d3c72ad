"""Search returns exactly the articles a brute-force scan of the seed articles says it should.

The scan reads every article's headline lines and paragraphs as the index does (normalised,
white space ignored, never across a line; bylines and datelines left out). An unquoted
string finds the articles that print it and those that print every one of its words (jieba's
words of two or more characters, at least two different ones, no punctuation between them),
each word anywhere in the article; a quoted one only the articles that print it.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.models import Article
from archive.search import service
from archive.search.connection import get_holder
from archive.search.engine import matching, syntax, translate
from archive.search.engine.text import normalize
from archive.search.engine.tokens import tokenizer

MARKS = "“”「」『』()（）《》"
PAIRS = {"“": "”", "「": "」", "『": "』"}
WORDLIKE = re.compile(r"[0-9a-z\u3400-\u9fff\uf900-\ufaff]")
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


class Scan:
    def __init__(self, articles: list[Article]):
        self.raw: dict[int, list[str]] = {}
        self.text: dict[int, str] = {}
        for a in articles:
            parts = [x for x in (a.kicker, a.title, a.subtitle, a.column, *a.paragraphs) if x]
            lines = [line for part in parts for line in part.split("\n") if line.strip()]
            self.raw[a.pk] = lines
            self.text[a.pk] = "\n".join(squeeze(line) for line in lines)

    def printing(self, needle: str) -> set[int]:
        needle = squeeze(needle)
        return {pk for pk, text in self.text.items() if needle in text}

    def unquoted(self, query: str) -> set[int]:
        found = self.printing(query)
        words = words_of(query)
        if words:
            found |= set.intersection(*(self.printing(w) for w in words))
        return found


def squeeze(text: str) -> str:
    return "".join(normalize(text).split())


def words_of(query: str) -> list[str]:
    cut = [w for w in tokenizer().cut(squeeze(query), HMM=True) if not w.isspace()]
    if any(not WORDLIKE.search(w) for w in cut):
        return []
    found = list(dict.fromkeys(w for w in cut if len(w) >= 2))
    return found if len(found) >= 2 else []


@pytest.fixture
def scan(articles) -> Scan:
    return Scan(articles)


def found(query: str) -> set[int]:
    """Every article the query matches (not only the first page)."""
    holder = get_holder()
    q = translate.match_tree(syntax.parse(query))
    if q is None:
        return set()
    with holder.searching() as s:
        return {int(s.stored_fields(d)["django_id"]) for d in matching.docnums(matching.query_docs(holder, s, q))}


def draw_string(data, scan: Scan, with_mark: bool) -> str:
    pks = sorted(scan.raw)
    lines = [(pk, line) for pk in pks for line in scan.raw[pk]
             if not with_mark or any(c in MARKS for c in line)]
    _pk, line = data.draw(st.sampled_from(lines))
    line = "".join(line.split())
    size = data.draw(st.integers(min_value=2, max_value=min(8, len(line)))) if len(line) >= 2 else len(line)
    if with_mark:
        marks = [i for i, c in enumerate(line) if c in MARKS]
        at = data.draw(st.sampled_from(marks))
        start = data.draw(st.integers(min_value=max(0, at - size + 1), max_value=min(at, len(line) - size)))
    else:
        start = data.draw(st.integers(min_value=0, max_value=len(line) - size))
    return line[start : start + size]


def _usable(s: str) -> bool:
    return len(s) >= 2 and not (s[0] in PAIRS and s[-1] == PAIRS[s[0]])


@SETTINGS
@given(data=st.data())
def test_a_printed_string_as_typed_finds_the_string_or_all_of_its_words(scan, data):
    s = draw_string(data, scan, with_mark=False)
    if not _usable(s):
        return
    expected = scan.unquoted(s)
    assert found(s) == expected, s
    assert service.count(s) == len(expected)


@SETTINGS
@given(data=st.data())
def test_a_printed_string_in_quotes_finds_only_the_string(scan, data):
    s = draw_string(data, scan, with_mark=False)
    if not _usable(s) or '"' in s:
        return
    assert found(f'"{s}"') == scan.printing(s), s


@SETTINGS
@given(data=st.data())
def test_quotes_and_brackets_printed_in_a_string_are_searched_as_printed(scan, data):
    s = draw_string(data, scan, with_mark=True)
    if not _usable(s):
        return
    assert found(s) == scan.unquoted(s) == scan.printing(s), s


@SETTINGS
@given(data=st.data())
def test_words_typed_together_find_every_article_that_prints_them_all(scan, data):
    pk = data.draw(st.sampled_from(sorted(scan.raw)))
    words = sorted({w for line in scan.raw[pk] for w in tokenizer().cut(normalize(line), HMM=True)
                    if len(w) >= 2 and WORDLIKE.search(w)})
    if len(words) < 2:
        return
    chosen = data.draw(st.lists(st.sampled_from(words), min_size=2, max_size=3, unique=True))
    query = "".join(chosen)
    expected = scan.unquoted(query)
    assert found(query) == expected, query
    if words_of(query) and all(squeeze(w) in scan.text[pk] for w in words_of(query)):
        assert pk in expected


def test_a_bracketed_number_in_one_piece_is_printed_text_not_a_group(scan):
    assert syntax.parse("（一）") == syntax.Term("（一）")
    assert syntax.parse("(物流 OR 算力)") == syntax.Or((syntax.Term("物流"), syntax.Term("算力")))
    bracketed = re.compile(r"[（(][^）)]{1,4}[）)]")
    printed = sorted({m for lines in scan.raw.values() for line in lines for m in bracketed.findall(line)})
    assert printed
    for text in printed:
        assert found(text) == scan.printing(text), text
    # Read as a group, the brackets would be lost and the bare words found wherever printed.
    assert any(scan.printing(text) < scan.printing(text[1:-1]) for text in printed)


def test_a_number_with_a_decimal_point_is_a_word_not_punctuation():
    assert translate.term_words(syntax.Term("开门红2.2")) == ["开门红", "2.2"]
    assert translate.term_words(syntax.Term("了“中心化”的")) == []
