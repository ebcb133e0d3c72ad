"""A reader clicks an article's region on the printed page (made as a PDF from a seed page and
loaded) and lands on the article, at desktop and phone width, zoomed in and not; the page breaks
no Content-Security-Policy rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from archive.models import Issue
from tests.pdf.pdfmaker import make_page_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED = "001_a192f4ec0cc23092"


@pytest.fixture
def pdf_issue(live_url, tmp_path) -> Issue:
    make_page_pdf((SEEDS / f"{SEED}.txt").read_text(encoding="utf-8"), tmp_path / f"{SEED}.pdf")
    (tmp_path / "manifest.csv").write_text(f"file,paper,issue_date,page\n{SEED}.pdf,衡阳晚报,2023-08-19,1\n",
                                           encoding="utf-8")
    call_command("load_issues", str(tmp_path), verbosity=0)
    return Issue.objects.get(source_name=f"{SEED}.pdf")


def test_clicking_a_region_opens_its_article(live_url, pdf_issue, page, viewport, shoot):
    problems: list[str] = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.location["url"]))
    page.on("pageerror", lambda error: problems.append(str(error)))
    articles = list(pdf_issue.articles.order_by("position"))
    page.goto(live_url + pdf_issue.get_absolute_url())
    image = page.locator("svg.page-image")
    expect(image).to_be_visible()
    box = image.bounding_box()
    assert box["width"] <= viewport["width"]
    shoot("page")

    target = articles[2]
    region = page.get_by_role("link", name=target.display_title).and_(page.locator("a.region"))
    region.locator("rect").first.click()
    expect(page).to_have_url(re.compile(re.escape(target.get_absolute_url()) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(target.display_title)
    expect(page.locator("svg.clip").first).to_be_visible()
    shoot("article")

    page.go_back()
    page.get_by_role("button", name="放大").click()
    page.get_by_role("button", name="放大").click()
    view_box = image.get_attribute("viewBox").split()
    assert float(view_box[2]) < pdf_issue.page_image.width * 0.5  # zoomed in
    first = page.locator("a.region").first
    first.focus()  # keyboard: the regions are links in the tab order
    expect(first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(articles[0].get_absolute_url()) + "$"))
    assert [p for p in problems if not p.endswith("/favicon.ico")] == []  # no CSP refusal, no script error
