"""haystack field kinds for the archive's index, and the Whoosh field each one becomes.

haystack's own field kinds map to Whoosh fields that do not suit Chinese (TEXT with a
stemming analyzer, NGRAM with a minimum of three characters), so the index declares
these instead and `whoosh_field` builds the Whoosh side.
"""

from __future__ import annotations

from array import array

from haystack import indexes
from whoosh import columns, fields, formats
from whoosh.analysis import RegexTokenizer

from .analysis import BigramAnalyzer, WordAnalyzer
from .text import normalize

# Values of a multi-valued field are joined with this in the index (never in a slug or name).
SEPARATOR = "\x1f"


class ChineseTextField(indexes.CharField):
    """Words by jieba (search mode), with positions: ranking and phrase queries."""

    field_type = "chinese_text"


class BigramField(indexes.CharField):
    """Character bigrams with positions: any printed string of two or more characters matches."""

    field_type = "bigrams"

    def __init__(self, **kwargs):
        kwargs.setdefault("stored", False)
        super().__init__(**kwargs)


class KeywordField(indexes.CharField):
    """One exact value per document (paper, kind, year): filtering, faceting, no analysis."""

    field_type = "keyword"


class KeywordsField(indexes.MultiValueField):
    """Several exact values per document (person and topic slugs): filtering and faceting."""

    field_type = "keywords"


class StoredField(indexes.CharField):
    """Kept for display only (title, url …): not searchable."""

    field_type = "stored"

    def __init__(self, **kwargs):
        kwargs.setdefault("indexed", False)
        super().__init__(**kwargs)


class StoredListField(indexes.MultiValueField):
    field_type = "stored_list"

    def __init__(self, **kwargs):
        kwargs.setdefault("indexed", False)
        super().__init__(**kwargs)


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
        """Each term of the value with its positions, from an archive analyzer's spans (None for
        another analyzer). The bulk writer keeps these in flat arrays, not one value per posting."""
        spans = getattr(analyzer, "spans", None)
        if spans is None:
            return None
        poses: dict[str, list[int]] = {}
        for pos, (text, _start, _end) in enumerate(spans(normalize(value))):
            found = poses.get(text)
            if found is None:
                poses[text] = [pos]
            else:
                found.append(pos)
        return poses

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


def whoosh_field(field: indexes.SearchField) -> fields.FieldType:
    """The Whoosh field for one of the index's haystack fields."""
    kind = field.field_type
    if kind == "chinese_text":
        # Boosts are applied in queries (query.py), not baked into the postings.
        text = fields.TEXT(analyzer=WordAnalyzer(), stored=field.stored, phrase=True)
        text.format = PackedPositions()
        return text
    if kind == "bigrams":
        return fields.FieldType(PackedPositions(), BigramAnalyzer(), scorable=True, stored=False)
    if kind == "keyword":
        return fields.ID(stored=field.stored, sortable=True)
    if kind == "keywords":
        return KEYWORDS(stored=field.stored)
    if kind in ("stored", "stored_list"):
        return fields.STORED()
    if kind in ("date", "datetime"):
        return fields.DATETIME(stored=field.stored, sortable=True)
    if kind == "integer":
        return fields.NUMERIC(stored=field.stored, numtype=int, sortable=True)
    raise ValueError(f"no Whoosh field for haystack field type {kind!r} ({field.index_fieldname})")
