"""Fuzzing: every public URL's path parts and parameters, and hostile files loaded, never give a 500.

The first property draws a URL pattern of the site (all of them, read from the URLconf,
the admin left out), fills each path part with a value its converter accepts, a real
value from the database or hostile text, adds hostile query parameters, and asserts no
server error and no markup echoed unescaped. The second loads generated hostile pages
with hostile manifest rows and then visits every page the load could touch.
"""

from __future__ import annotations

import csv
import datetime
import re
import urllib.parse

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import URLResolver, get_resolver
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from archive.models import Appearance, Article, ArticleTopic, Issue, Paper, Person, Topic
from archive.parsing.text import MAX_LINE_CHARS
from archive.validation import FIRST_DATE, PAGE_LABEL_PATTERN

from .conftest import SEED_TEXT, run_load

pytestmark = pytest.mark.django_db

MARK = "<script>alert(1)</script>"
HOSTILE_VALUES = [
    MARK, "\"><img src=x onerror=alert(1)>", "0001-01-01", "9999-12-31", "0000-00-00", "-1", "0", "1e9",
    "99999999999999999999", "NaN", "%00", "\x00", "\x85", "\u202e", "' OR '1'='1", "../../etc/passwd", "1/2",
    "衡阳晚报", "刘越高", "x" * 300, "", " ", "２０２３", "title:", '"', "(", "-", "OR",
]
hostile = st.one_of(st.sampled_from(HOSTILE_VALUES), st.text(max_size=30))
PARAMS = ["q", "page", "kind", "role", "year", "paper", "person", "topic", "from", "to", "start", "end", "sort",
          "per_page", "format"]
_PART = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def public_routes() -> list[str]:
    """Every route of the site outside the admin, as written in the URLconf."""
    routes: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name != "admin":
                    walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                routes.append(prefix + str(pattern.pattern))

    walk(get_resolver().url_patterns, "")
    return routes


@pytest.fixture(scope="module")
def search_ready(django_db_setup, django_db_blocker):
    """A search index of the seeds, so that search URLs search rather than fail for want of an index."""
    from archive.search.dictionary import update_userdict

    with django_db_blocker.unblock():
        update_userdict()
        call_command("rebuild_index", "--noinput", verbosity=0)


@pytest.fixture
def real_values(search_ready, db) -> dict[str, list[str]]:
    issues = list(Issue.objects.select_related("paper"))
    return {
        "slug": [p.slug for p in Paper.objects.all()],
        "isodate": sorted({i.date.isoformat() for i in issues}),
        "year": sorted({f"{i.date.year:04d}" for i in issues}),
        "month": sorted({str(i.date.month) for i in issues}),
        "page": sorted({i.page for i in issues}),
        "int": [str(pk) for pk in Article.objects.values_list("pk", flat=True)[:20]] + ["1", "2"],
        "str": [p.slug for p in Person.objects.all()[:20]] + [t.slug for t in Topic.objects.all()[:20]],
        "section": ["pages", "issues", "articles", "people", "topics"],
    }


def part_values(converter: str, name: str, real: dict[str, list[str]]) -> st.SearchStrategy[str]:
    """Values for one path part: what its converter accepts, real values, hostile text."""
    accepted = {
        "int": st.integers(0, 10**12).map(str),
        "isodate": st.dates().map(lambda d: d.isoformat()),
        "year": st.integers(0, 9999).map(lambda y: f"{y:04d}"),
        "month": st.integers(0, 99).map(str),
        "page": st.from_regex(PAGE_LABEL_PATTERN, fullmatch=True),
        "slug": st.from_regex(r"[-a-zA-Z0-9_]{1,20}", fullmatch=True),
    }.get(converter, hostile)
    pool = real.get(name if name == "section" else converter) or ["1"]
    return st.one_of(st.sampled_from(pool), accepted, hostile.filter(bool))


def assert_sound(response, url: str) -> None:
    assert response.status_code < 500, url
    if response.status_code == 200 and not response["Content-Type"].startswith("text/plain"):
        assert MARK not in response.content.decode("utf-8", errors="replace"), url


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_every_public_url_answers_without_error_and_escapes(client, real_values, data):
    route = data.draw(st.sampled_from(public_routes()), label="route")
    path = route
    for match in _PART.finditer(route):
        value = data.draw(part_values(match.group("converter") or "str", match.group("name"), real_values))
        path = path.replace(match.group(0), urllib.parse.quote(value, safe=""), 1)
    params = data.draw(st.dictionaries(st.sampled_from(PARAMS), hostile, max_size=4), label="params")
    url = "/" + path
    assert_sound(client.get(url, params), url)


