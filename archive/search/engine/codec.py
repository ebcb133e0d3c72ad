"""The index's codec: Whoosh's W3 codec with posting blocks stored as packed arrays.

A W3 block is a zlib-compressed pickle of Python objects: one int per docnum delta, one
float per weight, one bytes object per value. Decompressing and unpickling it creates all
of them, and at archive scale that is most of a query's time. Here a block holds the
same data as a few byte strings of the narrowest unsigned type that fits (docnum deltas,
weights when they are whole numbers, positions and their counts), uncompressed, so the
engine turns a block into numpy arrays without a Python object per posting
(postings.py), and reads only the parts it needs.

Through Whoosh's matcher interface a block reads back exactly as a W3 block does, so
Whoosh's own queries, merges and highlighting work unchanged. Blocks are larger than
W3's (1,024 postings) since whole lists are read at a time. Every writer of the index
must be given `SEGMENT_OPTIONS` (indexing.py does); each segment remembers its codec.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from pickle import HIGHEST_PROTOCOL, dumps, loads

import numpy as np
from whoosh.codec.whoosh3 import (
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3FieldWriter,
    W3LeafMatcher,
    W3PostingsWriter,
)
from whoosh.matching import ListMatcher
from whoosh.util.numeric import length_to_byte

from .fields import PackedPositions

BLOCK_LIMIT = 1024
_UNSIGNED = ((0xFF, "B"), (0xFFFF, "H"), (0xFFFFFFFF, "I"))


# Blocks of at most this many postings are packed in plain Python: most terms of a segment have
# one or two postings, and numpy's cost per call is many times the work for so few.
SMALL_BLOCK = 16


def pack(values: np.ndarray) -> tuple[str, bytes]:
    """Non-negative integers in the narrowest unsigned type that holds them: (type code, bytes)."""
    top = int(values.max()) if len(values) else 0
    code = next(c for limit, c in _UNSIGNED if top <= limit)
    return code, values.astype(code).tobytes()


def pack_small(values) -> tuple[str, bytes]:
    """`pack` for a few Python ints (the same bytes: array's B/H/I are numpy's)."""
    top = max(values, default=0)
    code = "B" if top <= 0xFF else "H" if top <= 0xFFFF else next(c for limit, c in _UNSIGNED if top <= limit)
    return code, array(code, values).tobytes()


def unpack(packed: tuple[str, bytes]) -> np.ndarray:
    code, raw = packed
    return np.frombuffer(raw, dtype=code)


class PackedCodec(W3Codec):
    def __init__(self, blocklimit: int = BLOCK_LIMIT, inlinelimit: int = 1):
        super().__init__(blocklimit=blocklimit, compression=0, inlinelimit=inlinelimit)

    def field_writer(self, storage, segment):
        return FieldWriter(self, storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        if byteids:  # term vectors: keyed by term, not docnum (the archive stores none)
            return super().postings_writer(dbfile, byteids=True)
        return PackedPostingsWriter(dbfile, blocklimit=self._blocklimit, compression=0,
                                    inlinelimit=self._inlinelimit)

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():
            ids, weights, values = terminfo.inlined_postings()
            return ListMatcher(ids, weights, values, format_, scorer=scorer, term=term, terminfo=terminfo)
        offset, length = terminfo.extent()
        return PackedLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


CODEC = PackedCodec()
# What every writer of the index is given. Segments are not packed into one compound file:
# Whoosh copies each part of a compound file into memory whenever a reader opens it (the
# postings of a large archive are hundreds of megabytes), while separate files are mapped.
SEGMENT_OPTIONS = {"codec": CODEC, "compound": False}


class PositionTrackingFile:
    """A file being written that knows its own position.

    Whoosh asks a segment's files where they are at every term (twice) and every stored
    document, and a buffered file answers by asking the operating system (an lseek each
    time): a third of writing a segment's terms went there. Writes are counted instead (a
    segment's files are written by one writer, from start to end).
    """

    def __init__(self, file):
        self._file = file
        self._position = file.tell()

    def write(self, data) -> int:
        written = self._file.write(data)
        self._position += written
        return written

    def tell(self) -> int:
        return self._position

    def seek(self, *args) -> int:
        self._position = self._file.seek(*args)
        return self._position

    def __getattr__(self, name):
        return getattr(self._file, name)


class FieldWriter(W3FieldWriter):
    """W3's writer of a segment's terms and postings, on position-tracking files."""

    def _create_file(self, ext):
        structfile = super()._create_file(ext)
        structfile.file = PositionTrackingFile(structfile.file)
        return structfile


@dataclass
class PositionsBlock:
    """A block's values for a PackedPositions field as flat arrays (what the bulk writer hands
    over instead of one bytes object per posting)."""

    counts: np.ndarray
    positions: np.ndarray


class PackedPostingsWriter(W3PostingsWriter):
    """W3's writer with packed blocks: (ids, weights, values), each part packed arrays."""

    def _write_block(self, last=False):
        # W3's _write_block with the packed parts (encode_block).
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        info, data = encode_block(self._ids, self._weights, self._values, self._format, self._maxweight,
                                  self._minlength, self._maxlength)
        length = len(info) + len(data)
        self._postfile.write_int(-length if last else length)
        self._postfile.write(info)
        self._postfile.write(data)
        self._blockcount += 1
        self._new_block()


