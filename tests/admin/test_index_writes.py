"""Every correction reaches the search index in exactly one write, whatever rows it saved."""

import pytest
from django.urls import reverse

from archive.models import ChangeRecord, Person

from .conftest import change_form_data, seed_article

pytestmark = pytest.mark.django_db


def post(client, url, data, capture):
    with capture(execute=True):
        response = client.post(url, data)
    assert response.status_code in (200, 302), response.content[:300]
    return response


def test_edit(admin_client, index_calls, django_capture_on_commit_callbacks):
    article = seed_article("2023-03-23", 2)
    url = reverse("admin:archive_article_change", args=[article.pk])
    data = change_form_data(admin_client.get(url))
    data.update(title="衡阳算力中心项目签约", needs_review="")
    post(admin_client, url, data, django_capture_on_commit_callbacks)
    assert index_calls["reindex"] == [{article.pk}] and index_calls["remove"] == [set()]


def test_split(admin_client, index_calls, django_capture_on_commit_callbacks):
    article = seed_article("2023-02-08", 4)
    later = set(article.issue.articles.filter(position__gt=4).values_list("pk", flat=True))
    post(admin_client, reverse("admin:archive_article_split", args=[article.pk]),
         {"at": "3", "title": "拆出", "_confirm": "1"}, django_capture_on_commit_callbacks)
    new = article.issue.articles.get(title="拆出")
    assert index_calls["reindex"] == [{article.pk, new.pk, *later}]


def test_merge(admin_client, index_calls, django_capture_on_commit_callbacks):
    article, absorbed = seed_article("2023-10-27", 1), seed_article("2023-10-27", 2)
    post(admin_client, reverse("admin:archive_article_merge", args=[absorbed.pk]), {"into": "prev"},
         django_capture_on_commit_callbacks)
    assert len(index_calls["reindex"]) == 1
    assert article.pk in index_calls["reindex"][0] and index_calls["remove"] == [{absorbed.pk}]


def test_move(admin_client, index_calls, django_capture_on_commit_callbacks):
    article = seed_article("2023-02-08", 2)
    post(admin_client, reverse("admin:archive_article_move", args=[article.pk]), {"place": "5"},
         django_capture_on_commit_callbacks)
    moved = set(article.issue.articles.filter(position__range=(2, 5)).values_list("pk", flat=True))
    assert index_calls["reindex"] == [moved] and len(moved) == 4


def test_revert(admin_client, index_calls, django_capture_on_commit_callbacks):
    article = seed_article("2023-03-23", 2)
    url = reverse("admin:archive_article_change", args=[article.pk])
    data = change_form_data(admin_client.get(url))
    data.update(title="临时标题")
    post(admin_client, url, data, django_capture_on_commit_callbacks)
    index_calls["reindex"].clear()
    post(admin_client, reverse("admin:archive_article_revert", args=[article.pk]), {"to": "machine"},
         django_capture_on_commit_callbacks)
    article.refresh_from_db()
    assert article.title == "衡阳算力中心建设项目签约仪式举行"
    assert ChangeRecord.objects.filter(object_id=article.pk, action="revert").exists()
    assert index_calls["reindex"] == [{article.pk}]


def test_person_merge(admin_client, index_calls, django_capture_on_commit_callbacks):
    keep, other = Person.objects.get(name="朱健"), Person.objects.get(name="朱春光")
    articles = set(other.appearances.values_list("article_id", flat=True))  # those now showing another person
    post(admin_client, reverse("admin:archive_person_changelist"),
         {"action": "merge_selected", "_selected_action": [keep.pk, other.pk], "keep": str(keep.pk)},
         django_capture_on_commit_callbacks)
    assert not Person.objects.filter(pk=other.pk).exists()
    assert index_calls["reindex"] == [articles]
    assert index_calls["dictionary"] == [True]
