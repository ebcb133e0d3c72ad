"""The haystack engine: haystack's Whoosh backend with the archive's schema, writer and searcher.

- schema: jieba word fields and character-bigram fields (see fields.py), not haystack's
  stemming TEXT and three-character NGRAM;
- writing: one writer at a time (a file lock across processes), all documents of an
  update in one writer pass and one commit, so `rebuild_index --noinput` is one pass;
- searching: the process's kept-open searcher (searcher.py), the archive's query syntax
  (query.py), facets counted from cached columns, Chinese highlighting (highlight.py).

Configure with HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "archive.search.backend.ArchiveWhooshEngine",
"PATH": …}}.
"""

from __future__ import annotations

import threading

from haystack.backends import BaseEngine
from haystack.backends.whoosh_backend import WhooshSearchBackend, WhooshSearchQuery
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.models import SearchResult
from whoosh.fields import ID as WHOOSH_ID
from whoosh.fields import Schema
from whoosh.qparser import QueryParser

from . import indexing, searcher
from .fields import whoosh_field

_schema_lock = threading.Lock()
_schemas: dict[str, tuple[str, Schema]] = {}


def build_schema(fields) -> tuple[str, Schema]:
    """(document field name, Whoosh schema) for haystack's fields of the unified index."""
    schema_fields = {
        ID: WHOOSH_ID(stored=True, unique=True),
        DJANGO_CT: WHOOSH_ID(stored=True),
        DJANGO_ID: WHOOSH_ID(stored=True),
    }
    content_field_name = ""
    for field in fields.values():
        schema_fields[field.index_fieldname] = whoosh_field(field)
        if field.document:
            content_field_name = field.index_fieldname
    return content_field_name, Schema(**schema_fields)


class ArchiveWhooshBackend(WhooshSearchBackend):
    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        # haystack's update_index hands the whole queryset to one update() call: one writer pass.
        self.batch_size = connection_options.get("BATCH_SIZE") or 10**9

    def setup(self):
        from haystack import connections

        with _schema_lock:
            cached = _schemas.get(self.path)
            if cached is None:
                fields = connections[self.connection_alias].get_unified_index().all_searchfields()
                cached = _schemas[self.path] = build_schema(fields)
        self.content_field_name, self.schema = cached
        self.holder = searcher.holder(self.path, self.schema)
        self.storage = self.holder.storage()
        self.index = self.holder.open_index()
        self.parser = QueryParser(self.content_field_name, schema=self.schema)
        self.setup_complete = True

    def build_schema(self, fields):
        return build_schema(fields)

    # Writing ---------------------------------------------------------------------------------
    def update(self, index, iterable, commit=True):
        if not self.setup_complete:
            self.setup()
        ids = [getattr(obj, "pk", obj) for obj in iterable]
        if ids:
            indexing.write_articles(self.holder, index, ids)

    def remove(self, obj_or_string, commit=True):
        if not self.setup_complete:
            self.setup()
        from haystack.utils import get_identifier

        indexing.delete_documents(self.holder, [get_identifier(obj_or_string)])

    def clear(self, models=None, commit=True):
        if not self.setup_complete:
            self.setup()
        indexing.clear_index(self.holder)

    def delete_index(self):
        self.clear()

    def optimize(self):
        if not self.setup_complete:
            self.setup()
        indexing.optimize_index(self.holder)

    # Searching -------------------------------------------------------------------------------
    def search(self, query_string, sort_by=None, start_offset=0, end_offset=None, fields="",
               highlight=False, facets=None, date_facets=None, query_facets=None, narrow_queries=None,
               spelling_query=None, within=None, dwithin=None, distance_point=None, models=None,
               limit_to_registered_models=None, result_class=None, **kwargs):
        """haystack's search API over the archive's query syntax and the kept-open searcher.

        `query_string` and each narrow query are read by archive.search.query (so
        SearchQuerySet().auto_query(…), .filter(content=…) and .narrow('paper:"衡阳晚报"')
        work); sort_by accepts "date" / "-date".
        """
        from .service import run_haystack_search

        if not self.setup_complete:
            self.setup()
        return run_haystack_search(
            self.holder, query_string, sort_by=sort_by, start_offset=start_offset, end_offset=end_offset,
            highlight=highlight, facets=facets, narrow_queries=narrow_queries,
            result_class=result_class or SearchResult,
        )


class ArchiveWhooshSearchQuery(WhooshSearchQuery):
    pass


class ArchiveWhooshEngine(BaseEngine):
    backend = ArchiveWhooshBackend
    query = ArchiveWhooshSearchQuery


def get_backend() -> ArchiveWhooshBackend:
    """This thread's backend of the default connection, set up."""
    from haystack import connections

    backend = connections["default"].get_backend()
    if not backend.setup_complete:
        backend.setup()
    return backend


def get_holder() -> searcher.IndexHolder:
    return get_backend().holder
