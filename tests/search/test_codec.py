"""The packed codec and the array readers give exactly what Whoosh's matchers give.

The seed index has a few dozen documents, one block per posting list; here an index of
several thousand short documents has lists of several blocks, two segments and deletions.
"""

from __future__ import annotations

import numpy as np
import pytest
from whoosh import query as wq
from whoosh.filedb.filestore import RamStorage

from archive.search.connection import get_holder
from archive.search.engine import codec, postings
from archive.search.engine.analyzers import bigrams
from archive.search.engine.matching import ExactPhrase, docnums, phrase_docs, query_docs
from archive.search.engine.reader import IndexHolder
from archive.search.engine.scoring import add_bm25
from archive.search.engine.writer import BulkSegmentWriter
from archive.search.indexing import index_writer

pytestmark = pytest.mark.django_db  # the seeded test database is set up (the index's schema needs it)

SIZE = 2 * codec.BLOCK_LIMIT + 300
PLACES = ("物流园区", "算力中心", "产业园区", "物流中心")


def _doc(i: int) -> dict:
    place = PLACES[i % len(PLACES)]
    text = f"第{i}号{place}建设推进会召开。" + ("物流体系建设持续深化。" * (1 + i % 3)) + f"编号{i % 97}。"
    return {"id": f"archive.article.{i}", "django_ct": "archive.article", "django_id": str(i),
            "text": text, "text_bigrams": text, "headline": place, "headline_bigrams": place,
            "paper": "衡阳晚报" if i % 2 else "衡阳日报", "kind": "news", "year": str(2016 + i % 8)}


@pytest.fixture(scope="module")
def big(search_index):
    """(holder, searcher) over two segments: a bulk-written one and an update that deletes some."""
    schema = get_holder().schema
    storage = RamStorage()
    ix = storage.create_index(schema)
    writer = BulkSegmentWriter(ix)
    for i in range(SIZE):
        writer.add_document(**_doc(i))
    writer.commit(merge=False)
    writer = index_writer(ix, timeout=0)
    for i in range(0, SIZE, 7):  # replaced: the old copy is deleted in the first segment
        writer.update_document(**_doc(i))
    writer.commit(merge=False)
    holder = IndexHolder("unused", schema)
    searcher = ix.searcher()
    holder._searcher = searcher
    yield holder, searcher
    searcher.close()


def test_the_index_has_several_blocks_segments_and_deletions(big):
    _holder, s = big
    assert len(s.leaf_searchers()) == 2
    assert s.doc_count_all() - s.doc_count() == len(range(0, SIZE, 7))
    reader = s.leaf_searchers()[0][0].reader()
    m = postings.matcher(reader, "text_bigrams", "物流".encode())
    assert isinstance(m, codec.PackedLeafMatcher)
    blocks = 0
    while m.is_active():
        blocks += 1
        m._next_block()
    assert blocks == 3


@pytest.mark.parametrize("fieldname,text", [
    ("text_bigrams", "物流"), ("text_bigrams", "建设"), ("text", "物流"), ("text", "编号"),
    ("headline_bigrams", "园区"), ("paper", "衡阳晚报"), ("year", "2019"),
])
def test_arrays_equal_the_matcher(big, fieldname, text):
    _holder, s = big
    field = s.schema[fieldname]
    positions = field.format.supports("positions")
    for sub, _offset in s.leaf_searchers():
        reader = sub.reader()
        btext = field.to_bytes(text)
        found = postings.read(reader, fieldname, btext, weights=True, positions=positions)
        live = np.array([not reader.is_deleted(d) for d in found.ids.tolist()], dtype=bool)
        m = reader.postings(fieldname, btext)  # Whoosh's own, without deleted documents
        ids, weights, poses = [], [], []
        while m.is_active():
            ids.append(m.id())
            weights.append(m.weight())
            if positions:
                poses.extend(m.value_as("positions"))
            m.next()
        assert found.ids[live].tolist() == ids
        assert found.weights[live].tolist() == pytest.approx(weights)
        if positions:
            assert found.positions[np.repeat(live, found.counts)].tolist() == poses


