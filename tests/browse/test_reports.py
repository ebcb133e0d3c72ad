"""报告错误: readers file a report (CSRF-protected, rate-limited); staff work through it; nobody else sees it."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from archive.corrections.history import history_of
from archive.models import Article, ReaderReport
from archive.reports import REPORTS_PER_WINDOW

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


def an_article() -> Article:
    return Article.objects.select_related("issue__paper").get(issue__date="2023-03-23", position=2)


def test_a_reader_files_a_report(client):
    article = an_article()
    page = client.get(article.get_absolute_url()).content.decode()
    url = reverse("archive:article_report", args=[article.uid])
    assert f'href="{url}"' in page and "报告错误" in page
    form = client.get(url)
    assert form.status_code == 200 and "csrfmiddlewaretoken" in form.content.decode()
    done = client.post(url, {"message": "副题中“朱健”应为“朱 健”", "contact": "reader@example.org"})
    assert done.status_code == 200 and "报告已收到" in done.content.decode()
    report = ReaderReport.objects.get()
    assert (report.article_id, report.status, report.contact) == (article.pk, "new", "reader@example.org")


def test_reports_are_never_shown_publicly(client):
    article = an_article()
    ReaderReport.objects.create(article=article, message="秘密的报告内容", contact="私人电话 123")
    for url in (article.get_absolute_url(), f"/api/articles/{article.pk}/", "/sitemap-articles.xml",
                f"/articles/{article.uid}/cite.json"):
        body = client.get(url).content.decode()
        assert "秘密的报告内容" not in body and "私人电话" not in body
    assert client.get(reverse("admin:archive_readerreport_changelist")).status_code == 302  # to the login


def test_a_report_needs_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    url = reverse("archive:article_report", args=[an_article().uid])
    response = client.post(url, {"message": "没有令牌的提交"})
    assert response.status_code == 403 and "表单已过期" in response.content.decode()
    assert not ReaderReport.objects.exists()


def test_reports_are_rate_limited_per_address(client):
    url = reverse("archive:article_report", args=[an_article().uid])
    for _ in range(REPORTS_PER_WINDOW):
        assert client.post(url, {"message": "标题有错字"}).status_code == 200
    limited = client.post(url, {"message": "再报一次"})
    assert limited.status_code == 429 and "太频繁" in limited.content.decode()
    other = client.post(url, {"message": "另一个地址"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200
    assert ReaderReport.objects.count() == REPORTS_PER_WINDOW + 1


def test_an_empty_report_is_refused_with_a_message(client):
    url = reverse("archive:article_report", args=[an_article().uid])
    response = client.post(url, {"message": ""})
    assert response.status_code == 400 and "这个字段是必填项" in response.content.decode()
    assert not ReaderReport.objects.exists()


def test_staff_handle_a_report_and_it_is_recorded(admin_client):
    article = an_article()
    report = ReaderReport.objects.create(article=article, message="主标题错字")
    listing = admin_client.get(reverse("admin:archive_readerreport_changelist")).content.decode()
    assert "主标题错字" in listing
    admin_client.post(reverse("admin:archive_readerreport_changelist"),
                      {"action": "mark_fixed", "_selected_action": [report.pk]})
    report.refresh_from_db()
    assert report.status == "fixed" and report.handled_by.username == "admin" and report.handled_at
    assert history_of(Article, article.pk).filter(action="report").exists()
    assert history_of(ReaderReport, report.pk).filter(action="report").exists()
    assert LogEntry.objects.filter(object_id=str(report.pk), content_type__model="readerreport").exists()
    assert "已人工更正" not in Client().get(article.get_absolute_url()).content.decode()


def test_new_reports_come_first_in_the_admin(admin_client):
    article = an_article()
    done = ReaderReport.objects.create(article=article, message="早已处理", status="fixed")
    new = ReaderReport.objects.create(article=article, message="还没处理")
    ReaderReport.objects.filter(pk=done.pk).update(created_at=new.created_at.replace(year=new.created_at.year + 1))
    listed = list(admin_client.get(reverse("admin:archive_readerreport_changelist")).context["cl"].result_list)
    assert [r.pk for r in listed] == [new.pk, done.pk]
