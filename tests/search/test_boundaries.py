"""Exact strings never match across a line (a paragraph or a headline line) and always match within one.

The engine matches a long string by every other bigram of it, so without a gap in the
positions after each line the bigrams on either side of a break could stand as they
stand inside a line. Small alphabets make such coincidences likely.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import fields
from whoosh.filedb.filestore import RamStorage

from archive.search.engine.analyzers import bigrams
from archive.search.engine.fields import bigram_field, word_field
from archive.search.engine.matching import docnums, phrase_docs

LINES = st.lists(st.text(alphabet="甲乙丙丁 ", min_size=0, max_size=9), min_size=1, max_size=5)


def _index(docs: list[str]):
    ix = RamStorage().create_index(fields.Schema(key=fields.ID(stored=True), text=bigram_field()))
    with ix.writer() as w:
        for i, doc in enumerate(docs):
            w.add_document(key=str(i), text=doc)
    return ix


def _prints(doc: str, needle: str) -> bool:
    squeezed = "".join(needle.split())
    return any(squeezed in "".join(line.split()) for line in doc.split("\n"))


@settings(max_examples=150, deadline=None)
@given(docs=st.lists(LINES, min_size=1, max_size=4), data=st.data())
def test_a_string_matches_exactly_where_a_line_prints_it(docs, data):
    texts = ["\n".join(lines) for lines in docs]
    whole = "".join(texts)
    squeezed = "".join(whole.split())
    if len(squeezed) < 2:
        return
    size = data.draw(st.integers(min_value=2, max_value=min(10, len(squeezed))))
    start = data.draw(st.integers(min_value=0, max_value=len(squeezed) - size))
    needle = squeezed[start : start + size]  # often across a break
    expected = {i for i, text in enumerate(texts) if _prints(text, needle)}
    ix = _index(texts)
    with ix.searcher() as s:
        found = {int(s.stored_fields(d)["key"]) for d in docnums(phrase_docs(s, "text", bigrams(needle)))}
    assert found == expected, (texts, needle)


def test_word_positions_leave_a_gap_after_each_line():
    analyzer = word_field().analyzer
    tokens = [(t.text, t.pos) for t in analyzer("衡阳物流\n中心建设", positions=True)]
    first_line = [p for text, p in tokens if text in ("衡阳", "物流")]
    second_line = [p for text, p in tokens if text in ("中心", "建设")]
    assert min(second_line) - max(first_line) > 1