# Hostile loads ----------------------------------------------------------------------------------

CONTROL = st.sampled_from(["\x00", "\x01", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9b", "\u2028", "\u200b",
                           "\u202e", "\ufeff", "\r", "\t"])
SEED_LINES = SEED_TEXT.split("\n")


@st.composite
def hostile_pages(draw) -> tuple[bytes, list[str]]:
    """A seed page with control characters, markup, odd running heads and long lines; its manifest row."""
    lines = list(SEED_LINES)
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(lines) - 1))
        line = lines[at]
        cut = draw(st.integers(0, len(line)))
        lines[at] = line[:cut] + draw(CONTROL) + line[cut:]
    extras = draw(st.lists(st.one_of(
        st.just(f"# {MARK}"),
        st.just(f"衡阳晚报讯 (全媒体记者 {MARK})"),
        st.builds(lambda y, m, d: f"{y}年{m}月{d}日 星期一", st.integers(1900, 2099), st.integers(1, 12),
                  st.integers(1, 31)),
        st.builds(lambda y: f"{y}年3月22日上午，市委书记刘越高主持会议。", st.integers(1900, 2099)),
        st.integers(MAX_LINE_CHARS - 5, MAX_LINE_CHARS + 5).map(lambda n: "字" * n),
        st.text(max_size=80),
    ), max_size=3))
    for extra in extras:
        lines.insert(draw(st.integers(0, len(lines))), extra)
    text = "\n".join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "gb18030"]))
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    row = [
        draw(st.sampled_from(["衡阳晚报", "衡阳日报", ""])),
        draw(st.one_of(st.dates(FIRST_DATE, datetime.date.today()).map(lambda d: d.isoformat()), st.just(""))),
        draw(st.sampled_from(["1", "A1", "02", ""])),
    ]
    spoilt = draw(st.sampled_from([None, None, 0, 1, 2]))  # one field hostile in three rows of five
    if spoilt is not None:
        row[spoilt] = draw(hostile.filter(lambda v: v != row[spoilt]))
    return data, row


def pages_touched_by(issues: list[Issue]) -> list[str]:
    """Every page a loaded issue shows on: its day, month and year, itself, its articles, people, topics."""
    urls = ["/", "/dates/", "/people/", "/topics/", "/events/", "/feeds/latest.atom", "/sitemap.xml",
            "/sitemap-issues.xml", "/sitemap-articles.xml", "/sitemap-people.xml", "/sitemap-topics.xml",
            "/search/?q=刘越高", "/api/search/?q=刘越高"]
    for issue in issues:
        day = issue.date
        urls += [f"/dates/{day.year:04d}/", f"/dates/{day.year:04d}/{day.month}/", f"/dates/{day.isoformat()}/",
                 issue.get_absolute_url(), issue.get_absolute_url() + "raw/"]
        articles = list(issue.articles.all())
        urls += [a.get_absolute_url() for a in articles] + [f"/api/articles/{a.pk}/" for a in articles]
        people = Person.objects.filter(pk__in=Appearance.objects.filter(article__issue=issue).values("person"))
        topics = Topic.objects.filter(pk__in=ArticleTopic.objects.filter(article__issue=issue).values("topic"))
        urls += [p.get_absolute_url() for p in people] + [t.get_absolute_url() for t in topics]
    return urls


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(pages=st.lists(hostile_pages(), min_size=1, max_size=2))
def test_hostile_loads_leave_every_page_answering(client, search_ready, tmp_path_factory, pages):
    folder = tmp_path_factory.mktemp("hostile")
    names = [f"hostile{i}.txt" for i in range(len(pages))]
    with (folder / "manifest.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["file", "paper", "issue_date", "page"])
        for name, (data, row) in zip(names, pages, strict=True):
            (folder / name).write_bytes(data)
            writer.writerow([name, *row])
    with transaction.atomic():
        status, _, _ = run_load(folder)
        assert status in (0, 1)
        issues = list(Issue.objects.select_related("paper").filter(source_name__in=names))
        event(f"{len(issues)} of {len(names)} loaded")
        for url in pages_touched_by(issues):
            response = client.get(url)
            assert response.status_code in (200, 301, 302, 404), url
            assert_sound(response, url)
        transaction.set_rollback(True)
