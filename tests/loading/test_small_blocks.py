"""Small posting blocks are packed in plain Python, byte for byte as numpy packs them.

Most terms of a loader's segment have one or two postings; the plain-Python path exists
for speed only, so the segment it writes must be the very bytes the numpy path writes.
"""

from __future__ import annotations

import random
from array import array

import numpy as np
import pytest
from whoosh.filedb.filestore import RamStorage

from archive.search.connection import get_holder
from archive.search.engine import codec, writer
from archive.search.engine.writer import BulkSegmentWriter

pytestmark = pytest.mark.django_db  # the index's schema reads the seeded database


def test_pack_small_gives_the_bytes_pack_gives():
    rng = random.Random(7)
    for top in (0, 1, 255, 256, 65535, 65536, 2**32 - 1):
        values = [rng.randint(0, top) for _ in range(rng.randint(0, codec.SMALL_BLOCK))] + [top]
        assert codec.pack_small(values) == codec.pack(np.array(values, dtype=np.int64))
    assert codec.pack_small([]) == codec.pack(np.array([], dtype=np.int64))


def _numpy_weights(weights: array):
    # The codec's weights of a block too large for the plain-Python path.
    small, codec.SMALL_BLOCK = codec.SMALL_BLOCK, 0
    try:
        return codec._mini_weights(weights)
    finally:
        codec.SMALL_BLOCK = small


@pytest.mark.parametrize("weights", [[1.0, 1.0], [2.0], [3.0, 1.0, 7.0], [0.5, 1.0], [1.5, 1.5], [70000.0, 1.0],
                                     [float("inf"), 1.0], [5e9, 1.0]])
def test_small_weights_match_the_numpy_path(weights):
    block = array("f", weights)
    assert codec._small_weights(block) == _numpy_weights(block)


class WhooshRouteWriter(BulkSegmentWriter):
    """The bulk writer with every term written through Whoosh's field writer (start_term,
    the postings writer's blocks, finish_term): the route the one-block path stands in for."""

    def _write_term(self, fieldwriter, key, btext, format_, entry, lengths):
        fieldwriter.start_term(btext)
        writer._fill_blocks(fieldwriter._postwriter, *entry, lengths=lengths)
        fieldwriter.finish_term()


def _segment_bytes(storage: RamStorage, docs: list[dict], kind=BulkSegmentWriter) -> dict[str, bytes]:
    ix = storage.create_index(get_holder().schema)
    bulk = kind(ix)
    for doc in docs:
        bulk.add_document(**doc)
    segment = bulk._finalize_segment()
    bulk._finish()
    prefix = f"{ix.indexname}_{segment.segid}"
    return {name[len(prefix):]: storage.files[name] for name in storage.files if name.startswith(prefix)}


def _docs() -> list[dict]:
    rng = random.Random(11)
    words = ["物流园区", "算力中心", "产业", "衡阳", "招商引资", "乡村振兴", "项目", "会议"]
    docs = []
    for i in range(300):
        text = "".join(rng.choice(words) for _ in range(rng.randint(1, 30))) + f"编号{i}。"
        docs.append({"id": f"archive.article.{i}", "django_ct": "archive.article", "django_id": str(i),
                     "text": text, "text_bigrams": text, "headline": words[i % 8], "headline_bigrams": words[i % 8],
                     "paper": "衡阳晚报", "kind": "news", "year": str(2000 + i % 20)})
    return docs


def test_a_segment_is_the_same_bytes_either_way(monkeypatch):
    docs = _docs()
    fast = _segment_bytes(RamStorage(), docs)
    monkeypatch.setattr(codec, "SMALL_BLOCK", 0)
    monkeypatch.setattr(writer, "SMALL_BLOCK", 0)
    slow = _segment_bytes(RamStorage(), docs)
    assert fast.keys() == slow.keys() and len(fast) > 3
    assert fast == slow


def test_one_block_terms_are_the_bytes_whoosh_writes(monkeypatch):
    docs = _docs()
    monkeypatch.setattr(codec.CODEC, "_blocklimit", 64)  # several blocks for the commonest terms, one for the rest
    fast = _segment_bytes(RamStorage(), docs)
    slow = _segment_bytes(RamStorage(), docs, WhooshRouteWriter)
    assert fast.keys() == slow.keys() and len(fast) > 3
    assert fast == slow
