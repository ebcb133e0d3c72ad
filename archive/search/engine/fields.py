"""The Whoosh field types of the archive's index: packed positions, multi-valued keywords.

`PackedPositions` stores each posting's positions as packed integers (the engine reads a
block of them into one numpy array); `KEYWORDS` holds several exact values per document
for filters and facets. `word_field` and `bigram_field` are the two text fields every
searchable part of an article is indexed as.
"""

from __future__ import annotations

from array import array

from whoosh import columns, fields, formats
from whoosh.analysis import RegexTokenizer

from .analyzers import BigramAnalyzer, WordAnalyzer
from .text import normalize

# Values of a multi-valued field are joined with this in the index (never in a slug or name).
SEPARATOR = "\x1f"


class _TagsColumn(columns.VarBytesColumn):
    pass


class PackedPositions(formats.Positions):
    """Whoosh's Positions format with each posting's positions stored as packed integers.

    A value is the positions as native unsigned 32-bit integers (Whoosh's own format
    pickles a list of deltas per posting), so the engine reads a whole block of postings
    into one numpy array (postings.py) without a Python call per posting. Fed directly
    from the archive analyzers' (text, start, end) spans: no Token object per token.
    """

    def word_values(self, value, analyzer, **kwargs):
        poses = self.term_positions(value, analyzer)
        if poses is None:
            yield from super().word_values(value, analyzer, **kwargs)
            return
        boost = self.field_boost
        for text, positions in poses.items():
            yield text, len(positions), len(positions) * boost, array("I", positions).tobytes()

    @staticmethod
    def term_positions(value, analyzer) -> dict[str, list[int]] | None:
        """Each term of the value with its positions, as an archive analyzer's spans give them (None
        for another analyzer). The bulk writer keeps these in flat arrays, not one value per posting."""
        positions = getattr(analyzer, "positions", None)
        return None if positions is None else positions(normalize(value))

    def encode(self, poslist):
        return array("I", poslist).tobytes()

    def decode_positions(self, valuestring):
        return array("I", valuestring).tolist()

    def decode_frequency(self, valuestring):
        return len(valuestring) // 4

    def decode_weight(self, valuestring):
        return self.decode_frequency(valuestring) * self.field_boost


assert array("I").itemsize == 4, "PackedPositions needs 32-bit unsigned integers"


class KEYWORDS(fields.FieldType):
    """Exact multi-valued terms (joined by SEPARATOR), plus a column of the joined value for facets."""

    def __init__(self, stored=False):
        self.format = formats.Existence()
        self.analyzer = RegexTokenizer(r"[^\x1f]+")
        self.stored = stored
        self.column_type = _TagsColumn()

    def to_column_value(self, value):
        return (value or "").encode("utf-8")

    def from_column_value(self, value):
        return [v for v in value.decode("utf-8").split(SEPARATOR) if v] if value else []

    def self_parsing(self):
        return False


def word_field(stored: bool = False) -> fields.FieldType:
    """jieba words with positions (BM25 and "this word is printed here"); boosts are applied in queries."""
    text = fields.TEXT(analyzer=WordAnalyzer(), stored=stored, phrase=True)
    text.format = PackedPositions()
    return text


def bigram_field() -> fields.FieldType:
    """Character bigrams with positions: a phrase of them finds exactly the articles printing a string."""
    return fields.FieldType(PackedPositions(), BigramAnalyzer(), scorable=True, stored=False)
