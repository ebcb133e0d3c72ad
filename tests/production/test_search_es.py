"""The Elasticsearch index settings, mapping and query body (not run against a live cluster here)."""

from __future__ import annotations

import datetime
import importlib
import json
import sys
import types

import pytest

from archive import search_es
from archive.models import Article
from archive.search_indexes import ArticleIndex


def test_no_elasticsearch_client_is_imported():
    assert "elasticsearch" not in sys.modules


def test_the_analyzers_fold_and_split_chinese_text():
    analysis = search_es.INDEX_SETTINGS["settings"]["analysis"]
    words, bigrams = analysis["analyzer"]["archive_words"], analysis["analyzer"]["archive_bigrams"]
    assert words["tokenizer"] == "smartcn_tokenizer"
    assert bigrams["tokenizer"] == "standard" and bigrams["filter"][-1] == "bigrams_only"
    assert analysis["filter"]["bigrams_only"] == {"type": "cjk_bigram", "output_unigrams": False}
    for analyzer in (words, bigrams):
        assert analyzer["filter"][:3] == ["cjk_width", "lowercase", "traditional_to_simplified"]
    assert analysis["filter"]["traditional_to_simplified"] == {"type": "icu_transform", "id": "Traditional-Simplified"}
    json.dumps(search_es.INDEX_SETTINGS)  # plain JSON, as sent


def test_the_mapping_covers_every_field_of_the_haystack_index():
    assert set(search_es.MAPPING["properties"]) == {"id", "django_ct", "django_id", *ArticleIndex.fields}
    props = search_es.MAPPING["properties"]
    assert props["text"]["analyzer"] == props["headline"]["analyzer"] == "archive_words"
    assert props["text_bigrams"]["analyzer"] == props["headline_bigrams"]["analyzer"] == "archive_bigrams"
    for facet in search_es.FACETS:
        assert props[facet]["type"] == "keyword"
    assert props["title"]["index"] is False


@pytest.mark.django_db
def test_a_document_in_the_mapping():
    article = Article.objects.filter(appearances__isnull=False).order_by("pk").first()
    doc = search_es.es_document(next(iter(ArticleIndex().documents([article.pk]))))
    assert set(doc) <= set(search_es.MAPPING["properties"])
    assert isinstance(doc["person"], list) and doc["person"] and all("\x1f" not in slug for slug in doc["person"])
    assert doc["date"] == article.issue.date.isoformat()
    json.dumps(doc, ensure_ascii=False)


def test_the_query_body_of_a_plain_search():
    body = search_es.build_query("衡阳 制造立市")
    text = body["query"]["bool"]["must"][0]["simple_query_string"]
    assert text["query"] == "衡阳 制造立市" and text["default_operator"] == "and"
    assert text["fields"] == ["headline^4", "headline_bigrams^4", "text", "text_bigrams"]
    assert body["query"]["bool"]["filter"] == []
    assert body["sort"] == ["_score", {"date": "desc"}] and body["from"] == 0 and body["size"] == 20
    assert set(body["aggs"]) == {"year", "paper", "kind", "person", "topic"}
    assert body["highlight"]["pre_tags"] == ["<mark>"] and body["highlight"]["encoder"] == "html"


def test_the_query_body_of_the_archive_syntax_filters_and_paging():
    filters = {"paper": "衡阳晚报", "person": "zhang-san", "bogus": "x"}
    body = search_es.build_query(
        '"文旅兴城" -招商 市长 OR 书记 title:签约 衡陽', filters=filters,
        date_from=datetime.date(2020, 1, 1), date_to=datetime.date(2023, 12, 31), sort="oldest", page=3,
        facets=False,
    )
    must = body["query"]["bool"]["must"]
    assert must[0]["simple_query_string"]["query"] == '"文旅兴城" -招商 市长 | 书记 衡阳'  # traditional folded
    assert must[1] == {"multi_match": {"query": "签约", "type": "phrase", "fields": ["headline", "headline_bigrams"]}}
    assert body["query"]["bool"]["filter"] == [
        {"term": {"paper": "衡阳晚报"}}, {"term": {"person": "zhang-san"}},
        {"range": {"date": {"gte": "2020-01-01", "lte": "2023-12-31"}}},
    ]
    assert body["sort"] == [{"date": "asc"}, "_score"] and body["from"] == 40
    assert "aggs" not in body


def test_an_empty_query_lists_everything_filtered():
    body = search_es.build_query("  ", filters={"year": "2023"})
    assert body["query"]["bool"] == {"must": [{"match_all": {}}], "filter": [{"term": {"year": "2023"}}]}


@pytest.fixture
def haystack_engine(monkeypatch):
    """archive.search_es_haystack imported over a stand-in `elasticsearch` 7 client that records its calls."""
    calls: list[tuple] = []

    class TransportError(Exception):
        pass

    class NotFoundError(TransportError):
        pass

    class Indices:
        def get_mapping(self, index):
            raise NotFoundError(index)

        def create(self, index, body, ignore=None):
            calls.append(("create", index, body))

        def put_mapping(self, index, body):
            calls.append(("put_mapping", index, body))

        def refresh(self, index):
            calls.append(("refresh", index))

    class Elasticsearch:
        def __init__(self, url, **kwargs):
            calls.append(("connect", url))
            self.indices = Indices()

    client = types.ModuleType("elasticsearch")
    client.__version__ = client.VERSION = (7, 17, 0)
    client.Elasticsearch, client.TransportError = Elasticsearch, TransportError
    client.helpers = types.ModuleType("elasticsearch.helpers")
    client.helpers.bulk = lambda conn, docs, index, **kwargs: calls.append(("bulk", index, list(docs)))
    client.helpers.scan = lambda *args, **kwargs: iter(())
    client.exceptions = types.ModuleType("elasticsearch.exceptions")
    client.exceptions.NotFoundError = NotFoundError
    for module in (client, client.helpers, client.exceptions):
        monkeypatch.setitem(sys.modules, module.__name__, module)
    importing = ("haystack.backends.elasticsearch_backend", "haystack.backends.elasticsearch7_backend",
                 "archive.search_es_haystack")
    yield importlib.import_module("archive.search_es_haystack"), calls
    for name in importing:
        sys.modules.pop(name, None)


@pytest.mark.django_db
def test_the_haystack_engine_creates_the_index_and_sends_documents_in_the_mapping(haystack_engine):
    module, calls = haystack_engine
    backend = module.ArchiveElasticsearchEngine.backend("default", URL="http://127.0.0.1:9200/", INDEX_NAME="archive")
    article = Article.objects.filter(appearances__isnull=False).order_by("pk").first()
    backend.update(ArticleIndex(), [article])
    assert [call[0] for call in calls] == ["connect", "create", "put_mapping", "bulk", "refresh"]
    assert calls[1] == ("create", "archive", search_es.INDEX_SETTINGS)
    assert calls[2] == ("put_mapping", "archive", {"dynamic": "strict", "properties": search_es.MAPPING["properties"]})
    (doc,) = calls[3][2]
    assert doc["_id"] == f"archive.article.{article.pk}" and doc["django_id"] == str(article.pk)
    assert set(doc) - {"_id"} <= set(search_es.MAPPING["properties"])
    assert isinstance(doc["person"], list) and doc["date"] == article.issue.date.isoformat()
    assert backend.content_field_name == "text"
