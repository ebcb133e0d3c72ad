"""The analyzers: jieba words with positions and offsets, character bigrams, the user dictionary."""

from __future__ import annotations

import random

import jieba.posseg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import fields, query
from whoosh.filedb.filestore import RamStorage

from archive.search.engine import tokens as dictionary
from archive.search.engine.analyzers import (
    LINE_GAP,
    BigramAnalyzer,
    WordAnalyzer,
    bigram_positions,
    bigram_spans,
    word_positions,
    word_spans,
    words,
)
from archive.search.engine.highlight import highlight, snippet
from archive.search.engine.text import _TABLE, _translate, normalize
from tests.conftest import ROOT


def test_normalize_keeps_one_character_for_one():
    for text in ["劉越高", "ＡＢＣ１２３，！", "衡陽市委書記", "Café", "㈠"]:
        assert len(normalize(text)) == len(text)
    assert normalize("劉越高") == "刘越高"
    assert normalize("ＡＢＣ１２３") == "abc123"


def test_word_tokens_have_sequential_positions_and_character_offsets():
    text = "市委书记刘越高主持会议"
    tokens = [(t.text, t.pos, t.startchar, t.endchar)
              for t in WordAnalyzer()(text, positions=True, chars=True)]
    assert [pos for _, pos, _, _ in tokens] == list(range(len(tokens)))
    for word, _, start, end in tokens:
        assert normalize(text[start:end]) == word


def test_phrase_queries_match_on_the_word_field():
    schema = fields.Schema(body=fields.TEXT(analyzer=WordAnalyzer(), phrase=True))
    ix = RamStorage().create_index(schema)
    with ix.writer() as w:
        w.add_document(body="推进区域物流中心建设")
        w.add_document(body="物流园区和中心城区建设")
    with ix.searcher() as s:
        phrase = query.Phrase("body", ["区域", "物流", "中心"])
        assert [hit.docnum for hit in s.search(phrase)] == [0]


def test_bigrams_cover_every_pair_inside_a_line_and_ignore_white_space():
    assert [g for g, _, _, _ in bigram_spans("形象 为加快")] == ["形象", "象为", "为加", "加快", "快"]
    assert [(g, p) for g, _, _, p in bigram_spans("甲乙\n丙")] == [("甲乙", 0), ("乙", 1), ("丙", 2 + LINE_GAP)]
    tokens = [(t.text, t.pos, t.startchar, t.endchar) for t in BigramAnalyzer()("形象 为", positions=True, chars=True)]
    assert tokens == [("形象", 0, 0, 2), ("象为", 1, 1, 4), ("为", 2, 3, 4)]


def test_learned_words_keep_their_sub_words(settings, tmp_path):
    settings.JIEBA_USER_DICT = tmp_path / "userdict.txt"
    dictionary.write_userdict(dictionary.build_entries({"衡阳算力中心": "nz", "刘越高": "nr", "邓群策": "nr"}))
    tokens = words("衡阳算力中心建设项目签约，刘越高出席，邓群策主持")
    for word in ("衡阳算力中心", "算力", "衡阳", "中心", "刘越高", "邓群策"):
        assert word in tokens
    assert words("劉越高") == words("刘越高")


def test_highlight_escapes_everything_but_the_marks():
    html = highlight("<b>刘越高</b> & 劉越高", ["刘越高"])
    assert html == "&lt;b&gt;<mark>刘越高</mark>&lt;/b&gt; &amp; <mark>劉越高</mark>"
    assert "<mark>形象 为</mark>" in highlight("展形象 为加快", ["形象为"])
    assert snippet("甲" * 300 + "刘越高" + "乙" * 300, ["刘越高"], size=60).count("<mark>") == 1


# Text long enough for the array lookup, with traditional, full-width, upper-case, astral and
# surrogate characters among plain Chinese.
LONG_TEXT = st.text(alphabet=st.one_of(st.sampled_from("劉越高衡陽書記瞭解反覆ＡＢＣ１２３，！ 　\nABCxyz"),
                                        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
                                        st.characters(min_codepoint=0x20000, max_codepoint=0x2FFFF),
                                        st.characters(codec=None)),
                    min_size=200, max_size=600)


