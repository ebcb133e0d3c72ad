"""haystack field kinds for the archive's index, and the Whoosh field each one becomes.

haystack's own field kinds map to Whoosh fields that do not suit Chinese (TEXT with a
stemming analyzer, NGRAM with a minimum of three characters), so the index declares
these instead and `whoosh_field` builds the Whoosh side.
"""

from __future__ import annotations

from haystack import indexes
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from whoosh import fields

from .engine.fields import KEYWORDS, bigram_field, word_field


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


def whoosh_field(field: indexes.SearchField) -> fields.FieldType:
    """The Whoosh field for one of the index's haystack fields."""
    kind = field.field_type
    if kind == "chinese_text":
        return word_field(stored=field.stored)
    if kind == "bigrams":
        return bigram_field()
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


def build_schema(search_fields) -> tuple[str, fields.Schema]:
    """(document field name, Whoosh schema) for haystack's fields of the unified index."""
    schema_fields = {
        ID: fields.ID(stored=True, unique=True),
        DJANGO_CT: fields.ID(stored=True),
        DJANGO_ID: fields.ID(stored=True),
    }
    content_field_name = ""
    for field in search_fields.values():
        schema_fields[field.index_fieldname] = whoosh_field(field)
        if field.document:
            content_field_name = field.index_fieldname
    return content_field_name, fields.Schema(**schema_fields)
