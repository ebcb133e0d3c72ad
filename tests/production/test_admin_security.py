"""Admin security: login attempts limited per account and per address, a strict CSP on every page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import override_settings

from archive.models import Article

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent.parent
LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "x-Very-long-pass-42"


@pytest.fixture
def staff() -> User:
    return User.objects.create_superuser("chief", "chief@example.org", PASSWORD)


def attempt(client, username: str, password: str, address: str = "192.0.2.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(client, "chief", "wrong")
        assert response.status_code == 200 and "请输入一个正确的" in response.content.decode()
    locked = attempt(client, "chief", "wrong")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "登录失败次数过多（连续 5 次）" in page and "请 60 分钟后再试" in page
    assert attempt(client, "chief", PASSWORD).status_code == 429  # the right password is refused too
    assert "_auth_user_id" not in client.session


def test_thirty_wrong_passwords_are_not_all_answered(client, staff):
    statuses = [attempt(client, "chief", f"guess-{n}").status_code for n in range(30)]
    assert statuses[:4] == [200] * 4 and set(statuses[4:]) == {429}


def test_the_account_is_locked_from_every_address(client, staff):
    for n in range(5):
        attempt(client, "chief", "wrong", address=f"192.0.2.{10 + n}")
    assert attempt(client, "chief", PASSWORD, address="198.51.100.7").status_code == 429


def test_the_address_is_locked_for_every_account(client, staff):
    for n in range(5):
        attempt(client, f"nobody{n}", "wrong", address="203.0.113.5")
    assert attempt(client, "chief", PASSWORD, address="203.0.113.5").status_code == 429
    assert attempt(client, "chief", PASSWORD, address="203.0.113.6").status_code == 302  # another address logs in


def test_a_success_clears_the_count(client, staff):
    for _ in range(4):
        attempt(client, "chief", "wrong")
    assert attempt(client, "chief", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert attempt(client, "chief", "wrong").status_code == 200


def test_the_test_clients_login_still_works_and_is_not_counted(client, staff):
    assert client.login(username="chief", password="wrong") is False
    assert client.login(username="chief", password=PASSWORD) is True
    client.logout()
    for _ in range(4):
        assert attempt(client, "chief", "wrong").status_code == 200  # the web login counts from zero


@override_settings(ARCHIVE_PROXY_COUNT=1)
def test_behind_the_proxy_the_address_is_the_one_the_proxy_saw(client, staff):
    # every request arrives from the proxy (127.0.0.1); the client's own X-Forwarded-For entries are not trusted
    for n in range(5):
        client.post(LOGIN, {"username": f"nobody{n}", "password": "wrong"}, REMOTE_ADDR="127.0.0.1",
                    HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 203.0.113.9")
    assert client.post(LOGIN, {"username": "chief", "password": PASSWORD}, REMOTE_ADDR="127.0.0.1",
                       HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    assert client.post(LOGIN, {"username": "chief", "password": PASSWORD}, REMOTE_ADDR="127.0.0.1",
                       HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.1").status_code == 302


@pytest.mark.parametrize("url", ["/", "/dates/", "/people/", "/search/?q=衡阳", "/no-such-page/", "/admin/login/"])
def test_every_page_has_a_strict_content_security_policy(client, url):
    policy = client.get(url)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == directives["script-src"] == directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_the_admin_screens_have_the_policy_too(admin_client):
    article = Article.objects.order_by("pk").first()
    for url in ("/admin/", "/admin/archive/article/", f"/admin/archive/article/{article.pk}/change/"):
        response = admin_client.get(url)
        assert response.status_code == 200 and "default-src 'self'" in response["Content-Security-Policy"]


INLINE = re.compile(r"<style|<script(?![^>]*\bsrc=)[^>]*>|\sstyle\s*=|\son[a-z]+\s*=|javascript:", re.I)


def test_no_template_has_inline_script_or_style():
    offenders = [str(path.relative_to(ROOT)) for path in sorted((ROOT / "templates").rglob("*.html"))
                 if INLINE.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