@settings(max_examples=200, deadline=None)
@given(text=LONG_TEXT)
def test_the_array_lookup_translates_as_the_table_does(text):
    assert _translate(text) == text.translate(_TABLE)
    assert len(normalize(text)) == len(text)


def test_a_lone_surrogate_survives_normalisation():
    text = "劉" * 300 + "\ud800" + "Ａ"
    assert normalize(text) == "刘" * 300 + "\ud800" + "a"


def test_a_snippet_never_marks_a_string_across_a_paragraph_break():
    assert "<mark>" not in snippet("第一段末尾衡阳\n物流开头", ["衡阳物流"])
    assert snippet("衡阳物流\n第二段", ["衡阳物流"]).startswith("<mark>衡阳物流</mark> ")


@pytest.mark.parametrize("seed", range(5))
def test_the_index_positions_are_the_spans_positions(seed):
    """The bulk writer takes each term's positions from word_positions / bigram_positions: they must
    be exactly what the spans (which queries and highlights use) give, line gaps and spaces included."""
    rng = random.Random(seed)
    alphabet = "衡阳市委书记刘越高在会上讲话强调 \n\n\t\u3000a1,，。“”2.5%"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        for positions, spans in ((word_positions, word_spans), (bigram_positions, bigram_spans)):
            expected: dict[str, list[int]] = {}
            for term, _start, _end, pos in spans(text):
                expected.setdefault(term, []).append(pos)
            assert positions(text) == expected, text


def test_fast_routes_cut_every_page_as_jieba_does():
    """fast_routes replaces jieba's word graph and route search: the cuts (plain, search mode, and
    with parts of speech) of every seed and invented page must be the ones jieba's own code makes,
    with a user word added after the replacement too."""
    pages = [p.read_text(encoding="utf-8") for folder in ("seeds", "tests/data/invented")
             for p in sorted((ROOT / folder).glob("*.txt"))]
    assert len(pages) >= 10
    plain, fast = dictionary._copy(dictionary._base_tokenizer()), dictionary._copy(dictionary._base_tokenizer())
    dictionary.fast_routes(fast)
    for tk in (plain, fast):
        tk.add_word("衡阳算力中心", 30000, "nz")
    assert fast.get_DAG is not plain.get_DAG
    for text in pages:
        assert list(fast.cut(text)) == list(plain.cut(text))
        assert list(fast.cut_for_search(text)) == list(plain.cut_for_search(text))
        assert list(fast.cut(text, HMM=False)) == list(plain.cut(text, HMM=False))
        assert list(fast.cut(text, cut_all=True)) == list(plain.cut(text, cut_all=True))
        assert list(jieba.posseg.POSTokenizer(fast).cut(text)) == list(jieba.posseg.POSTokenizer(plain).cut(text))
    assert "衡阳算力中心" in list(fast.cut("衡阳算力中心今日开工"))
    # A word taken out (its frequency set to 0, the total unchanged) is not one any more.
    for tk in (plain, fast):
        tk.del_word("衡阳算力中心")
    assert list(fast.cut("衡阳算力中心今日开工")) == list(plain.cut("衡阳算力中心今日开工"))
    assert "衡阳算力中心" not in list(fast.cut("衡阳算力中心今日开工"))


def test_a_copy_of_a_fast_tokenizer_routes_with_its_own_dictionary():
    fast = dictionary._copy(dictionary._base_tokenizer())
    dictionary.fast_routes(fast)
    fast.cut("衡阳算力中心")
    clone = dictionary._copy(fast)
    clone.add_word("衡阳算力中心", 30000, "nz")
    assert "衡阳算力中心" in list(clone.cut("衡阳算力中心今日开工"))
    assert "衡阳算力中心" not in list(fast.cut("衡阳算力中心今日开工"))
