"""Commits merge only small segments: a bulk batch's segment is never rewritten through Whoosh's pool."""

from __future__ import annotations

import pytest
from whoosh import fields, index
from whoosh.writing import MERGE_SMALL

from archive.search.engine import merging


@pytest.fixture
def ix(tmp_path, monkeypatch):
    monkeypatch.setattr(merging, "MERGE_LIMIT", 10)
    return index.create_in(tmp_path, fields.Schema(id=fields.ID(stored=True, unique=True), body=fields.TEXT))


def commit(ix, ids: range) -> None:
    writer = ix.writer()
    writer.mergetype = merging.merge_small
    for n in ids:
        writer.add_document(id=str(n), body=f"word{n} common")
    writer.commit()


def segment_sizes(ix) -> list[int]:
    return sorted(s.doc_count_all() for s in ix._segments())


def stored_ids(ix) -> set[str]:
    with ix.searcher() as searcher:
        return {doc["id"] for doc in searcher.all_stored_fields()}


def test_big_segments_are_kept_as_written(ix):
    for start in range(0, 25 * 12, 12):  # 25 segments over MERGE_LIMIT, as a bulk import leaves them
        commit(ix, range(start, start + 12))
    before = {s.segment_id() for s in ix._segments()}
    assert len(before) == 25
    writer = ix.writer()
    try:
        assert len(MERGE_SMALL(writer, list(ix._segments()))) < 25  # Whoosh's own policy would merge them
    finally:
        writer.cancel()
    commit(ix, range(1000, 1001))
    after = {s.segment_id() for s in ix._segments()}
    assert before < after and len(after) == 26
    assert len(stored_ids(ix)) == 25 * 12 + 1


def test_small_segments_are_merged_into_one_small_segment(ix):
    commit(ix, range(0, 12))  # one big segment
    for n in range(100, 100 + merging.MERGE_COUNT):
        commit(ix, range(n, n + 1))
    assert segment_sizes(ix) == [1, 1, 1, 1, 12]
    commit(ix, range(200, 201))  # four small ones besides its own: merged into its segment
    assert segment_sizes(ix) == [5, 12]
    assert stored_ids(ix) == {str(n) for n in [*range(12), 100, 101, 102, 103, 200]}


def test_a_merge_rewrites_at_most_the_limit(ix):
    for n in range(0, 9 * 2, 2):
        commit(ix, range(n, n + 2))
    # Four segments of 2 were merged into the fifth commit's (10 documents); the next four wait.
    assert segment_sizes(ix) == [2, 2, 2, 2, 10]
    assert len(stored_ids(ix)) == 18
