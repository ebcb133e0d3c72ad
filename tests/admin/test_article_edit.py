"""Editing an article in the admin: corrections marked, recorded, indexed, and kept by a re-load."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from archive.corrections.reparse import reparse_issue_apply
from archive.models import Appearance, ChangeRecord

from .conftest import change_form_data, seed_article

pytestmark = pytest.mark.django_db


def edit(client, article, **changes):
    url = reverse("admin:archive_article_change", args=[article.pk])
    data = change_form_data(client.get(url))
    data.update(changes)
    return client.post(url, data)


def test_change_page_shows_raw_text_beside_the_form_and_the_warnings(admin_client):
    article = seed_article("2023-10-27", 5)
    response = admin_client.get(reverse("admin:archive_article_change", args=[article.pk]))
    html = response.content.decode()
    assert 'id="raw-text"' in html and 'id="parse-warnings"' in html
    assert "疑为版面残字" in html
    assert "深入推进“原地倍增”" in html.split('id="raw-text"')[1]  # the headline as printed, in the raw panel
    assert 'name="appearances-0-title"' in html and "拆分" in html and "与下一篇合并" not in html


def test_title_fix_is_marked_recorded_and_indexed(admin_client, admin_user, index_calls,
                                                   django_capture_on_commit_callbacks):
    article = seed_article("2023-03-23", 2)
    with django_capture_on_commit_callbacks(execute=True):
        response = edit(admin_client, article, title="衡阳算力中心项目签约", needs_review="")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "衡阳算力中心项目签约"
    assert article.corrected_fields == ["title"]
    record = ChangeRecord.objects.filter(object_id=article.pk, action="edit").get()
    assert record.user == admin_user
    assert record.changes == {"title": ["衡阳算力中心建设项目签约仪式举行", "衡阳算力中心项目签约"]}
    assert record.snapshot["title"] == "衡阳算力中心项目签约"
    assert {article.pk} in index_calls["reindex"]


def test_saving_unchanged_records_nothing(admin_client):
    article = seed_article("2023-03-23", 2)
    edit(admin_client, article)
    article.refresh_from_db()
    assert article.corrected_fields == []
    assert not ChangeRecord.objects.filter(object_id=article.pk, action="edit").exists()


def test_clearing_needs_review_is_recorded_but_not_a_correction(admin_client):
    article = seed_article("2023-10-27", 5)
    assert article.needs_review
    edit(admin_client, article, needs_review="")
    article.refresh_from_db()
    assert not article.needs_review and article.corrected_fields == []
    assert ChangeRecord.objects.get(object_id=article.pk, action="edit").changes == {"needs_review": [True, False]}


def test_body_is_edited_as_paragraphs_with_blank_lines(admin_client):
    article = seed_article("2023-02-08", 5)
    edit(admin_client, article, body="第一段。\r\n\r\n\r\n  第二段。  \r\n\r\n")
    article.refresh_from_db()
    assert article.paragraphs == ["第一段。", "第二段。"] and article.body == "第一段。\n\n第二段。"
    assert article.corrected_fields == ["body"]


def test_person_title_fix_marks_persons(admin_client):
    article = seed_article("2023-08-19", 3)
    response = admin_client.get(reverse("admin:archive_article_change", args=[article.pk]))
    data = change_form_data(response)
    zhu = next(k for k, v in data.items() if k.endswith("-title") and v == "市长")
    data[zhu] = "市委副书记、市长"
    admin_client.post(reverse("admin:archive_article_change", args=[article.pk]), data)
    article.refresh_from_db()
    assert article.corrected_fields == ["persons"]
    assert Appearance.objects.get(article=article, person__name="朱健").title == "市委副书记、市长"


def test_event_inline_edit_marks_event(admin_client):
    article = seed_article("2023-03-23", 2)
    data = change_form_data(admin_client.get(reverse("admin:archive_article_change", args=[article.pk])))
    data["event-0-name"] = "衡阳算力中心签约"
    admin_client.post(reverse("admin:archive_article_change", args=[article.pk]), data)
    article.refresh_from_db()
    assert "event" in article.corrected_fields and article.event.name == "衡阳算力中心签约"


def test_corrections_survive_reloading_the_seeds_and_a_forced_reparse(admin_client):
    article = seed_article("2023-08-19", 3)
    data = change_form_data(admin_client.get(reverse("admin:archive_article_change", args=[article.pk])))
    data["title"] = "市政府常务会议（更正）"
    data[next(k for k, v in data.items() if k.endswith("-title") and v == "市长")] = "市委副书记、市长"
    admin_client.post(reverse("admin:archive_article_change", args=[article.pk]), data)
    call_command("load_issues", "seeds/", verbosity=0)
    reparse_issue_apply(article.issue, None)  # the loader runs again over the same text
    article.refresh_from_db()
    assert article.title == "市政府常务会议（更正）"
    assert Appearance.objects.get(article=article, person__name="朱健").title == "市委副书记、市长"
    # what the staff did not touch is still the machine's
    assert article.body == article.machine_values["body"]


def test_change_page_query_count(admin_client, django_assert_max_num_queries):
    article = seed_article("2023-10-27", 1)
    people = article.appearances.count()
    # A fixed number, plus one per person row: its autocomplete box looks up the one person it shows.
    with django_assert_max_num_queries(20 + people):
        response = admin_client.get(reverse("admin:archive_article_change", args=[article.pk]))
    assert "坚定信心" in response.content.decode()


def test_unknown_article_is_a_friendly_redirect(admin_client):
    response = admin_client.get(reverse("admin:archive_article_change", args=[999999]), follow=True)
    assert response.status_code == 200 and "不存在" in response.content.decode()
