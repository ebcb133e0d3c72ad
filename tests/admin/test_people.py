"""People: merge (alias + redirect), split (kept by a re-load), kind and alias edits."""

import pytest
from django.urls import reverse

from archive.corrections.reparse import reparse_issue_apply
from archive.models import Appearance, ChangeRecord, Person, PersonAlias

from .conftest import change_form_data, seed_article

pytestmark = pytest.mark.django_db


def test_merge_two_people_through_the_changelist_action(admin_client, index_calls,
                                                        django_capture_on_commit_callbacks):
    keep, other = Person.objects.get(name="朱健"), Person.objects.get(name="朱春光")
    articles = set(Appearance.objects.filter(person__in=[keep, other]).values_list("article_id", flat=True))
    url = reverse("admin:archive_person_changelist")
    page = admin_client.post(url, {"action": "merge_selected", "_selected_action": [keep.pk, other.pk]})
    assert "确认合并" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, {"action": "merge_selected", "_selected_action": [keep.pk, other.pk],
                                "keep": str(keep.pk)})
    keep.refresh_from_db()
    assert not Person.objects.filter(pk=other.pk).exists()
    assert keep.appearance_count == len(articles)  # one appearance per article, roles joined
    alias = PersonAlias.objects.get(person=keep, name="朱春光")
    assert alias.slug == other.slug
    response = admin_client.get(reverse("archive:person", kwargs={"slug": other.slug}))
    assert response.status_code == 301 and response.url == keep.get_absolute_url()
    assert index_calls["dictionary"] and index_calls["reindex"]
    assert ChangeRecord.objects.filter(object_id=keep.pk, action="merge").exists()
    # a re-load files 朱春光's appearances under the surviving person
    reparse_issue_apply(seed_article("2023-10-27", 5).issue, None)
    assert not Person.objects.filter(name="朱春光").exists()
    assert Appearance.objects.filter(person=keep, article=seed_article("2023-10-27", 5)).exists()


def test_merge_needs_exactly_two(admin_client):
    keep = Person.objects.get(name="朱健")
    response = admin_client.post(reverse("admin:archive_person_changelist"),
                                 {"action": "merge_selected", "_selected_action": [keep.pk]}, follow=True)
    assert "请恰好选择两位人物" in response.content.decode()


def test_split_a_namesake_and_reload(admin_client):
    person = Person.objects.get(name="张伟")
    appearance = person.appearances.get()
    url = reverse("admin:archive_person_split", args=[person.pk])
    assert "拆分" in admin_client.get(url).content.decode()
    assert "请至少选择" in admin_client.post(url, {"name": "张伟", "kind": "other"}).content.decode()
    admin_client.post(url, {"name": "张伟", "note": "国开行湖南分行", "kind": "other",
                            "appearance": [str(appearance.pk)]})
    new = Person.objects.get(note="国开行湖南分行")
    assert new.slug == "张伟-2" and new.appearance_count == 1
    assert Person.objects.get(pk=person.pk).appearance_count == 0
    reparse_issue_apply(appearance.article.issue, None)
    assert Appearance.objects.get(article=appearance.article, person__name="张伟").person == new


def test_kind_and_alias_edits_are_recorded_and_kept(admin_client, index_calls, django_capture_on_commit_callbacks):
    person = Person.objects.get(name="梅帅元")
    url = reverse("admin:archive_person_change", args=[person.pk])
    data = change_form_data(admin_client.get(url))
    data.update({"kind": "official", "aliases-TOTAL_FORMS": "1", "aliases-0-name": "梅导"})
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert person.kind == "official" and set(person.corrected_fields) == {"kind", "aliases"}
    record = ChangeRecord.objects.get(object_id=person.pk, action="edit", content_type__model="person")
    assert record.changes["aliases"] == [[], ["梅导"]]
    assert index_calls["dictionary"]
    html = admin_client.get(reverse("admin:archive_person_history", args=[person.pk])).content.decode()
    assert "梅导" in html and "类别" in html


def test_person_changelist_by_kind_with_counts(admin_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse("admin:archive_person_changelist"), {"kind__exact": "official"})
    html = response.content.decode()
    assert "刘越高" in html and "出现次数" in html and "陈润" not in html
