"""History on the object's page, and reverting to an earlier version or to the machine's parse."""

import pytest
from django.urls import reverse

from archive.corrections import CorrectionError
from archive.corrections.revert import MACHINE, revert_article
from archive.corrections.structure import merge_articles, next_on_page, split_article
from archive.models import Appearance, Article, ChangeRecord

from .conftest import change_form_data, seed_article

pytestmark = pytest.mark.django_db


def edit(client, article, **changes):
    url = reverse("admin:archive_article_change", args=[article.pk])
    data = change_form_data(client.get(url))
    data.update(changes)
    client.post(url, data)


def test_history_page_shows_who_what_old_and_new(admin_client):
    article = seed_article("2023-03-23", 2)
    edit(admin_client, article, title="第一次更正")
    html = admin_client.get(reverse("admin:archive_article_history", args=[article.pk])).content.decode()
    assert "admin" in html and "人工修改" in html and "机器解析" in html
    assert "衡阳算力中心建设项目签约仪式举行" in html and "第一次更正" in html and "主标题" in html
    assert "恢复为机器解析结果" in html and "恢复到此版本" in html


def test_revert_to_an_earlier_version(admin_client):
    article = seed_article("2023-03-23", 2)
    edit(admin_client, article, title="第一次更正")
    first = ChangeRecord.objects.filter(object_id=article.pk, action="edit").get()
    edit(admin_client, Article.objects.get(pk=article.pk), title="第二次更正", subtitle="副题")
    admin_client.post(reverse("admin:archive_article_revert", args=[article.pk]), {"to": str(first.pk)})
    article.refresh_from_db()
    assert (article.title, article.subtitle) == ("第一次更正", "刘越高出席并致辞 朱健出席")
    revert = ChangeRecord.objects.filter(object_id=article.pk, action="revert").get()
    assert revert.changes["title"] == ["第二次更正", "第一次更正"]


def test_revert_to_the_machine_parse_restores_people_and_forgets_corrections(admin_client):
    article = seed_article("2023-08-19", 3)
    data = change_form_data(admin_client.get(reverse("admin:archive_article_change", args=[article.pk])))
    data["title"] = "改过的标题"
    data[next(k for k, v in data.items() if k.endswith("-title") and v == "市长")] = "市委副书记、市长"
    admin_client.post(reverse("admin:archive_article_change", args=[article.pk]), data)
    admin_client.post(reverse("admin:archive_article_revert", args=[article.pk]), {"to": "machine"})
    article.refresh_from_db()
    assert article.title == "市政府召开常务会议" and article.corrected_fields == []
    assert Appearance.objects.get(article=article, person__name="朱健").title == "市长"


def test_revert_to_machine_undoes_a_merge():
    first = seed_article("2023-10-27", 1)
    merge_articles(first, next_on_page(first), None)
    revert_article(Article.objects.get(pk=first.pk), MACHINE, None)
    first.refresh_from_db()
    assert first.absorbed_parse_positions == [] and first.body == first.machine_values["body"]
    assert first.issue.articles.filter(parse_position=2).exists()
    assert first.issue.articles.count() == 5


def test_a_split_made_article_has_no_machine_parse():
    new = split_article(seed_article("2023-02-08", 4), 2, None)
    with pytest.raises(CorrectionError, match="没有机器解析结果"):
        revert_article(new, MACHINE, None)


def test_revert_to_someone_elses_record_is_refused(admin_client):
    article = seed_article("2023-03-23", 2)
    other = ChangeRecord.objects.filter(object_id=seed_article("2023-03-23", 3).pk).first()
    response = admin_client.post(reverse("admin:archive_article_revert", args=[article.pk]),
                                 {"to": str(other.pk)}, follow=True)
    assert "这条记录不属于这篇文章" in response.content.decode()
    response = admin_client.post(reverse("admin:archive_article_revert", args=[article.pk]),
                                 {"to": "<script>"}, follow=True)
    assert "没有这条修改记录" in response.content.decode() and "<script>" not in response.content.decode()


def test_revert_get_only_previews(admin_client):
    article = seed_article("2023-03-23", 2)
    edit(admin_client, article, title="第一次更正")
    response = admin_client.get(reverse("admin:archive_article_revert", args=[article.pk]), {"to": "machine"})
    html = response.content.decode()
    assert "确认恢复为机器解析结果" in html and "第一次更正" in html and "人工更正标记" in html
    article.refresh_from_db()
    assert article.title == "第一次更正" and article.corrected_fields == ["title"]
    assert not ChangeRecord.objects.filter(object_id=article.pk, action="revert").exists()
