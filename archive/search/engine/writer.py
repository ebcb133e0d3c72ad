"""Building a fresh segment fast: Whoosh's SegmentWriter without its posting pool.

Whoosh's writer sends every posting through a pool that pickles, sorts and re-reads it,
and asks the disk, posting by posting, whether a length column exists. For a full
rebuild every document is new and arrives in docnum order, so the postings can stay in
memory as per-term arrays and be written block by block at the end, already sorted.
The segment written is the same a SegmentWriter writes (same codec, same blocks, same
statistics); only the way there is shorter. Used for full rebuilds only; updates go
through Whoosh's own writer.
"""

from __future__ import annotations

from array import array

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

from .codec import SEGMENT_OPTIONS, SMALL_BLOCK, PositionsBlock, encode_block
from .fields import PackedPositions


class BulkSegmentWriter(SegmentWriter):
    def __init__(self, ix, **kwargs):
        for name, value in SEGMENT_OPTIONS.items():
            kwargs.setdefault(name, value)
        super().__init__(ix, **kwargs)
        # fieldname → {term: (docnums, frequencies, positions)} for a PackedPositions field (terms are str),
        # {term bytes: (docnums, weights, values)} for another
        self._postings: dict[str, dict[str | bytes, tuple]] = {}
        # fieldname → {docnum: length} for scorable fields
        self._lengths: dict[str, dict[int, int]] = {}

    def add_document(self, **fields):
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        for fieldname in fieldnames:
            value = fields[fieldname]
            if value is None:
                continue
            field = schema[fieldname]
            length = 0
            poses = field.format.term_positions(value, field.analyzer) \
                if field.indexed and isinstance(field.format, PackedPositions) else None
            if poses is not None:
                terms = self._postings.setdefault(fieldname, {})
                known = terms.get
                # Each term's (docnums, frequencies, positions); weights are worked out when it is
                # written (the frequency times the field's boost), one append a posting fewer.
                for text, positions in poses.items():
                    entry = known(text)  # encoded when written (str order is UTF-8's byte order)
                    if entry is None:
                        terms[text] = (array("I", (docnum,)), array("I", (len(positions),)), array("I", positions))
                    else:
                        entry[0].append(docnum)
                        entry[1].append(len(positions))
                        entry[2].extend(positions)
                if field.scorable:
                    length = sum(map(len, poses.values()))
                    self._lengths.setdefault(fieldname, {})[docnum] = length
            elif field.indexed:
                terms = self._postings.setdefault(fieldname, {})
                scorable = field.scorable
                for tbytes, freq, weight, vbytes in field.index(value):
                    entry = terms.get(tbytes)
                    if entry is None:
                        entry = terms[tbytes] = (array("I"), array("f"), [])
                    entry[0].append(docnum)
                    entry[1].append(weight)
                    entry[2].append(vbytes)
                    if scorable:
                        length += freq
                if scorable:
                    self._lengths.setdefault(fieldname, {})[docnum] = length
            perdocwriter.add_field(fieldname, field, value if field.stored else None, length)
            column = field.column_type
            if column:
                perdocwriter.add_column_value(fieldname, column, field.to_column_value(value))
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self):
        self.perdocwriter.close()
        fieldwriter = self.fieldwriter
        for fieldname in sorted(self._postings):
            terms = self._postings.pop(fieldname)
            by_docnum = self._lengths.get(fieldname)
            lengths = None if by_docnum is None else FieldLengths(by_docnum, self.docnum)
            field = self.schema[fieldname]
            fieldwriter.start_field(fieldname, field)
            key = pack_ushort(fieldwriter._fieldid)
            packed = isinstance(field.format, PackedPositions)
            boost = field.format.field_boost
            for term in sorted(terms):
                btext = term.encode("utf-8") if isinstance(term, str) else term
                entry = terms[term]
                if packed:  # (docnums, weights, frequencies, positions), as add_document's weights would be
                    ids, counts, positions = entry
                    weights = array("f", counts) if boost == 1.0 else array("f", [c * boost for c in counts])
                    entry = (ids, weights, counts, positions)
                self._write_term(fieldwriter, key, btext, field.format, entry, lengths)
            fieldwriter.finish_field()
        fieldwriter.close()

    def _write_term(self, fieldwriter, key: bytes, btext: bytes, format_, entry: tuple,
                    lengths: FieldLengths | None) -> None:
        """One term's posting list: in one write if it fits in a block, else through Whoosh's
        field writer a block at a time."""
        if len(entry[0]) <= fieldwriter._postwriter._blocklimit:
            fieldwriter._tindex.add(key + btext, _write_one_block(fieldwriter._postfile, format_, *entry,
                                                                  lengths=lengths))
            return
        fieldwriter.start_term(btext)
        _fill_blocks(fieldwriter._postwriter, *entry, lengths=lengths)
        fieldwriter.finish_term()


