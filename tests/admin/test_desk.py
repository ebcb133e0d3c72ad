"""The correction desk: merge and split with previews, revert marks, finding work, people, records."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from archive.corrections.history import history_of
from archive.corrections.structure import plan_split
from archive.models import Appearance, Article, ChangeRecord, Event, Person, Topic
from tests.search.conftest import search_index  # noqa: F401  (the fixture)

from .conftest import change_form_data, seed_article

pytestmark = pytest.mark.django_db


def logged(obj, text: str = "") -> list[str]:
    messages = LogEntry.objects.filter(object_id=str(obj.pk), content_type__model=type(obj)._meta.model_name)
    return [m.change_message for m in messages if text in m.change_message]


# Merge ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("into", ["prev", "chosen"])
def test_merge_a_fragment_into_the_previous_or_a_chosen_article(admin_client, into):
    first, fragment = seed_article("2023-10-27", 1), seed_article("2023-10-27", 2)
    url = reverse("admin:archive_article_merge", args=[fragment.pk])
    choice = "prev" if into == "prev" else str(first.pk)
    listing = admin_client.get(url).content.decode()
    assert f'href="?into={first.pk}"' in listing and first.title in listing  # chosen by title
    preview = admin_client.get(url, {"into": choice})
    plan = preview.context["plan"]
    assert plan.body == first.body + "\n\n" + fragment.body
    assert plan.kept["title"] == first.title and plan.kept["byline"] == first.byline and plan.taken == []
    html = preview.content.decode()
    assert "合并后的正文" in html and first.title in html
    assert Article.objects.filter(pk=fragment.pk).exists()  # a preview changes nothing
    response = admin_client.post(url, {"into": choice})
    assert response.url == reverse("admin:archive_article_change", args=[first.pk])
    first.refresh_from_db()
    assert first.body == plan.body and first.title == plan.kept["title"]
    assert logged(first, "合并") and LogEntry.objects.filter(action_flag=3, object_id=str(fragment.pk)).exists()
    assert history_of(Article, first.pk).filter(action="merge").exists()


def test_merge_into_the_next_article_takes_the_headline_it_lacks(admin_client):
    """A headline item followed by its body: merging it into the next keeps the headline."""
    first, fragment = seed_article("2023-10-27", 1), seed_article("2023-10-27", 2)
    url = reverse("admin:archive_article_merge", args=[first.pk])
    plan = admin_client.get(url, {"into": "next"}).context["plan"]
    assert plan.target.pk == fragment.pk
    assert plan.body == first.body + "\n\n" + fragment.body  # page order, whichever survives
    assert plan.kept["title"] == first.title and "title" in plan.taken and plan.kind == "news"
    admin_client.post(url, {"into": "next"})
    survivor = Article.objects.get(pk=fragment.pk)
    assert (survivor.title, survivor.kind, survivor.byline) == (first.title, "news", first.byline)


def test_merge_refuses_another_page(admin_client):
    fragment = seed_article("2023-10-27", 2)
    other_page = seed_article("2023-03-23", 1)
    response = admin_client.post(reverse("admin:archive_article_merge", args=[fragment.pk]),
                                 {"into": str(other_page.pk)})
    assert "本版没有可并入的这篇文章" in response.content.decode()
    assert Article.objects.filter(pk=fragment.pk).exists()


# Split ---------------------------------------------------------------------------------------------
def test_split_preview_shows_both_parts_with_their_own_source_lines(admin_client):
    article = seed_article("2023-02-08", 4)  # 东江物流全面开工复产, lines 57–68
    lines = article.issue.raw_text.split("\n")
    plan = plan_split(article, 3)
    assert plan.first_lines[0] == article.first_line and plan.rest_lines[1] == article.last_line
    assert plan.first_lines[1] + 1 == plan.rest_lines[0]
    start = "".join(lines[plan.rest_lines[0] - 1].split())
    assert "".join(article.paragraphs[2].split()).startswith(start[:12])
    html = admin_client.post(reverse("admin:archive_article_split", args=[article.pk]),
                             {"at": "3", "_preview": "1", "byline": article.byline,
                              "dateline": article.dateline}).content.decode()
    assert 'id="preview-first"' in html and 'id="preview-new"' in html
    assert f"原文第 {plan.rest_lines[0]}–{plan.rest_lines[1]} 行" in html


def test_split_new_part_takes_the_byline_dateline_and_credits_unless_changed(admin_client):
    article = seed_article("2023-03-23", 2)
    url = reverse("admin:archive_article_split", args=[article.pk])
    admin_client.post(url, {"at": "4", "title": "第二部分", "byline": article.byline, "dateline": article.dateline,
                            "_confirm": "1"})
    new = Article.objects.get(title="第二部分")
    assert (new.byline, new.dateline) == (article.byline, article.dateline)
    assert "陈润" in set(new.appearances.filter(role="reported").values_list("person__name", flat=True))
    response = admin_client.get(reverse("admin:archive_article_change", args=[new.pk]))
    own = [line["number"] for line in response.context["raw_lines"] if line["own"]]
    assert own and own[0] == new.first_line > article.first_line and own[-1] == article.last_line
    assert logged(Article.objects.get(pk=article.pk), "拆分") and logged(new, "拆出")

    other = seed_article("2023-03-23", 3)
    admin_client.post(reverse("admin:archive_article_split", args=[other.pk]),
                      {"at": "2", "title": "另署名", "byline": "通讯员 张三", "dateline": "", "_confirm": "1"})
    changed = Article.objects.get(title="另署名")
    assert (changed.byline, changed.dateline) == ("通讯员 张三", "")
    assert not changed.appearances.filter(role="reported").exists()


# Revert --------------------------------------------------------------------------------------------
def edit(client, article, **changes):
    url = reverse("admin:archive_article_change", args=[article.pk])
    data = change_form_data(client.get(url))
    data.update(changes)
    client.post(url, data)


def test_revert_restores_exactly_the_marks_the_version_had(admin_client):
    article = seed_article("2023-03-23", 2)
    edit(admin_client, article, title="第一次更正")
    first = ChangeRecord.objects.get(object_id=article.pk, action="edit")
    edit(admin_client, Article.objects.get(pk=article.pk), subtitle="改过的副题")
    assert Article.objects.get(pk=article.pk).corrected_fields == ["title", "subtitle"]
    url = reverse("admin:archive_article_revert", args=[article.pk])
    preview = admin_client.get(url, {"to": str(first.pk)}).content.decode()
    assert "恢复为此版本" in preview and "改过的副题" in preview and "主标题、副题" in preview
    admin_client.post(url, {"to": str(first.pk)})
    article.refresh_from_db()
    assert (article.title, article.corrected_fields) == ("第一次更正", ["title"])
    admin_client.post(url, {"to": "machine"})
    article.refresh_from_db()
    assert article.corrected_fields == [] and article.title == article.machine_values["title"]
    assert logged(article, "恢复为机器解析结果") and logged(article, "的版本")


# Finding work --------------------------------------------------------------------------------------
def test_admin_search_uses_the_archive_search_engine(admin_client, search_index):  # noqa: F811
    photo = Article.objects.get(kind="photo", issue__date="2023-02-08")
    caption_words = "瑞达电源"
    assert caption_words in photo.body and not photo.title
    assert not Article.objects.filter(title__contains=caption_words).exists()  # no headline has them
    response = admin_client.get(reverse("admin:archive_article_changelist"), {"q": caption_words})
    assert photo.pk in [a.pk for a in response.context["cl"].result_list]
    names = admin_client.get(reverse("admin:archive_article_changelist"), {"q": "于新凡"})
    assert len(names.context["cl"].result_list) == 6


def test_article_list_shows_parse_warnings(admin_client):
    flagged = Article.objects.exclude(parse_warnings=[]).first()
    html = admin_client.get(reverse("admin:archive_article_changelist")).content.decode()
    assert flagged.parse_warnings[0] in html and "解析提示" in html


def test_review_queue_lists_needs_review_first_with_the_reason(admin_client):
    calm = seed_article("2023-03-23", 1)
    Article.objects.filter(pk=calm.pk).update(parse_warnings=["一", "二", "三"])  # doubts, not marked
    marked = seed_article("2023-10-27", 5)
    Article.objects.exclude(pk=marked.pk).update(needs_review=False)
    Article.objects.filter(pk=marked.pk).update(needs_review=True, parse_warnings=["边界依据较弱"])
    marked.refresh_from_db()
    response = admin_client.get(reverse("admin:archive_article_review"))
    rows = response.context["rows"]
    assert rows[0].pk == marked.pk and rows[0].needs_review
    assert calm.pk in [r.pk for r in rows]
    html = response.content.decode()
    assert marked.parse_warnings[0] in html and "需复核" in html
    assert "需复核" in admin_client.get(reverse("admin:index")).content.decode()


# People --------------------------------------------------------------------------------------------
def test_person_page_lists_appearances_and_fixes_a_title_in_one_step(admin_client, index_calls,
                                                                      django_capture_on_commit_callbacks):
    person = Person.objects.get(name="于新凡")
    url = reverse("admin:archive_person_change", args=[person.pk])
    page = admin_client.get(url)
    html = page.content.decode()
    assert len(page.context["appearances"]) == 6 and "市领导" in html and "第1版" in html and "2023-03-23" in html
    assert page.context["printed_titles"] == [("市领导", 4), ("衡阳市领导", 2)]
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:archive_person_titles", args=[person.pk]),
                          {"from_title": "*", "title": "副市长"})
    assert set(person.appearances.values_list("title", flat=True)) == {"副市长"}
    articles = set(person.appearances.values_list("article_id", flat=True))
    assert index_calls["reindex"][-1] == articles
    assert all("persons" in a.corrected_fields for a in Article.objects.filter(pk__in=articles))
    public = admin_client.get(person.get_absolute_url()).content.decode()
    assert "副市长" in public and "市领导" not in public
    assert logged(person, "副市长") and history_of(Person, person.pk).filter(changes__has_key="appearance_titles")
    assert len(LogEntry.objects.filter(content_type__model="article", change_message__contains="副市长")) == 6


def test_ticked_appearances_or_one_printed_title(admin_client):
    person = Person.objects.get(name="于新凡")
    one = person.appearances.filter(title="市领导").first()
    url = reverse("admin:archive_person_titles", args=[person.pk])
    admin_client.post(url, {"appearance": [str(one.pk)], "title": "副市长"})
    assert list(person.appearances.filter(title="副市长").values_list("pk", flat=True)) == [one.pk]
    admin_client.post(url, {"from_title": "衡阳市领导", "title": "副市长"})
    assert person.appearances.filter(title="副市长").count() == 3
    response = admin_client.post(url, {"title": "副市长"}, follow=True)
    assert "请至少选择一处职务不同的出现" in response.content.decode()


# Records on Event and Topic pages --------------------------------------------------------------------
def test_an_event_edit_is_recorded_and_kept_by_a_reload(admin_client):
    event = Event.objects.select_related("article").first()
    url = reverse("admin:archive_event_change", args=[event.pk])
    data = change_form_data(admin_client.get(url))
    data["name"] = "改过的事件名"
    admin_client.post(url, data)
    assert history_of(Event, event.pk).get().changes["name"][1] == "改过的事件名"
    article = Article.objects.get(pk=event.article_id)
    assert "event" in article.corrected_fields
    assert history_of(Article, article.pk).filter(changes__has_key="event").exists()
    assert LogEntry.objects.filter(object_id=str(event.pk), content_type__model="event").exists()
    html = admin_client.get(reverse("admin:archive_event_history", args=[event.pk])).content.decode()
    assert "改过的事件名" in html


def test_a_renamed_topic_keeps_its_old_url(admin_client, client):
    topic = Topic.objects.get(name="制造立市")
    old_url = topic.get_absolute_url()
    url = reverse("admin:archive_topic_change", args=[topic.pk])
    data = change_form_data(admin_client.get(url))
    data["slug"] = "zhizao-lishi"
    admin_client.post(url, data)
    topic.refresh_from_db()
    assert topic.slug == "zhizao-lishi"
    response = client.get(old_url)
    assert response.status_code == 301 and response.url == topic.get_absolute_url()
    assert history_of(Topic, topic.pk).get().changes["slug"] == ["制造立市", "zhizao-lishi"]
    assert "zhizao-lishi" in admin_client.get(reverse("admin:archive_topic_history", args=[topic.pk])).content.decode()


def test_merged_topics_redirect(admin_client, client):
    keep, other = Topic.objects.order_by("-article_count")[:2]
    other_url, other_name = other.get_absolute_url(), other.name
    articles = set(keep.article_topics.values_list("article_id", flat=True)) | set(
        other.article_topics.values_list("article_id", flat=True))
    admin_client.post(reverse("admin:archive_topic_changelist"),
                      {"action": "merge_selected", "_selected_action": [keep.pk, other.pk]})
    assert not Topic.objects.filter(name=other_name).exists()
    keep.refresh_from_db()
    assert keep.article_count == len(articles)
    response = client.get(other_url)
    assert response.status_code == 301 and response.url == keep.get_absolute_url()


# Finish ----------------------------------------------------------------------------------------------
def test_title_field_is_named_and_full_width(admin_client):
    article = seed_article("2023-03-23", 2)
    html = admin_client.get(reverse("admin:archive_article_change", args=[article.pk])).content.decode()
    assert '<label for="id_title">主标题:</label>' in html or '<label for="id_title">主标题：</label>' in html
    assert 'class="vTextField wide-field"' in html
    assert "<style" not in html.split("</head>")[0].split("admin.css")[-1]
    assert "并入上一篇" in html and "并入本版其他文章" in html


def test_an_editor_gets_a_chinese_403_page(editor_client):
    response = editor_client.get(reverse("admin:auth_user_changelist"))
    assert response.status_code == 403
    assert "无权访问这个页面" in response.content.decode()


def test_editors_work_through_reports(editor_client):
    assert editor_client.get(reverse("admin:archive_readerreport_changelist")).status_code == 200


def test_every_correction_appears_on_the_public_note_without_who(admin_client, client):
    article = seed_article("2023-03-23", 2)
    edit(admin_client, article, title="更正后的标题")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "已人工更正" in html and "人工修改" in html and "主标题" in html
    assert f"{timezone.localdate():%Y年%-m月%-d日}" in html.split("已人工更正")[1]
    assert "admin" not in html.split("已人工更正")[1].split("</section>")[0]
    plain = client.get(seed_article("2023-03-23", 3).get_absolute_url()).content.decode()
    assert "已人工更正" not in plain


def test_edit_link_only_for_staff(admin_client, client):
    article = seed_article("2023-03-23", 2)
    change = reverse("admin:archive_article_change", args=[article.pk])
    assert change in admin_client.get(article.get_absolute_url()).content.decode()
    assert change not in client.get(article.get_absolute_url()).content.decode()
    assert Appearance.objects.exists()


def test_split_lines_when_the_text_no_longer_matches_the_source():
    article = seed_article("2023-02-08", 4)
    Article.objects.filter(pk=article.pk).update(body="甲段落完全改写。\n\n乙段落也改写了。\n\n丙段落。")
    plan = plan_split(Article.objects.get(pk=article.pk), 2)
    assert article.first_line < plan.rest_lines[0] <= article.last_line  # cut in proportion
    assert plan.first_lines == (article.first_line, plan.rest_lines[0] - 1)
    one_line = Article.objects.get(pk=article.pk)
    one_line.first_line = one_line.last_line = 60
    assert plan_split(one_line, 2).rest_lines == (60, 60)
