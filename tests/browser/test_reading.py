"""Every page type at 1280 and 390 px: landmarks, one search box, text contrast, headlines, charts.

One walk per width through home, dates, year, month, day, issue, article, person, people,
topic, topics, events, search and a 404, with a screenshot of each page in the test's tmp
dir. The checks run in the page (reading_checks.js) on the rendered, computed styles.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from archive.models import Article, Person, Topic

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHECKS = (Path(__file__).parent / "reading_checks.js").read_text(encoding="utf-8")
HEADLINES = "h1, .headline .title, .headlines a, .day-issue h2 a"
# Widths of common phones, for the headline check (the walk itself runs at 1280 and 390).
PHONE_WIDTHS = (360, 375, 414)


def check(page, name: str, arg=None):
    return page.evaluate(f"(arg) => ({CHECKS}).{name}(arg)", arg)


def reading_paths() -> dict[str, str]:
    article = Article.objects.select_related("issue__paper").get(
        issue__paper__slug="hywb", issue__date=datetime.date(2023, 3, 23), position=2)
    person = Person.objects.get(name="刘越高")
    topic = Topic.objects.get(name="制造立市")
    return {
        "home": "/", "dates": "/dates/", "year": "/dates/2023/", "month": "/dates/2023/3/",
        "day": "/dates/2023-03-23/", "issue": article.issue.get_absolute_url(), "article": article.get_absolute_url(),
        "person": person.get_absolute_url(), "people": "/people/", "topic": topic.get_absolute_url(),
        "topics": "/topics/", "events": "/events/", "search": "/search/?q=衡阳", "404": "/no-such-page/",
    }


def check_chart(page, viewport: dict) -> None:
    """Text at a readable size as drawn, values on the bars, the table's numbers, bars by keyboard."""
    chart = check(page, "chart")
    assert chart["fontSizes"] and min(chart["fontSizes"]) >= 12, chart  # as set in CSS: nothing scales it down
    assert chart["smallest"] >= 11, chart  # as drawn, in CSS pixels
    assert chart["width"] <= viewport["width"]
    assert chart["values"] >= 1  # at least the peak's value is printed on its bar
    assert chart["bars"] == [f"{label}：{count} 次" for label, count in chart["rows"]]  # the table's numbers
    page.locator("svg.chart .bar").first.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == chart["bars"][1]


def test_every_page_type_reads_at_desktop_and_phone_width(live_url, page, viewport, tmp_path):
    size = "phone" if viewport["width"] < 600 else "desktop"
    problems: list[str] = []
    for name, path in reading_paths().items():
        page.goto(live_url + path)
        page.screenshot(path=str(tmp_path / f"{size}-{name}.png"), full_page=True)
        marks = check(page, "landmarks")
        if (marks["banner"], marks["main"], marks["contentinfo"], marks["h1"]) != (1, 1, 1, 1) or marks["nav"] < 1:
            problems.append(f"{name}: landmarks {marks}")
        searches = marks["searches"]
        if not searches or not all(s["name"] and s["labelled"] for s in searches):
            problems.append(f"{name}: an unnamed or unlabelled search {searches}")
        if sum(s["site"] for s in searches) != 1:  # one box for the whole archive, on every page
            problems.append(f"{name}: {sum(s['site'] for s in searches)} site search boxes")
        problems += [f"{name}: contrast {low}" for low in check(page, "contrast")]
        if name in ("person", "topic"):
            check_chart(page, viewport)
        problems += [f"{name}: orphan {o}" for o in check(page, "orphans", HEADLINES)]
        if size == "phone" and name in ("day", "issue", "article"):
            for width in PHONE_WIDTHS:
                page.set_viewport_size({"width": width, "height": viewport["height"]})
                problems += [f"{name} at {width}px: orphan {o}" for o in check(page, "orphans", HEADLINES)]
            page.set_viewport_size(viewport)
    assert problems == []
    assert len(list(tmp_path.glob(f"{size}-*.png"))) == len(reading_paths())
    # The contrast check sees a pale text when there is one (#999 on white: 2.85:1).
    page.evaluate("() => { const p = document.createElement('p'); p.textContent = '浅色文字'; p.style.color = '#999';"
                  " p.style.background = '#fff'; document.querySelector('main').append(p); }")
    assert [low for low in check(page, "contrast") if "浅色文字" in low] == ["p. “浅色文字” 2.85:1"]