def test_queries_equal_whoosh_and_skip_deleted_documents(big):
    holder, s = big
    for text in ("物流体系", "体系建设持续", "园区建设", "号物流中心", "持续深化。编号1"):
        grams = bigrams(text)
        slow = set(s.docs_for_query(wq.Phrase("text_bigrams", grams)))
        assert set(docnums(query_docs(holder, s, wq.Phrase("text_bigrams", grams)))) == slow, text
        assert set(docnums(phrase_docs(s, "text_bigrams", grams))) >= slow
        exact = ExactPhrase("text_bigrams", grams)
        assert set(docnums(query_docs(holder, s, exact))) == set(s.docs_for_query(exact)) == slow
    q = wq.AndNot(wq.Or([wq.Term("headline_bigrams", "算力"), wq.Term("text", "编号")]), wq.Term("year", "2020"))
    assert set(docnums(query_docs(holder, s, q))) == set(s.docs_for_query(q))
    assert not (query_docs(holder, s, wq.Every()) & ~holder.live(s)).any()
    assert int(query_docs(holder, s, wq.Every()).sum()) == s.doc_count()


def test_bm25_equals_whoosh(big):
    holder, s = big
    docs = query_docs(holder, s, wq.Term("text", "物流"))
    scores, scored = np.zeros(s.doc_count_all()), np.zeros(s.doc_count_all(), dtype=bool)
    add_bm25(s, "text", "物流", 1.0, docs, holder.lengths(s, "text"), scores, scored)
    whoosh = {hit.docnum: hit.score for hit in s.search(wq.Term("text", "物流"), limit=None)}
    assert set(np.flatnonzero(scored).tolist()) == set(whoosh)
    for d, score in whoosh.items():
        assert scores[d] == pytest.approx(score, rel=1e-6)


def test_reading_only_the_blocks_of_wanted_documents(big):
    _holder, s = big
    reader = s.leaf_searchers()[0][0].reader()
    btext = "物流".encode()
    full = postings.read(reader, "text_bigrams", btext, weights=True, positions=True)
    for wanted in ([5], [3, 2000], [codec.BLOCK_LIMIT + 10, SIZE - 1], list(range(0, SIZE, 500)), []):
        within = np.array(wanted, dtype=np.int64)
        part = postings.read(reader, "text_bigrams", btext, weights=True, positions=True, within=within)
        assert set(part.ids.tolist()) <= set(full.ids.tolist())
        assert set(part.ids.tolist()) & set(wanted) == set(full.ids.tolist()) & set(wanted)
        blocks = len({d // codec.BLOCK_LIMIT for d in wanted})  # every document has the term
        assert len(part.ids) <= blocks * codec.BLOCK_LIMIT
        keep = np.isin(full.ids, within)
        assert part.weights[np.isin(part.ids, within)].tolist() == full.weights[keep].tolist()
        assert (part.positions[np.repeat(np.isin(part.ids, within), part.counts)].tolist()
                == full.positions[np.repeat(keep, full.counts)].tolist())


def test_bm25_of_a_few_candidates_equals_whoosh(big):
    holder, s = big
    whoosh = {hit.docnum: hit.score for hit in s.search(wq.Term("text", "物流"), limit=None)}
    few = sorted(whoosh)[:: len(whoosh) // 3][:3]
    docs = np.zeros(s.doc_count_all(), dtype=bool)
    docs[few] = True
    scores, scored = np.zeros(s.doc_count_all()), np.zeros(s.doc_count_all(), dtype=bool)
    add_bm25(s, "text", "物流", 1.0, docs, holder.lengths(s, "text"), scores, scored)
    assert np.flatnonzero(scored).tolist() == few
    assert scores[few].tolist() == pytest.approx([whoosh[d] for d in few], rel=1e-6)
