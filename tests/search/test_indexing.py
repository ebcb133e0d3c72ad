"""Keeping the index in step: saves, deletes, loads, the dictionary, one writer at a time, rebuilds."""

from __future__ import annotations

import datetime
import threading

from django.core.management import call_command

from archive.models import Article, Issue, Paper, Person
from archive.search import indexing
from archive.search.connection import get_holder
from archive.search.dictionary import read_userdict

from .conftest import api, ids


def test_saving_an_article_updates_the_index_at_once(client, articles, django_capture_on_commit_callbacks):
    article = next(a for a in articles if a.title)
    old_title = article.title
    try:
        with django_capture_on_commit_callbacks(execute=True):
            article.title = "独一无二的测试标题甲乙丙"
            article.save()
        assert ids(api(client, q="独一无二的测试标题"))[:1] == [article.pk]
        assert article.pk not in ids(api(client, q=f'"{old_title}"', per_page=100))
    finally:
        with django_capture_on_commit_callbacks(execute=True):
            article.title = old_title
            article.save()
    assert ids(api(client, q="独一无二的测试标题")) == []
    assert ids(api(client, q=old_title))[:1] == [article.pk]


def test_outside_a_transaction_a_save_is_indexed_immediately(search_index, transactional_db, client):
    # Transactional tests run last and may find the seeds flushed by another: make an article here.
    paper, _ = Paper.objects.get_or_create(slug="hywb", defaults={"name": "衡阳晚报"})
    issue = Issue.objects.create(paper=paper, date=datetime.date(2030, 1, 2), page="9", date_confidence="given",
                                 source_name="t.txt", sha256="0" * 64, encoding="utf-8", raw_text="")
    article = Article.objects.create(issue=issue, position=1, title="立即可搜的标题戊己庚", body="正文。")
    assert ids(api(client, q="立即可搜的标题")) == [article.pk]
    article.delete()
    assert ids(api(client, q="立即可搜的标题")) == []


def test_reindex_and_remove_articles(client, articles):
    article = articles[0]
    indexing.remove_articles([article.pk])
    assert article.pk not in ids(api(client, q=article.title, per_page=100))
    indexing.reindex_articles([article.pk])
    assert ids(api(client, q=article.title))[:1] == [article.pk]


def test_concurrent_writers_queue_instead_of_failing(articles):
    holder = get_holder()
    docs = list(indexing.article_index().documents([a.pk for a in articles[:6]]))
    errors = []

    def write(part):
        try:
            for _ in range(3):
                indexing.write_documents(holder, [dict(d) for d in part])
        except Exception as exc:  # noqa: BLE001 — any error is the failure this test looks for
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(docs[i::3],)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with holder.searching() as s:
        assert s.doc_count() == len(articles)


def test_new_names_join_the_dictionary_with_their_sub_words(articles, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Person.objects.create(name="欧阳测试", slug="ouyang-ceshi")
    words = {w for w, _, _ in read_userdict()}
    assert "欧阳测试" in words
    with django_capture_on_commit_callbacks(execute=True):
        Person.objects.filter(slug="ouyang-ceshi").delete()
        indexing.check_dictionary()
    assert "欧阳测试" not in {w for w, _, _ in read_userdict()}


def test_rebuild_index_writes_every_article_once(articles):
    call_command("rebuild_index", "--noinput", verbosity=0)
    with get_holder().searching() as s:
        assert s.doc_count() == Article.objects.count()
        reader = s.reader()
        stored = {int(s.stored_fields(d)["django_id"]) for d in range(s.doc_count_all()) if not reader.is_deleted(d)}
    assert stored == set(Article.objects.values_list("pk", flat=True))


def test_searches_find_the_old_index_until_a_rebuild_is_complete(articles, monkeypatch, capsys):
    from archive.search import service

    holder = get_holder()
    before = {seg.segment_id() for seg in holder.open_index()._segments()}
    name = "刘越高"
    expected = service.count(name)
    seen_during = []
    write_segment = indexing._segment

    def slow_segment(ix, ids):
        seen_during.append(service.count(name))  # another request, mid-rebuild
        return write_segment(ix, ids)

    monkeypatch.setattr(indexing, "_segment", slow_segment)
    call_command("rebuild_index", "--noinput")
    assert expected > 0 and seen_during == [expected]
    assert service.count(name) == expected
    assert "搜索索引已重建：" in capsys.readouterr().out
    with holder.searching() as s:
        assert s.doc_count_all() == s.doc_count() == Article.objects.count()  # nothing left of the old index
    assert before and not before & {seg.segment_id() for seg in holder.open_index()._segments()}


def test_haystack_searchqueryset_uses_the_engine(articles):
    from haystack.query import SearchQuerySet

    results = SearchQuerySet().auto_query("刘越高").facet("person")
    assert results.count() > 0
    assert "刘越高" in results[0].persons
    assert dict(results.facet_counts()["fields"]["person"])["刘越高"] == results.count()
    assert SearchQuerySet().filter(content="劉越高").count() == results.count()


def test_the_load_hook_indexes_after_topics_are_assigned(client, articles, django_capture_on_commit_callbacks):
    from archive.loading import after_load_hooks
    from archive.models import ArticleTopic, Topic

    assert indexing.after_load in after_load_hooks
    names = [getattr(h, "__name__", "") for h in after_load_hooks]
    assert names.index("assign_loaded_topics") < names.index("after_load")
    article = next(a for a in articles if a.title)
    # a subject area: listed whatever its count (archive.topics.listed_topics), so indexed as a facet value
    topic = Topic.objects.create(name="测试主题甲", slug="test-topic-jia", kind=Topic.Kind.SUBJECT)
    ArticleTopic.objects.bulk_create([ArticleTopic(article=article, topic=topic)])  # no signals, like the loader's
    try:
        with django_capture_on_commit_callbacks(execute=True):  # the hook runs inside the file's transaction
            indexing.after_load([article.pk])
        assert ids(api(client, topic="test-topic-jia")) == [article.pk]
    finally:
        ArticleTopic.objects.filter(topic=topic).delete()
        indexing.reindex_articles([article.pk])
    assert ids(api(client, topic="test-topic-jia")) == []


def test_a_save_whose_index_write_fails_waits_pending_until_repaired(client, articles, monkeypatch,
                                                                     django_capture_on_commit_callbacks):
    from archive.models import IndexPending

    article = next(a for a in articles if a.title)
    old_title = article.title
    write = indexing._commit_articles

    def broken(ix, ids):
        raise OSError("no space left on device")

    monkeypatch.setattr(indexing, "_commit_articles", broken)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            article.title = "写索引失败后的新标题"
            article.save()  # the save stands; its index write fails and is logged
        assert IndexPending.objects.filter(article_id=article.pk).exists()
        check = indexing.check_index()
        assert article.pk in check.stale and check.pending >= 1
        monkeypatch.setattr(indexing, "_commit_articles", write)
        indexing.repair_index(check)
        assert ids(api(client, q='"写索引失败后的新标题"')) == [article.pk]
        assert not IndexPending.objects.exists()
        assert indexing.check_index().differences == []
    finally:
        monkeypatch.setattr(indexing, "_commit_articles", write)
        with django_capture_on_commit_callbacks(execute=True):
            article.title = old_title
            article.save()
    assert ids(api(client, q='"写索引失败后的新标题"')) == []  # quoted: the printed string only
