"""The index's codec: Whoosh's W3 codec with posting blocks stored as packed arrays.

A W3 block is a pickled tuple of Python objects: one int per docnum delta, one float per
weight, one bytes object per value. Unpickling creates all of them, and at archive scale
that is most of a query's time. Here a block holds the same data as a few byte strings
(docnum deltas in the narrowest unsigned type that fits, weights as 32-bit floats,
values as one buffer with their lengths), so the engine turns a block into numpy arrays
without a Python object per posting (postings.py), and writing skips building them too.

Through Whoosh's matcher interface a block reads back exactly as a W3 block does, so
Whoosh's own queries, merges and highlighting work unchanged. Blocks are larger than
W3's (1,024 postings) since whole lists are read at a time, and compressed with zlib's
fastest level. Every writer of the index must be given `CODEC` (indexing.py does);
segments written with W3 remain readable: each segment remembers its codec.
"""

from __future__ import annotations

import zlib
from array import array
from pickle import HIGHEST_PROTOCOL, dumps, loads

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3LeafMatcher, W3PostingsWriter
from whoosh.matching import ListMatcher
from whoosh.util.numeric import length_to_byte

BLOCK_LIMIT = 1024
COMPRESSION = 1
_ID_TYPES = ((0xFF, "B"), (0xFFFF, "H"), (0xFFFFFFFF, "I"))


class PackedCodec(W3Codec):
    def __init__(self, blocklimit: int = BLOCK_LIMIT, compression: int = COMPRESSION, inlinelimit: int = 1):
        super().__init__(blocklimit=blocklimit, compression=compression, inlinelimit=inlinelimit)

    def postings_writer(self, dbfile, byteids=False):
        if byteids:  # term vectors: keyed by term, not docnum (the archive stores none)
            return super().postings_writer(dbfile, byteids=True)
        return PackedPostingsWriter(dbfile, blocklimit=self._blocklimit, compression=self._compression,
                                    inlinelimit=self._inlinelimit)

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():
            ids, weights, values = terminfo.inlined_postings()
            return ListMatcher(ids, weights, values, format_, scorer=scorer, term=term, terminfo=terminfo)
        offset, length = terminfo.extent()
        return PackedLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


CODEC = PackedCodec()


class PackedPostingsWriter(W3PostingsWriter):
    """W3's writer with packed blocks: (id code, deltas), weights, (lengths, joined values)."""

    def _write_block(self, last=False):
        # W3's _write_block, with the block pickled in the current protocol: protocol 2
        # (W3's) turns every bytes object into a latin-1 string and back.
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        data = dumps((self._mini_ids(), self._mini_weights(), self._mini_values()), HIGHEST_PROTOCOL)
        comp = self._compression if len(data) >= 64 else 0
        if comp:
            data = zlib.compress(data, comp)
        ids = self._ids
        info = dumps((len(ids), ids[-1], self._maxweight, comp, length_to_byte(self._minlength),
                      length_to_byte(self._maxlength)), 2)
        length = len(info) + len(data)
        self._postfile.write_int(-length if last else length)
        self._postfile.write(info)
        self._postfile.write(data)
        self._blockcount += 1
        self._new_block()

    def _mini_ids(self):
        ids = np.frombuffer(self._ids, dtype=np.uint32) if isinstance(self._ids, array) \
            else np.array(self._ids, dtype=np.uint32)
        deltas = np.diff(ids, prepend=np.uint32(0))
        top = int(deltas.max()) if len(deltas) else 0
        code = next(c for limit, c in _ID_TYPES if top <= limit)
        return code, deltas.astype(code).tobytes()

    def _mini_weights(self):
        weights = self._weights if isinstance(self._weights, array) else array("f", self._weights)
        packed = np.frombuffer(weights, dtype=np.float32)
        first = float(packed[0])
        if (packed == packed[0]).all():
            return None if first == 1.0 else first
        return weights.tobytes()

    def _mini_values(self):
        fixedsize = self._format.fixed_value_size()
        values = self._values
        if fixedsize is None or fixedsize < 0:
            return array("I", map(len, values)).tobytes(), b"".join(values)
        if fixedsize == 0:
            return None
        return b"".join(values)


class PackedLeafMatcher(W3LeafMatcher):
    """Reads packed blocks and offers them as W3 does (ids tuple, weights array, values tuple)."""

    def _read_data(self):
        datalen = self._nextoffset - self._dataoffset
        data = self._postfile.get(self._dataoffset, datalen)
        if self._compression:
            data = zlib.decompress(data)
        self._data = loads(data)

    def _read_ids(self):
        if self._data is None:
            self._read_data()
        self._ids = tuple(block_ids(self._data).tolist())

    def _read_weights(self):
        if self._data is None:
            self._read_data()
        self._weights = array("f", block_weights(self._data, self._blocklength).astype(np.float32).tobytes())

    def _read_values(self):
        if self._data is None:
            self._read_data()
        packed = self._data[2]
        fixedsize = self._fixedsize
        if fixedsize is None or fixedsize < 0:
            lengths, joined = packed
            ends = np.cumsum(np.frombuffer(lengths, dtype=np.uint32)).tolist()
            self._values = tuple(joined[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True))
        elif fixedsize == 0:
            self._values = (None,) * self._blocklength
        else:
            self._values = tuple(packed[i : i + fixedsize] for i in range(0, len(packed), fixedsize))


def block_ids(data) -> np.ndarray:
    """A packed block's docnums (int64)."""
    code, deltas = data[0]
    return np.cumsum(np.frombuffer(deltas, dtype=code), dtype=np.int64)


def block_weights(data, count: int) -> np.ndarray:
    """A packed block's weights (float64)."""
    weights = data[1]
    if weights is None:
        return np.ones(count)
    if isinstance(weights, float):
        return np.full(count, weights)
    return np.frombuffer(weights, dtype=np.float32).astype(np.float64)


def block_positions(data) -> tuple[np.ndarray, np.ndarray]:
    """A packed block's (positions per posting, all positions) for a PackedPositions field."""
    lengths, joined = data[2]
    return np.frombuffer(lengths, dtype=np.uint32) // 4, np.frombuffer(joined, dtype=np.uint32)
