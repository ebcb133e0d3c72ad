"""BM25 over a known set of documents, one term's whole posting list at a time.

Whoosh's formula and global statistics (its BM25F defaults), computed with numpy for the
few documents that can reach the page, so the scores are Whoosh's own.
"""

from __future__ import annotations

import numpy as np
from whoosh.searching import Searcher

from . import postings

BM25_B, BM25_K1 = 0.75, 1.2  # Whoosh's BM25F defaults


def add_bm25(s: Searcher, fieldname: str, text: str, boost: float, docs: np.ndarray, lengths: np.ndarray,
             scores: np.ndarray, scored: np.ndarray) -> None:
    """Add boost × BM25 of one term (Whoosh's formula and global statistics) to `scores` of the
    documents in the mask `docs` that contain it; mark them in `scored`."""
    if fieldname not in s.schema:
        return
    btext = s.schema[fieldname].to_bytes(text)
    idf = s.idf(fieldname, text)
    avgfl = s.avg_field_length(fieldname) or 1
    k1, b = BM25_K1, BM25_B
    norm = k1 * (1 - b)
    slope = k1 * b / avgfl
    wanted = np.flatnonzero(docs)
    for sub, offset in s.leaf_searchers():
        reader = sub.reader()
        low, high = np.searchsorted(wanted, (offset, offset + reader.doc_count_all()))
        found = postings.read(reader, fieldname, btext, weights=True, within=wanted[low:high] - offset)
        ids = found.ids + offset
        keep = docs[ids]
        ids, tf = ids[keep], found.weights[keep]
        scores[ids] += boost * idf * (tf * (k1 + 1)) / (tf + norm + slope * lengths[ids])
        scored[ids] = True
