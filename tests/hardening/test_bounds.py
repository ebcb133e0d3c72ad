"""Pages never fail on extreme dates, labels or names, even for rows stored before validation existed."""

from __future__ import annotations

import datetime
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.charts import MAX_BARS, bar_chart, chart_series
from archive.models import (
    NAME_SLUG_LENGTH,
    Appearance,
    Article,
    ArticleTopic,
    Issue,
    Paper,
    Person,
    Topic,
    TopicRedirect,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", [
    "/dates/9999/", "/dates/9999/12/", "/dates/0001/", "/dates/0001/1/", "/dates/1949/13/", "/dates/2023/0/",
    "/dates/9999-12-31/", "/dates/0001-01-01/", "/dates/1949-09-30/",
    "/issues/hywb/9999-12-31/1/", "/issues/hywb/0001-01-01/1/1/", "/issues/hywb/2023-08-19/1%3Cb%3E/",
    "/issues/hywb/2023-08-19/" + "x" * 300 + "/",
])
def test_out_of_range_paths_are_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("prefix", ["/people/", "/topics/"])
@pytest.mark.parametrize("name", ["%00", "a%00b", "%1B", "%7F", "刘" * 61])
def test_names_that_no_row_can_hold_are_404_before_any_query(client, prefix, name):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{prefix}{name}/")
    assert response.status_code == 404
    assert not [q for q in queries.captured_queries if "archive_" in q["sql"]]


def test_a_name_as_long_as_the_column_is_a_page(client):
    name = "刘" * NAME_SLUG_LENGTH
    Person.objects.create(name="刘越高", slug=name)
    topic = Topic.objects.create(name="测试主题", slug="测试主题")
    TopicRedirect.objects.create(slug=name, topic=topic)  # a renamed topic's old name
    assert client.get(f"/people/{name}/").status_code == 200
    response = client.get(f"/topics/{name}/")
    assert (response.status_code, response["Location"]) == (301, topic.get_absolute_url())


def test_the_archive_range_is_browsable(client):
    assert client.get("/dates/1949/10/").status_code == 200
    this_year = datetime.date.today().year
    assert client.get(f"/dates/{this_year}/12/").status_code == 200


def legacy_issue(date: datetime.date, paper: Paper | None = None, page: str = "1") -> Article:
    """A row as an older loader could store it, past today's validation, with one article and person."""
    paper = paper or Paper.objects.get(slug="hywb")
    issue = Issue.objects.create(paper=paper, date=date, page=page, date_confidence="given", source_name="old.txt",
                                 sha256="0" * 64, encoding="utf-8", raw_text="旧数据", article_count=1)
    article = Article.objects.create(issue=issue, position=1, parse_position=1, title="旧文章", body="刘越高出席。")
    Appearance.objects.create(article=article, person=Person.objects.get(name="刘越高"), role="attended")
    ArticleTopic.objects.create(article=article, topic=Topic.objects.get(name="制造立市"))
    return article


@pytest.mark.parametrize("day", [datetime.date(9999, 12, 31), datetime.date(1, 1, 1)])
def test_person_and_topic_pages_survive_extreme_dates(client, day):
    legacy_issue(day)
    for found in (Person.objects.get(name="刘越高"), Topic.objects.get(name="制造立市")):
        url = found.get_absolute_url()
        response = client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count("<rect") <= MAX_BARS
        assert len(response.content) < 200_000


def test_a_long_span_is_charted_by_year():
    counts = {datetime.date(1950, 3, 1): 2, datetime.date(2023, 5, 1): 5, datetime.date(2023, 7, 1): 1}
    series = chart_series(counts)
    assert len(series) == 2023 - 1950 + 1
    assert (series[0].label, series[0].count) == ("1950年", 2)
    assert (series[-1].label, series[-1].count) == ("2023年", 6)
    svg = bar_chart(counts, "x")
    assert "单年最多 6 次" in svg and "1950年至2023年" in svg


def test_dates_outside_the_archive_are_left_out_of_charts():
    series = chart_series({datetime.date(1, 1, 1): 9, datetime.date(9999, 12, 1): 9, datetime.date(2023, 3, 1): 1})
    assert [(b.label, b.count) for b in series] == [("2023年3月", 1)]


def test_feed_survives_control_characters_in_a_stored_paper_name(client):
    paper = Paper.objects.create(name="衡阳\x0b晚\x1b报\x85", slug="legacy")
    legacy_issue(datetime.date(2023, 12, 1), paper)
    response = client.get("/feeds/latest.atom")
    assert response.status_code == 200
    titles = [e.text for e in ElementTree.fromstring(response.content).iter("{http://www.w3.org/2005/Atom}title")]
    assert "衡阳 晚报 2023-12-01 第1版" in titles  # VT is a line break, the others vanish


@pytest.mark.parametrize("url", ["/", "/sitemap.xml", "/sitemap-issues.xml", "/sitemap-articles.xml", "/events/",
                                 "/dates/", "/people/", "/topics/"])
def test_site_pages_survive_legacy_rows(client, url):
    legacy_issue(datetime.date(9999, 12, 31))
    legacy_issue(datetime.date(1, 1, 1))
    assert client.get(url).status_code == 200
