"""The haystack engine: haystack's Whoosh backend with the archive's schema, writer and searcher.

A thin adapter at the edge: haystack's calls are handed to the archive's own code —
the schema to schema.py, writes to indexing.py (one writer at a time, one commit per
update), searches to service.run_haystack_search (the archive's query syntax on the
kept-open searcher).

Configure with HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "archive.search.backend.ArchiveWhooshEngine",
"PATH": …}}.
"""

from __future__ import annotations

import threading

from haystack import connections
from haystack.backends import BaseEngine
from haystack.backends.whoosh_backend import WhooshSearchBackend, WhooshSearchQuery
from haystack.models import SearchResult
from haystack.utils import get_identifier
from whoosh.fields import Schema
from whoosh.qparser import QueryParser

from . import indexing, service
from .engine import reader
from .schema import build_schema

_schema_lock = threading.Lock()
_schemas: dict[str, tuple[str, Schema]] = {}


class ArchiveWhooshBackend(WhooshSearchBackend):
    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        # haystack's update_index hands the whole queryset to one update() call: one writer pass.
        self.batch_size = connection_options.get("BATCH_SIZE") or 10**9

    def setup(self):
        with _schema_lock:
            cached = _schemas.get(self.path)
            if cached is None:
                fields = connections[self.connection_alias].get_unified_index().all_searchfields()
                cached = _schemas[self.path] = build_schema(fields)
        self.content_field_name, self.schema = cached
        self.holder = reader.holder(self.path, self.schema)
        self.storage = self.holder.storage()
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

        `query_string` and each narrow query are read by the archive's syntax (so
        SearchQuerySet().auto_query(…), .filter(content=…) and .narrow('paper:"衡阳晚报"')
        work); sort_by accepts "date" / "-date".
        """
        if not self.setup_complete:
            self.setup()
        return service.run_haystack_search(
            self.holder, query_string, sort_by=sort_by, start_offset=start_offset, end_offset=end_offset,
            highlight=highlight, facets=facets, narrow_queries=narrow_queries,
            result_class=result_class or SearchResult,
        )


class ArchiveWhooshEngine(BaseEngine):
    backend = ArchiveWhooshBackend
    query = WhooshSearchQuery