def _write_one_block(postfile, format_, ids: array, weights: array, *values, lengths: FieldLengths | None) -> bytes:
    """Write a posting list of one block, as Whoosh's field writer does through start_term,
    _fill_blocks and finish_term (the same bytes), and return its term info. Most terms of a
    segment have one block, and Whoosh's way there is dozens of calls a term: writing a
    segment's terms took longer than cutting its text into them."""
    if len(values) == 2:
        counts, positions = values
        if len(ids) > SMALL_BLOCK:
            counts, positions = np.frombuffer(counts, dtype=np.uint32), np.frombuffer(positions, dtype=np.uint32)
        block_values = PositionsBlock(counts, positions)
    else:
        block_values = [v for v in values[0] if v]
    maxweight = max(weights)
    minlength, maxlength = _length_bounds(ids, lengths)
    info, data = encode_block(ids, weights, block_values, format_, maxweight, minlength, maxlength)
    start = postfile.tell()
    postfile.write(b"".join((WHOOSH3_HEADER_MAGIC, pack_int(-(len(info) + len(data))), info, data)))
    extent = pack_long(start) + pack_int(postfile.tell() - start)
    return W3TermInfo._struct.pack(0, sum(weights), len(ids), length_to_byte(minlength), length_to_byte(maxlength),
                                   max(0, maxweight), ids[0], ids[-1]) + extent


class FieldLengths:
    """A scored field's length in each document of the segment (0: none), for the bounds of a block."""

    def __init__(self, by_docnum: dict[int, int], documents: int):
        self._list = [by_docnum.get(d, 0) for d in range(documents)]
        self._array = np.array(self._list, dtype=np.int64)

    def bounds(self, ids) -> tuple[int | None, int]:
        """(shortest length but 0, or None; longest length) of these documents."""
        if len(ids) <= SMALL_BLOCK:
            block = [self._list[d] for d in ids]
            nonzero = [n for n in block if n]
            return (min(nonzero) if nonzero else None), max(block)
        block = self._array[np.frombuffer(ids, dtype=np.uint32) if isinstance(ids, array) else list(ids)]
        nonzero = block[block > 0]
        return (int(nonzero.min()) if len(nonzero) else None), int(block.max())


def _length_bounds(ids, lengths: FieldLengths | None) -> tuple[int | None, int]:
    """FieldLengths.bounds, or (None, 0) for a field without lengths."""
    return (None, 0) if lengths is None else lengths.bounds(ids)


def _fill_blocks(postwriter, ids: array, weights: array, *values, lengths: FieldLengths | None) -> None:
    """Hand a whole posting list to Whoosh's postings writer a block at a time (what add_posting does
    one posting at a time); the last block is left for finish_postings, as add_posting leaves it.

    `values`: a list of each posting's value, or (for a PackedPositions field) the arrays of
    positions per posting and of all positions."""
    limit = postwriter._blocklimit
    total = len(ids)
    if len(values) == 2 and total <= SMALL_BLOCK:  # one small block: the codec packs it in plain Python
        values = (PositionsBlock(values[0], values[1]),)
    elif len(values) == 2:
        counts = np.frombuffer(values[0], dtype=np.uint32)
        positions = np.frombuffer(values[1], dtype=np.uint32)
        ends = np.cumsum(counts, dtype=np.int64)
    for start in range(0, total, limit):
        if start:
            postwriter._write_block()
        block_ids = ids[start : start + limit]
        block_weights = weights[start : start + limit]
        postwriter._ids = block_ids
        postwriter._weights = block_weights
        if isinstance(values[0], PositionsBlock):
            postwriter._values = values[0]
        elif len(values) == 2:
            stop = min(start + limit, total)
            first = int(ends[start - 1]) if start else 0
            postwriter._values = PositionsBlock(counts[start:stop], positions[first : int(ends[stop - 1])])
        else:
            postwriter._values = [v for v in values[0][start : start + limit] if v]
        postwriter._maxweight = max(block_weights)
        postwriter._minlength, postwriter._maxlength = _length_bounds(block_ids, lengths)
