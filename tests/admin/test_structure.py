"""Split, merge with the next, move, change kind: through the admin, and kept by a re-load."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from archive.corrections import CorrectionError
from archive.corrections.reparse import reparse_issue_apply
from archive.corrections.structure import merge_articles, move_article, next_on_page, split_article
from archive.models import Appearance, Article, ChangeRecord, Issue

from .conftest import seed_article

pytestmark = pytest.mark.django_db


def positions(issue) -> list[tuple[int, int]]:
    return list(issue.articles.order_by("position").values_list("position", "pk"))


def reload_all(issue) -> None:
    call_command("load_issues", "seeds/", verbosity=0)
    reparse_issue_apply(issue, None)


def test_split_through_the_admin(admin_client, index_calls, django_capture_on_commit_callbacks):
    article = seed_article("2023-02-08", 4)  # 东江物流全面开工复产, 4 paragraphs
    paragraphs = article.paragraphs
    url = reverse("admin:archive_article_split", args=[article.pk])
    assert "从这里拆出" in admin_client.get(url).content.decode()
    preview = admin_client.post(url, {"at": "3", "title": "拆出的新闻", "_preview": "1"})
    assert not Article.objects.filter(title="拆出的新闻").exists()
    assert preview.context["plan"].rest_body == "\n\n".join(paragraphs[2:])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"at": "3", "title": "拆出的新闻", "_confirm": "1"})
    new = Article.objects.get(title="拆出的新闻")
    assert response.url == reverse("admin:archive_article_change", args=[new.pk])
    article.refresh_from_db()
    assert article.paragraphs == paragraphs[:2] and new.paragraphs == paragraphs[2:]
    assert (article.position, new.position, new.parse_position) == (4, 5, None)
    assert seed_article("2023-02-08", 6).title == "约谈19家环境监测机构"  # the rest moved down one
    assert [p for p, _ in positions(article.issue)] == [1, 2, 3, 4, 5, 6, 7]
    assert "body" in article.corrected_fields
    assert ChangeRecord.objects.filter(object_id=new.pk, action="split").exists()
    assert Issue.objects.get(pk=article.issue_id).article_count == 7
    assert {article.pk, new.pk} <= index_calls["reindex"][-1]
    reload_all(article.issue)
    assert Article.objects.get(pk=new.pk).paragraphs == paragraphs[2:]
    article.refresh_from_db()
    assert article.paragraphs == paragraphs[:2]
    assert article.issue.articles.count() == 7


def test_split_moves_people_named_only_in_the_new_part():
    article = seed_article("2023-08-19", 2)
    at = next(i for i, p in enumerate(article.paragraphs, start=1) if "张伟" in p and i > 1)
    first = "\n\n".join(article.paragraphs[: at - 1])
    new = split_article(article, at, None)
    names_new = set(new.appearances.values_list("person__name", flat=True))
    assert "张伟" in names_new
    assert ("张伟" in first) == Appearance.objects.filter(article=article, person__name="张伟").exists()


@pytest.mark.parametrize("at", [0, 1, 99])
def test_split_outside_the_paragraphs_is_refused(at):
    with pytest.raises(CorrectionError):
        split_article(seed_article("2023-02-08", 4), at, None)


def test_split_with_a_bad_choice_shows_a_message(admin_client):
    article = seed_article("2023-02-08", 4)
    response = admin_client.post(reverse("admin:archive_article_split", args=[article.pk]),
                                 {"at": "abc", "_confirm": "1"})
    assert response.status_code == 200 and "请选择从哪一段起拆出" in response.content.decode()


def test_merge_a_fragment_through_the_admin(admin_client, index_calls, django_capture_on_commit_callbacks):
    article = seed_article("2023-10-27", 1)
    fragment = seed_article("2023-10-27", 2)
    body, fragment_body = article.body, fragment.body
    url = reverse("admin:archive_article_merge", args=[fragment.pk])
    preview = admin_client.get(url, {"into": "prev"})
    assert "确认并入" in preview.content.decode() and preview.context["plan"].body == body + "\n\n" + fragment_body
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, {"into": "prev"})
    article.refresh_from_db()
    assert article.body == body + "\n\n" + fragment_body
    assert not Article.objects.filter(pk=fragment.pk).exists()
    assert article.absorbed_parse_positions == [2]
    assert {"body", "persons"} <= set(article.corrected_fields)
    assert [p for p, _ in positions(article.issue)] == [1, 2, 3, 4]
    assert set(Appearance.objects.filter(article=article).values_list("person__name", flat=True)) >= {"刘章宇"}
    assert {fragment.pk} in index_calls["remove"]
    reload_all(article.issue)
    article.refresh_from_db()
    assert article.body == body + "\n\n" + fragment_body
    assert article.issue.articles.count() == 4
    assert not article.issue.articles.filter(parse_position=2).exists()


def test_merge_the_last_article_into_the_next_is_refused(admin_client):
    last = seed_article("2023-10-27", 5)
    response = admin_client.post(reverse("admin:archive_article_merge", args=[last.pk]), {"into": "next"})
    assert "本版没有可并入的这篇文章" in response.content.decode()
    assert Article.objects.filter(pk=last.pk).exists()


def test_move_through_the_admin_and_reload():
    article = seed_article("2023-02-08", 5)
    move_article(article, 2, None)
    titles = list(article.issue.articles.order_by("position").values_list("title", flat=True))
    assert titles[1] == "约谈19家环境监测机构" and titles[2] == "新增国家级小巨人企业 10 家"
    assert "position" in Article.objects.get(pk=article.pk).corrected_fields
    reload_all(article.issue)
    assert Article.objects.get(pk=article.pk).position == 2


def test_move_view(admin_client):
    article = seed_article("2023-02-08", 1)
    url = reverse("admin:archive_article_move", args=[article.pk])
    assert admin_client.post(url, {"place": "9"}).status_code == 200
    admin_client.post(url, {"place": "6"})
    assert Article.objects.get(pk=article.pk).position == 6


def test_change_kind_action(admin_client):
    article = seed_article("2023-10-27", 2)
    admin_client.post(reverse("admin:archive_article_changelist"),
                      {"action": "mark_news", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.kind == "news" and article.corrected_fields == ["kind"]
    reload_all(article.issue)
    assert Article.objects.get(pk=article.pk).kind == "news"


def test_merge_and_split_together_survive_reload():
    first = seed_article("2023-10-27", 1)
    merge_articles(first, next_on_page(first), None)
    merge_articles(first, next_on_page(first), None)  # the second fragment too
    first.refresh_from_db()
    assert first.absorbed_parse_positions == [2, 3]
    new = split_article(first, len(first.paragraphs), None, title="尾段")
    reload_all(first.issue)
    assert sorted(first.issue.articles.values_list("position", flat=True)) == [1, 2, 3, 4]
    assert Article.objects.get(pk=new.pk).title == "尾段"
