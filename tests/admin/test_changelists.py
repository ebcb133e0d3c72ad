"""Every model has a Chinese admin list; the article list filters the way the work needs."""

import pytest
from django.apps import apps
from django.urls import reverse

from archive.models import Issue

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [m._meta.model_name for m in apps.get_app_config("archive").get_models()])
def test_every_model_has_a_list_and_a_page(admin_client, model):
    response = admin_client.get(reverse(f"admin:archive_{model}_changelist"))
    assert response.status_code == 200
    assert "衡阳报纸档案" in response.content.decode()


def test_article_list_filters(admin_client, django_assert_max_num_queries):
    url = reverse("admin:archive_article_changelist")
    with django_assert_max_num_queries(12):
        html = admin_client.get(url, {"warnings": "yes"}).content.decode()
    assert "深入推进“原地倍增”" in html and "市委常委会召开会议" not in html
    html = admin_client.get(url, {"kind__exact": "photo"}).content.decode()
    assert "图片新闻" in html and "市委常委会召开会议" not in html
    html = admin_client.get(url, {"needs_review__exact": "1"}).content.decode()
    assert "原地倍增" in html and "市政府召开常务会议" not in html
    html = admin_client.get(url, {"corrected": "yes"}).content.decode()
    assert "市政府召开常务会议" not in html
    html = admin_client.get(url, {"q": "签约"}).content.decode()
    assert "衡阳算力中心建设项目签约仪式举行" in html
    html = admin_client.get(url, {"issue__date__year": "2021"}).content.decode()
    assert "市委常委会召开会议" in html and "原地倍增" not in html


def test_issue_list_and_page_with_raw_text(admin_client):
    html = admin_client.get(reverse("admin:archive_issue_changelist"), {"paper__id__exact": "1"}).content.decode()
    assert "第1版" in html
    issue = Issue.objects.get(paper__slug="hyrb")
    html = admin_client.get(reverse("admin:archive_issue_change", args=[issue.pk])).content.decode()
    assert "从原文重新解析" in html and "邓群策主持" in html


def test_hostile_search_is_escaped(admin_client):
    response = admin_client.get(reverse("admin:archive_article_changelist"), {"q": "<script>alert(1)</script>"})
    assert response.status_code == 200 and "<script>alert(1)</script>" not in response.content.decode()
