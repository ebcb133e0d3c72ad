"""Under the Content-Security-Policy (no inline script or style) the site and the admin run without one violation."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User

from archive.models import Article, Issue, Person, Topic

pytestmark = pytest.mark.browser
PASSWORD = "x-Very-long-pass-42"


def site_paths() -> list[str]:
    article = Article.objects.select_related("issue__paper").get(
        issue__paper__slug="hywb", issue__date=datetime.date(2023, 3, 23), position=2)
    person = Person.objects.filter(appearance_count__gt=0).order_by("-appearance_count").first()
    topic = Topic.objects.filter(article_count__gt=0).order_by("-article_count").first()
    return [
        "/", "/dates/", "/dates/2023/", "/dates/2023/3/", "/dates/2023-03-23/", article.issue.get_absolute_url(),
        article.get_absolute_url(), "/people/", person.get_absolute_url(), "/topics/", topic.get_absolute_url(),
        "/events/", "/search/?q=衡阳", "/search/?q=没有这个词语", "/no-such-page/",
    ]


def admin_paths() -> list[str]:
    article = Article.objects.order_by("pk").first()
    person = Person.objects.order_by("pk").first()
    issue = Issue.objects.order_by("pk").first()
    return [
        "/admin/", "/admin/archive/article/", f"/admin/archive/article/{article.pk}/change/",
        f"/admin/archive/article/{article.pk}/split/", f"/admin/archive/article/{article.pk}/move/",
        f"/admin/archive/article/{article.pk}/history/", "/admin/archive/person/",
        f"/admin/archive/person/{person.pk}/change/", f"/admin/archive/person/{person.pk}/split/",
        f"/admin/archive/issue/{issue.pk}/change/", "/admin/archive/topic/", "/admin/auth/user/add/",
    ]


def test_no_page_breaks_the_content_security_policy(live_url, browser):
    User.objects.create_superuser("chief", "chief@example.org", PASSWORD)
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: list[str] = []
    page.on("console", lambda message: message.type == "error" and problems.append(f"{page.url}: {message.text}"))
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    try:
        for path in site_paths():
            response = page.goto(live_url + path)
            assert "default-src 'self'" in response.headers["content-security-policy"], path
        page.goto(f"{live_url}/admin/login/")
        page.fill("#id_username", "chief")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_selector("#site-name")
        for path in admin_paths():
            response = page.goto(live_url + path)
            assert response.status == 200, path
        page.goto(f"{live_url}/admin/archive/article/")
        page.click("#action-toggle")  # the admin's own scripts run: select all, then the action bar counts
        assert "选中了" in page.inner_text(".action-counter")
    finally:
        context.close()
    # a 404 page logs its own status line; anything else (a refused inline style or script) is a failure
    assert [p for p in problems if "404 (Not Found)" not in p] == []
