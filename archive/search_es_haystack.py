"""haystack's Elasticsearch 7 engine with the archive's analyzers and mapping (archive/search_es.py).

    HAYSTACK_CONNECTIONS = {"default": {
        "ENGINE": "archive.search_es_haystack.ArchiveElasticsearchEngine",
        "URL": "http://search.internal:9200/", "INDEX_NAME": "archive"}}

Importing this module imports the `elasticsearch` client (7.x), which is not in
requirements.txt: install it on the servers that use this engine. NOT RUN AGAINST A LIVE
CLUSTER HERE; tests/production/test_search_es.py drives it with a recording stand-in for
the client, so what it would create, map and send is checked.
"""

from __future__ import annotations

from haystack.backends import BaseEngine
from haystack.backends.elasticsearch7_backend import Elasticsearch7SearchBackend, Elasticsearch7SearchQuery

from .search_es import INDEX_SETTINGS, MAPPING, es_document


class ArchiveElasticsearchBackend(Elasticsearch7SearchBackend):
    DEFAULT_SETTINGS = INDEX_SETTINGS

    def build_schema(self, fields):
        content_field_name = next(field.index_fieldname for field in fields.values() if field.document)
        return content_field_name, dict(MAPPING["properties"])

    def _get_current_mapping(self, field_mapping):
        return {"dynamic": MAPPING["dynamic"], "properties": field_mapping}

    def _prepare_object(self, index, obj):
        return es_document(index.full_prepare(obj))


class ArchiveElasticsearchEngine(BaseEngine):
    backend = ArchiveElasticsearchBackend
    query = Elasticsearch7SearchQuery
