"""Staff log in, correct a title in the admin, and find the new title through the site's search at once."""

import datetime

import pytest
from django.contrib.auth.models import User

from archive.models import Article

pytestmark = pytest.mark.browser

NEW_TITLE = "衡阳算力中心落地签约（更正）"


@pytest.fixture
def staff(live_url) -> tuple[str, str]:
    User.objects.create_superuser("chief", "chief@example.org", "x-Very-long-pass-42")
    return "chief", "x-Very-long-pass-42"


def test_correct_a_title_and_find_it_in_search(live_url, staff, page, shoot):
    article = Article.objects.get(issue__paper__slug="hywb", issue__date=datetime.date(2023, 3, 23), position=2)
    page.goto(f"{live_url}/admin/archive/article/{article.pk}/change/")
    assert "/admin/login/" in page.url  # anonymous: sent to log in first
    page.fill("#id_username", staff[0])
    page.fill("#id_password", staff[1])
    page.click("input[type=submit]")
    page.wait_for_selector("#raw-text")
    assert "衡阳算力中心建设项目签约仪式举行" in page.inner_text("#raw-text")
    page.fill("#id_title", NEW_TITLE)
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist")
    shoot("saved")

    page.goto(f"{live_url}/")
    page.fill("#home-q", "落地签约")  # the home page's own box (the header's is left out there)
    page.press("#home-q", "Enter")
    page.wait_for_load_state()
    shoot("search")
    link = page.get_by_role("link", name=NEW_TITLE)
    assert link.count() >= 1
    article.refresh_from_db()
    assert article.title == NEW_TITLE and article.corrected_fields == ["title"]
