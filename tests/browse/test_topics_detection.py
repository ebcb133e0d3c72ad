"""Topic detection: slogan and subject rules, jieba keywords, staff topics kept, counts refreshed."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from archive.loading import after_load_hooks
from archive.models import Article, ArticleTopic, Topic
from archive.topics import (
    KEYWORD_MIN_ARTICLES,
    assign_loaded_topics,
    assign_topics,
    detect_keywords,
    detect_rules,
    is_listed,
    listed_topics,
)


def names(found) -> dict[str, int]:
    return {d.name: d.mentions for d in found}


def test_slogans_are_found_by_their_exact_wording():
    body = "围绕推进区域中心化、“制造立市、文旅兴城”等重点工作，落实“三高四新”，推动“原地倍增”。区域中心化"
    found = names(detect_rules("", body))
    assert found["区域中心化"] == 2
    assert {"制造立市", "文旅兴城", "三高四新", "原地倍增"} <= set(found)


def test_subject_areas_need_enough_telling_words():
    assert "民生" not in names(detect_rules("", "就业和教育"))
    assert names(detect_rules("", "就业、教育和医疗"))["民生"] == 3
    assert "招商" in names(detect_rules("招商引资", ""))  # a headline word weighs three


def test_keywords_keep_slogans_whole_and_leave_out_names_and_stopwords():
    body = "衡阳市全力推进物流枢纽建设，物流园区、物流企业加快集聚，物流通道更加畅通。刘越高调研物流工作。制造立市。"
    found = names(detect_keywords("区域物流中心建设", body, exclude=["刘越高"]))
    assert "物流" in found
    assert not {"刘越高", "刘越", "越高", "衡阳", "工作", "制造", "立市", "制造立市"} & set(found)


def test_after_load_hook_runs_topic_detection_first():
    assert after_load_hooks[0] is assign_loaded_topics


@pytest.mark.django_db
def test_seed_articles_get_the_city_slogans():
    counts = dict(Topic.objects.filter(kind=Topic.Kind.SLOGAN).values_list("name", "article_count"))
    assert all(counts.get(s, 0) > 0 for s in ("区域中心化", "制造立市", "文旅兴城", "三高四新", "原地倍增"))
    assert Topic.objects.filter(kind=Topic.Kind.KEYWORD, article_count__gt=0).exists()
    for topic in Topic.objects.all():
        assert topic.article_count == topic.article_topics.count()


@pytest.mark.django_db
def test_reassigning_keeps_staff_topics_and_prunes_empty_keywords():
    article = Article.objects.get(issue__date="2023-03-23", position=2)
    staff_topic = Topic.objects.create(name="算力经济", slug="算力经济", kind=Topic.Kind.SUBJECT)
    ArticleTopic.objects.create(article=article, topic=staff_topic, source="staff")
    stale = Topic.objects.create(name="过时词", slug="过时词", kind=Topic.Kind.KEYWORD, article_count=1)
    ArticleTopic.objects.create(article=article, topic=stale, source="keyword")
    before = set(article.article_topics.exclude(topic=stale).values_list("topic__name", "mentions"))

    assign_topics([article.pk])

    assert set(article.article_topics.values_list("topic__name", "mentions")) == before
    assert ArticleTopic.objects.filter(article=article, topic=staff_topic, source="staff").exists()
    assert not Topic.objects.filter(name="过时词").exists()


@pytest.mark.django_db
def test_detect_topics_command_recomputes_everything():
    ArticleTopic.objects.all().delete()
    out = io.StringIO()
    call_command("detect_topics", stdout=out)
    assert "已识别 24 篇文章的主题" in out.getvalue()
    rows = ArticleTopic.objects.filter(topic__name="制造立市").count()
    assert Topic.objects.get(name="制造立市").article_count == rows > 0


@pytest.mark.django_db
def test_the_listing_rule_in_memory_is_the_one_the_pages_query():
    """is_listed (the loader's, with the count a topic is about to have) and listed_topics (every page's
    query) are one rule: every kind, hidden or not, below, at and above the keyword threshold."""
    made = [
        Topic.objects.create(name=f"{kind}{count}{hidden}", slug=f"{kind}-{count}-{hidden}", kind=kind,
                             article_count=count, hidden=hidden)
        for kind in Topic.Kind.values
        for count in (0, KEYWORD_MIN_ARTICLES - 1, KEYWORD_MIN_ARTICLES, KEYWORD_MIN_ARTICLES + 5)
        for hidden in (False, True)
    ]
    queried = set(Topic.objects.filter(listed_topics(), pk__in=[t.pk for t in made]).values_list("pk", flat=True))
    assert {t.pk for t in made if is_listed(t)} == queried
    assert 0 < len(queried) < len(made)
    keyword = next(t for t in made if t.kind == Topic.Kind.KEYWORD and not t.hidden and t.article_count == 0)
    assert not is_listed(keyword) and is_listed(keyword, KEYWORD_MIN_ARTICLES)
