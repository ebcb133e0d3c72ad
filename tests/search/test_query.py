"""The search box syntax → parse tree → Whoosh queries: pure functions, compared by equality."""

from __future__ import annotations

import pytest
from whoosh import query as wq

from archive.search.engine.matching import ExactPhrase
from archive.search.engine.syntax import (
    LONE_EXCLUSION,
    MAX_QUERY_CHARS,
    MAX_TERMS,
    OPERATOR_AS_TEXT,
    TOO_MANY_TERMS,
    TRUNCATED,
    And,
    Not,
    Or,
    Reading,
    Term,
    read,
)
from archive.search.engine.text import normalize
from archive.search.engine.translate import match_query, match_tree, printed_query, query_key, term_words


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("刘越高", Reading(Term("刘越高"))),
        ("刘越高讲话", Reading(Term("刘越高讲话"))),
        ("刘越高 物流", Reading(And((Term("刘越高"), Term("物流"))))),
        ('"区域物流中心"', Reading(Term("区域物流中心", phrase=True))),
        ("“两个确立”", Reading(Term("两个确立", phrase=True))),
        ("「两个确立」 刘越高", Reading(And((Term("两个确立", phrase=True), Term("刘越高"))))),
        # Quotes and brackets printed inside Chinese text are part of the string.
        ("在“", Reading(Term("在“"))),
        ("“中心", Reading(Term("“中心"))),
        ("了“中心化”的", Reading(Term("了“中心化”的"))),
        ("“两个确立”的", Reading(Term("“两个确立”的"))),
        ("海)", Reading(Term("海)"))),
        ("（衡阳）物流", Reading(Term("（衡阳）物流"))),
        ("要“闻令而动", Reading(Term("要“闻令而动"))),
        ('"物流', Reading(Term('"物流'))),
        ("(", Reading(Term("("))),
        # Operators in the forms people type them.
        ("刘越高 -物流", Reading(And((Term("刘越高"), Not(Term("物流")))))),
        ("刘越高 －物流", Reading(And((Term("刘越高"), Not(Term("物流")))))),
        ("刘越高 NOT 物流", Reading(And((Term("刘越高"), Not(Term("物流")))))),
        ("物流 OR 算力", Reading(Or((Term("物流"), Term("算力"))))),
        ("物流 or 算力", Reading(Or((Term("物流"), Term("算力"))))),
        ("物流 ＯＲ 算力", Reading(Or((Term("物流"), Term("算力"))))),
        ("物流 AND 算力", Reading(And((Term("物流"), Term("算力"))))),
        ("title:算力", Reading(Term("算力", field="headline"))),
        ("标题:算力", Reading(Term("算力", field="headline"))),
        ("标题：算力", Reading(Term("算力", field="headline"))),
        ('title:"物流 中心"', Reading(Term("物流 中心", field="headline", phrase=True))),
        ("title:(物流 OR 算力)", Reading(Or((Term("物流", "headline"), Term("算力", "headline"))))),
        ("(物流 OR 算力) 刘越高", Reading(And((Or((Term("物流"), Term("算力"))), Term("刘越高"))))),
        ("记者:张三", Reading(Term("张三", field="byline"))),
        ("reporter:张三 物流", Reading(And((Term("张三", field="byline"), Term("物流"))))),
        ("电头:衡阳", Reading(Term("衡阳", field="dateline"))),
        # Dangling operators are text; a lone exclusion is searched for.
        ("物流 OR", Reading(And((Term("物流"), Term("OR"))), (OPERATOR_AS_TEXT,))),
        ("OR 物流", Reading(And((Term("OR"), Term("物流"))), (OPERATOR_AS_TEXT,))),
        ("AND", Reading(Term("AND"), (OPERATOR_AS_TEXT,))),
        ("title:", Reading(Term("title:"))),
        ("-物流", Reading(Term("物流"), (LONE_EXCLUSION,))),
        ("－物流", Reading(Term("物流"), (LONE_EXCLUSION,))),
        ("NOT 物流", Reading(Term("物流"), (LONE_EXCLUSION,))),
        ("-物流 -算力", Reading(And((Term("物流"), Term("算力"))), (LONE_EXCLUSION,))),
        # Numbers and what they count are one printed string; a hyphen before a digit is text.
        ("10 家", Reading(Term("10 家"))),
        ("8月17-18日", Reading(Term("8月17-18日"))),
        ("a:b:c", Reading(Term("a:b:c"))),
        ("", Reading(None)),
        ("   ", Reading(None)),
    ],
)
def test_syntax(text, reading):
    assert read(text) == reading


def test_long_queries_say_what_was_left_out():
    reading = read("物" * (MAX_QUERY_CHARS + 50))
    assert reading == Reading(Term("物" * MAX_QUERY_CHARS), (TRUNCATED,))
    many = " ".join(f"词{i}" for i in range(MAX_TERMS + 4))
    reading = read(many)
    assert reading.notes == (TOO_MANY_TERMS,)
    assert reading.node == And(tuple(Term(f"词{i}") for i in range(MAX_TERMS)))


@pytest.mark.parametrize("text", ["(" * 5000, ")" * 50, '"' * 7, "OR OR OR", "- - -", "title: title:", "((物流)"])
def test_nothing_typed_raises(text):
    reading = read(text)
    assert reading.node is not None
    match_tree(reading.node)


def test_a_term_is_its_printed_string_or_all_of_its_words():
    grams = ["衡阳", "阳物", "物流"]
    words = term_words(Term("衡阳物流"))
    assert words == ["衡阳", "物流"]
    assert match_query(Term("衡阳物流")) == wq.Or([
        wq.Or([ExactPhrase("headline_bigrams", grams), ExactPhrase("text_bigrams", grams)]),
        wq.And([printed_query("衡阳", None), printed_query("物流", None)]),
    ])
    # Quoted: only the printed string.
    assert match_query(Term("衡阳物流", phrase=True)) == printed_query("衡阳物流", None)
    # One word (or single characters besides it): nothing else to find it by.
    assert term_words(Term("物流")) == [] and term_words(Term("在“")) == []
    # Punctuation inside: printed text copied as it is, found only as printed.
    assert term_words(Term("发展“区域中心”")) == [] and term_words(Term("刘越高，讲话")) == []


def test_fields_and_exclusions():
    assert printed_query("张三", "byline") == wq.Term("byline_bigrams", "张三")
    assert match_tree(And((Term("刘越高"), Not(Term("衡阳物流"))))) == wq.AndNot(
        match_query(Term("刘越高")), printed_query("衡阳物流", None))


def test_traditional_phrases_become_simplified():
    assert normalize("瞭解") == "了解" and normalize("反覆") == "反复" and normalize("劉越高") == "刘越高"
    assert normalize("瞭望") == "瞭望"  # 瞭 alone stays
    assert match_tree(read("瞭解").node) == match_tree(read("了解").node)
    text = "我們反覆瞭解情況"
    assert len(normalize(text)) == len(text)


def test_the_key_of_a_query_equal_to_a_headline():
    assert query_key(Term("市政府召开常务会议")) == query_key(And((Term("市政府"), Term("召开常务会议"))))
    assert query_key(Term("“两个确立”，要牢记")) == "两个确立要牢记"
    assert query_key(Or((Term("a"), Term("b")))) == ""


def test_single_character_is_a_prefix_of_bigrams():
    assert printed_query("高", None) == wq.Or([wq.Prefix("headline_bigrams", "高"), wq.Prefix("text_bigrams", "高")])
