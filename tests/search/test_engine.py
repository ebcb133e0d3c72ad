"""The engine's own fast paths give exactly what Whoosh's slow paths give."""

from __future__ import annotations

import numpy as np
from whoosh import query as wq
from whoosh.filedb.filestore import RamStorage

from archive.search import indexing
from archive.search.connection import get_holder
from archive.search.engine.analyzers import bigrams
from archive.search.engine.matching import docnums, phrase_docs, query_docs
from archive.search.engine.writer import BulkSegmentWriter


def _postings(ix) -> dict:
    out = {}
    with ix.searcher() as s:
        reader = s.reader()
        for fieldname, btext in reader.all_terms():
            m = reader.postings(fieldname, btext)
            out[(fieldname, btext)] = list(m.items_as("positions")) if s.schema[fieldname].format.supports(
                "positions") else list(m.all_ids())
        stored = [s.stored_fields(d) for d in range(s.doc_count_all())]
        lengths = [(d, f, reader.doc_field_length(d, f)) for d in range(s.doc_count_all())
                   for f in ("text", "headline", "text_bigrams")]
    return {"postings": out, "stored": stored, "lengths": lengths}


def test_bulk_writer_writes_what_whoosh_writes(articles):
    schema = get_holder().schema
    docs = list(indexing.article_index().documents([a.pk for a in articles]))
    slow = RamStorage().create_index(schema)
    with slow.writer() as w:
        for doc in docs:
            w.add_document(**doc)
    fast = RamStorage().create_index(schema)
    writer = BulkSegmentWriter(fast)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    assert _postings(fast) == _postings(slow)


def test_fast_phrase_and_docsets_agree_with_whoosh(articles):
    holder = get_holder()
    with holder.searching() as s:
        for article in articles[:12]:
            for text in (article.title[:5], article.body[10:14], article.body[40:43]):
                grams = bigrams(text)
                if len(grams) < 2:
                    continue
                for field in ("headline_bigrams", "text_bigrams"):
                    slow = set(s.docs_for_query(wq.Phrase(field, grams)))
                    assert set(docnums(phrase_docs(s, field, grams))) == slow, (field, text)
                    assert set(docnums(query_docs(holder, s, wq.Phrase(field, grams)))) == slow
        q = wq.AndNot(wq.Or([wq.Term("text_bigrams", "刘越"), wq.Term("headline_bigrams", "物流")]),
                      wq.Term("text_bigrams", "算力"))
        assert set(docnums(query_docs(holder, s, q))) == set(s.docs_for_query(q))


def test_facets_equal_a_direct_count(articles):
    from collections import Counter

    from archive.search.engine import execute

    holder = get_holder()
    with holder.searching() as s:
        live = docnums(holder.live(s))
        stored = {d: s.stored_fields(d) for d in live}
        for chosen in (live, live[3:], live[:4]):
            mask = np.zeros(s.doc_count_all(), dtype=bool)
            mask[chosen] = True
            counted = execute.facet_counts(holder, s, mask)
            direct = {
                "paper": Counter(stored[d]["paper"] for d in chosen),
                "person": Counter(slug for d in chosen for slug in stored[d]["person_slugs"]),
                "kind": Counter(stored[d]["kind"] for d in chosen),
                "year": Counter(stored[d]["year"] for d in chosen),
            }
            for name in ("paper", "person", "kind"):
                expected = sorted(direct[name].items(), key=lambda kv: (-kv[1], kv[0]))
                assert [(e["value"], e["count"]) for e in counted[name]] == expected[: execute.FACET_LIMITS[name]]
            assert [(e["value"], e["count"]) for e in counted["year"]] == sorted(direct["year"].items(), reverse=True)


def test_warming_prepares_what_a_search_reads(articles, client):
    from archive.search import service

    holder = get_holder()
    with holder.searching():
        holder._arrays.clear()
    service.warm_in_background().join(timeout=60)
    prepared = set(holder._arrays)
    assert {("_live",), ("_dates",), ("_lengths", "text"), ("_lengths", "headline"),
            ("_codes", "person", True), ("_codes", "year", False)} <= prepared
    response = client.get("/api/search/", {"q": "刘越高"})
    assert response.status_code == 200 and response.json()["count"] > 0
    assert set(holder._arrays) == prepared  # the search computed nothing new


def test_an_index_written_by_an_older_version_is_reported_and_replaced_by_a_writer(tmp_path, monkeypatch, caplog):
    import pytest
    from whoosh import index

    from archive.search.engine import reader

    holder = reader.IndexHolder(str(tmp_path / "whoosh"), get_holder().schema)
    with pytest.raises(reader.IndexUnavailable):
        holder.searcher()  # no index: searching never creates one
    holder.open_index()
    assert holder.check() is None

    def unreadable(path):
        monkeypatch.setattr(reader.index, "exists_in", index.exists_in)
        raise AttributeError("Can't get attribute 'SpanPositions'")

    monkeypatch.setattr(reader.index, "exists_in", unreadable)
    with caplog.at_level("ERROR", logger="archive.search"):
        ix = holder.open_index()
    assert ix.doc_count_all() == 0
    assert "rebuild_index" in caplog.text
    with holder.searching() as s:
        assert s.doc_count_all() == 0
