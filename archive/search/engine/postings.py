"""Whole posting lists as numpy arrays: what the engine reads instead of stepping a matcher.

Whoosh's matchers give one posting per Python call; an archive-wide word (发展, 项目) has
tens of thousands of postings, which is hundreds of milliseconds that way. The index's
codec (codec.py) stores each block of postings as packed arrays; here each block becomes
numpy arrays directly and the blocks are joined. Any other posting list (inlined, or
written by another codec) is read through its matcher. Postings of deleted documents are
included: callers mask them with the searcher's live documents.

Positions are read in the `PackedPositions` encoding (fields.py): a posting's value is
its positions as native unsigned 32-bit integers, so a block's values joined are one array.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

import numpy as np
from whoosh.matching.wrappers import FilterMatcher, WrappingMatcher

from . import codec
from .codec import PackedLeafMatcher

EMPTY_IDS = np.zeros(0, dtype=np.int64)
_WRAPPERS = (FilterMatcher, WrappingMatcher)


@dataclass
class Postings:
    """One term's postings in one segment (segment-local docnums, ascending)."""

    ids: np.ndarray
    weights: np.ndarray | None = None  # term frequency × field boost, float64
    counts: np.ndarray | None = None  # positions per posting
    positions: np.ndarray | None = None  # all positions, posting after posting (int64)

    def position_docs(self) -> np.ndarray:
        """The docnum of each entry of `positions`."""
        return np.repeat(self.ids, self.counts)


def matcher(reader, fieldname: str, btext: bytes):
    """The term's raw matcher in this segment (deletions not filtered), or None when it is absent."""
    if (fieldname, btext) not in reader:
        return None
    m = reader.postings(fieldname, btext)
    wrapped = type(m) in _WRAPPERS
    while type(m) in _WRAPPERS:
        m = m.child
    if wrapped:
        m.reset()  # the filter moved it past deleted documents
    return m


def read(reader, fieldname: str, btext: bytes, weights: bool = False, positions: bool = False,
         within: np.ndarray | None = None) -> Postings:
    """A term's postings in one segment reader (empty when the term is absent).

    `within` (ascending segment docnums): only these documents matter; blocks holding none of
    them may be left out (their postings are then missing from the result).
    """
    m = matcher(reader, fieldname, btext)
    if m is None or not m.is_active():
        return _empty(weights, positions)
    if within is not None and len(within) * 8 > reader.doc_count_all():
        within = None  # most blocks hold one of them: checking costs more than it saves
    if isinstance(m, PackedLeafMatcher):
        return _read_packed(m, weights, positions, within)
    return _read_matcher(m, weights, positions)


def _empty(weights: bool, positions: bool) -> Postings:
    return Postings(EMPTY_IDS, np.zeros(0) if weights else None, EMPTY_IDS if positions else None,
                    EMPTY_IDS if positions else None)


def _read_packed(m: PackedLeafMatcher, want_weights: bool, want_positions: bool,
                 within: np.ndarray | None) -> Postings:
    ids, weights, counts, positions = [], [], [], []
    wanted = within.tolist() if within is not None else None
    low = 0  # the smallest docnum the current block can hold
    while m.is_active():
        high = m._maxid
        if wanted is not None:
            i = bisect_left(wanted, low)
            if i == len(wanted):
                break
            if wanted[i] > high:  # none of the wanted documents in this block
                low = high + 1
                m._next_block()
                continue
        m._read_data()
        data = m._data
        ids.append(codec.block_ids(data))
        if want_weights:
            weights.append(codec.block_weights(data, m._blocklength))
        if want_positions:
            block_counts, block_positions = codec.block_positions(data)
            counts.append(block_counts)
            positions.append(block_positions)
        low = high + 1
        m._next_block()
    if not ids:
        return _empty(want_weights, want_positions)
    result = Postings(ids[0] if len(ids) == 1 else np.concatenate(ids))
    if want_weights:
        result.weights = np.concatenate(weights)
    if want_positions:
        result.counts = np.concatenate(counts).astype(np.int64)
        result.positions = np.concatenate(positions).astype(np.int64)
    return result


def _read_matcher(m, want_weights: bool, want_positions: bool) -> Postings:
    """Any other matcher (inlined postings, other readers): one posting at a time."""
    ids, weights, counts, positions = [], [], [], []
    while m.is_active():
        ids.append(m.id())
        if want_weights:
            weights.append(m.weight())
        if want_positions:
            found = m.value_as("positions")
            counts.append(len(found))
            positions.extend(found)
        m.next()
    result = Postings(np.array(ids, dtype=np.int64))
    if want_weights:
        result.weights = np.array(weights, dtype=np.float64)
    if want_positions:
        result.counts = np.array(counts, dtype=np.int64)
        result.positions = np.array(positions, dtype=np.int64)
    return result