def encode_block(ids, weights, values, format_, maxweight: float, minlength: int | None,
                 maxlength: int) -> tuple[bytes, bytes]:
    """A block's (statistics, data) as written after its length: the data pickled in the current
    protocol (protocol 2, W3's, turns every bytes object into a latin-1 string and back), the
    statistics as W3 pickles them."""
    data = dumps((_mini_ids(ids), _mini_weights(weights), _mini_values(values, format_)), HIGHEST_PROTOCOL)
    info = dumps((len(ids), ids[-1], maxweight, 0, length_to_byte(minlength), length_to_byte(maxlength)), 2)
    return info, data


def _mini_ids(ids):
    if len(ids) <= SMALL_BLOCK:
        ids = list(ids)
        return pack_small([b - a for a, b in zip([0, *ids[:-1]], ids, strict=True)])
    ids = np.frombuffer(ids, dtype=np.uint32) if isinstance(ids, array) else np.array(ids, dtype=np.uint32)
    return pack(np.diff(ids, prepend=np.uint32(0)))


def _mini_weights(weights):
    weights = weights if isinstance(weights, array) else array("f", weights)
    if len(weights) <= SMALL_BLOCK:
        return _small_weights(weights)
    values = np.frombuffer(weights, dtype=np.float32)
    first = float(values[0])
    if (values == values[0]).all():
        return None if first == 1.0 else first
    if (values >= 0).all() and (values == np.floor(values)).all() and values.max() < 2**32:
        return pack(values.astype(np.int64))  # term frequencies: whole numbers
    return "f", weights.tobytes()


def _mini_values(values, format_):
    if isinstance(format_, PackedPositions):
        if not isinstance(values, PositionsBlock):  # Whoosh's writer: one value per posting
            values = PositionsBlock(_lengths(values) // 4, np.frombuffer(b"".join(values), dtype=np.uint32))
        if len(values.counts) <= SMALL_BLOCK:
            return "positions", pack_small(values.counts.tolist()), pack_small(values.positions.tolist())
        return "positions", pack(values.counts), pack(values.positions)
    fixedsize = format_.fixed_value_size()
    if fixedsize == 0:
        return None
    if fixedsize is not None and fixedsize > 0:
        return "fixed", b"".join(values)
    return "bytes", pack(_lengths(values)), b"".join(values)


class PackedLeafMatcher(W3LeafMatcher):
    """Reads packed blocks and offers them as W3 does (ids tuple, weights array, values tuple)."""

    def _read_data(self):
        self._data = loads(self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset))

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
        if packed is None:
            self._values = (None,) * self._blocklength
        elif packed[0] == "fixed":
            size = self._fixedsize
            self._values = tuple(packed[1][i : i + size] for i in range(0, len(packed[1]), size))
        elif packed[0] == "positions":
            counts, positions = block_positions(self._data)
            self._values = _split(positions.astype(np.uint32).tobytes(), counts.astype(np.int64) * 4)
        else:
            self._values = _split(packed[2], unpack(packed[1]))


def _small_weights(weights: array):
    """PackedPostingsWriter._mini_weights of a small block, in plain Python (the same result)."""
    first = weights[0]
    if all(w == first for w in weights):
        return None if first == 1.0 else first
    if all(w >= 0 and w.is_integer() for w in weights) and max(weights) < 2**32:
        return pack_small([int(w) for w in weights])
    return "f", weights.tobytes()


def _lengths(values: list[bytes]) -> np.ndarray:
    return np.fromiter(map(len, values), dtype=np.int64, count=len(values))


def _split(joined: bytes, lengths: np.ndarray) -> tuple[bytes, ...]:
    """Joined values cut back into one bytes object each."""
    ends = np.cumsum(lengths).tolist()
    return tuple(joined[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True))


def block_ids(data) -> np.ndarray:
    """A packed block's docnums (int64)."""
    return np.cumsum(unpack(data[0]), dtype=np.int64)


def block_weights(data, count: int) -> np.ndarray:
    """A packed block's weights (float64)."""
    weights = data[1]
    if weights is None:
        return np.ones(count)
    if isinstance(weights, float):
        return np.full(count, weights)
    return unpack(weights).astype(np.float64)


def block_positions(data) -> tuple[np.ndarray, np.ndarray]:
    """A packed block's (positions per posting, all positions) for a PackedPositions field."""
    _kind, counts, positions = data[2]
    return unpack(counts), unpack(positions)
