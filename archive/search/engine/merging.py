"""Which segments a commit merges: only small ones, and only into a small one.

Whoosh merges segments through its posting pool, one posting at a time: minutes for a
segment of tens of thousands of documents. Its own policy (MERGE_SMALL) merges every
segment up to the first point where their total falls under a Fibonacci number, which
with segments of a few thousand documents comes at about twenty of them: after the bulk
import of a year of pages, the next batch (or the next staff correction) would rewrite
most of the index. Here a commit merges the smallest segments, as long as together they
stay under `MERGE_LIMIT` documents, once there are `MERGE_COUNT` of them; a bigger segment
(a bulk batch, a rebuild) stays as it was written until the next rebuild.
"""

from __future__ import annotations

from whoosh.reading import SegmentReader

MERGE_LIMIT = 300  # documents in one merge: about 4 s through Whoosh's pool (14 ms a document here)
MERGE_COUNT = 4  # small segments it takes for a merge


def merge_small(writer, segments: list) -> list:
    """The segments the commit keeps; the others' documents are added to `writer`'s new segment
    (Whoosh's merge-policy protocol)."""
    ordered = sorted(segments, key=lambda s: s.doc_count_all())
    count, total = 0, 0
    while count < len(ordered) and total + ordered[count].doc_count_all() <= MERGE_LIMIT:
        total += ordered[count].doc_count_all()
        count += 1
    if count < MERGE_COUNT:
        return segments
    for segment in ordered[:count]:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return ordered[count:]
