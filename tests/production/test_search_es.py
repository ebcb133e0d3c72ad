"""The Elasticsearch index settings, mapping and query body (not run against a live cluster here)."""

from __future__ import annotations

import datetime
import json
import sys

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
