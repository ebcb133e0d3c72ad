"""The search box syntax → parse tree → Whoosh query: pure functions, compared by equality."""

from __future__ import annotations

import pytest
from whoosh import query as wq

from archive.search.matching import ExactPhrase
from archive.search.query import And, Not, Or, Term, match_query, parse, read, to_whoosh


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("刘越高", Term("刘越高")),
        ("刘越高 物流", And((Term("刘越高"), Term("物流")))),
        ('"区域物流中心"', Term("区域物流中心", phrase=True)),
        ("“两个确立”", Term("两个确立", phrase=True)),
        ("刘越高 -物流", And((Term("刘越高"), Not(Term("物流"))))),
        ("刘越高 NOT 物流", And((Term("刘越高"), Not(Term("物流"))))),
        ("物流 OR 算力", Or((Term("物流"), Term("算力")))),
        ("物流 AND 算力", And((Term("物流"), Term("算力")))),
        ("title:算力", Term("算力", field="headline")),
        ("标题:算力", Term("算力", field="headline")),
        ('title:"物流 中心"', Term("物流 中心", field="headline", phrase=True)),
        ("title:(物流 OR 算力)", Or((Term("物流", "headline"), Term("算力", "headline")))),
        ("(物流 OR 算力) 刘越高", And((Or((Term("物流"), Term("算力"))), Term("刘越高")))),
        ("8月17-18日", Term("8月17-18日")),  # a hyphen before a digit is text
    ],
)
def test_syntax(text, tree):
    assert parse(text) == tree


@pytest.mark.parametrize(
    "text", ['"', "(", ")", "AND", "OR", "物流 OR", "title:", "-物流", "((", '"物流', "要“闻令而动", "a:b:c"]
)
def test_what_the_grammar_cannot_read_is_plain_text(text):
    node, plain = read(text)
    assert node is not None
    terms = [node] if isinstance(node, Term) else list(node.children)
    assert all(isinstance(t, Term) and not t.phrase and t.field is None for t in terms)
    assert all(t.text in text for t in terms)
    assert plain or text in ("要“闻令而动", "a:b:c")
    expected = {'"': ['"'], "-物流": ["物流"], '"物流': ["物流"]}
    assert [t.text for t in terms] == expected.get(text, [t.text for t in terms])


def test_empty_and_long_queries():
    assert parse("") is None and parse("   ") is None
    assert to_whoosh(parse("x" * 2000)) is not None


def test_a_term_is_an_exact_string_ranked_by_words():
    q = to_whoosh(parse("物流体系"))
    assert isinstance(q, wq.AndMaybe)
    assert q.a == match_query(Term("物流体系"))
    phrases = [c.child for c in q.a.subqueries]
    assert phrases == [ExactPhrase("headline_bigrams", ["物流", "流体", "体系"]),
                       ExactPhrase("text_bigrams", ["物流", "流体", "体系"])]
    assert {t.text for t in q.b.subqueries} == {"物流", "体系"}


def test_traditional_characters_become_simplified():
    assert to_whoosh(parse("劉越高")) == to_whoosh(parse("刘越高"))


def test_single_character_is_a_prefix_of_bigrams():
    q = match_query(Term("高"))
    assert [c.child for c in q.subqueries] == [wq.Prefix("headline_bigrams", "高"), wq.Prefix("text_bigrams", "高")]


def test_exclusion_and_or():
    q = to_whoosh(parse("刘越高 -物流"))
    assert isinstance(q, wq.AndNot) and q.b == match_query(Term("物流"))
    assert isinstance(to_whoosh(parse("物流 OR 算力")), wq.Or)
