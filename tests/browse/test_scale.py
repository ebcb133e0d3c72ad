"""What keeps the pages fast at scale stays true: copied issue dates, cached aggregates that follow the data."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import F

from archive.loading import load_bytes
from archive.manifest import ManifestEntry
from archive.models import Appearance, Article, ArticleTopic, Person, Topic
from archive.queries import people as people_q
from archive.queries import topics as topics_q

pytestmark = pytest.mark.django_db

PAGE = """\
# 全市春耕生产现场会召开

本报讯 3月2日，全市春耕生产现场会召开。市委书记刘越高出席会议并讲话。

刘越高强调，要坚持制造立市，抓好春耕生产。

市领导朱健、于新凡出席会议。
"""


def load_page(date: str) -> None:
    entry = ManifestEntry(paper="衡阳日报", issue_date=datetime.date.fromisoformat(date), page="1")
    load_bytes(PAGE.encode(), f"scale-{date}.txt", entry)


def test_link_rows_carry_their_issue_date():
    assert Appearance.objects.exists() and ArticleTopic.objects.exists()
    assert not Appearance.objects.exclude(date=F("article__issue__date")).exists()
    assert not ArticleTopic.objects.exclude(date=F("article__issue__date")).exists()


def test_a_link_saved_on_its_own_gets_the_date():
    article = Article.objects.select_related("issue").first()
    topic = Topic.objects.create(name="春耕", slug="chungeng", kind=Topic.Kind.KEYWORD)
    link = ArticleTopic(article=article, topic=topic)
    link.save()
    assert link.date == article.issue.date


def test_person_timeline_is_newest_first_and_counted_by_the_denormalised_count():
    liu = Person.objects.get(name="刘越高")
    load_page("1999-03-03")
    liu.refresh_from_db()
    timeline = people_q.timeline(liu, None, liu.appearance_count)
    rows = timeline[0:50]
    dates = [a.article.issue.date for a in rows]
    assert dates == sorted(dates, reverse=True) and dates[-1] == datetime.date(1999, 3, 3)
    assert len(timeline) == len(rows) == liu.appearances.count()
    assert [a.pk for a in timeline[1:3]] == [a.pk for a in rows[1:3]]


def test_topic_articles_are_newest_first():
    topic = Topic.objects.get(name="制造立市")
    links = topics_q.articles_about(topic)[0:50]
    dates = [link.article.issue.date for link in links]
    assert len(links) == topic.article_count and dates == sorted(dates, reverse=True)


def test_cached_counts_follow_a_new_load(client):
    assert "1999年" not in client.get("/dates/").content.decode()
    before = people_q.appearances_per_month(Person.objects.get(name="刘越高"))
    topic = Topic.objects.get(name="制造立市")
    topic_before = topics_q.mentions_per_month(topic)
    load_page("1999-03-03")
    assert "1999年" in client.get("/dates/").content.decode()
    after = people_q.appearances_per_month(Person.objects.get(name="刘越高"))
    assert after == {**before, datetime.date(1999, 3, 1): 1}
    topic.refresh_from_db()
    assert topics_q.mentions_per_month(topic)[datetime.date(1999, 3, 1)] >= 1
    assert datetime.date(1999, 3, 1) not in topic_before


def test_sitemap_pages_hold_a_bounded_number_of_entries(client):
    from archive.sitemaps import PAGE_SIZE

    body = client.get("/sitemap-articles.xml").content.decode()
    assert 0 < body.count("<url>") <= PAGE_SIZE


def test_pages_read_from_the_end_mirror_those_read_from_the_start():
    from archive.views.topics import PER_PAGE

    from .conftest import build_archive

    build_archive(2_000)
    topic = Topic.objects.get(name="制造立市")
    listing = topics_q.articles_about(topic)
    pages = [listing[start : start + PER_PAGE] for start in range(0, topic.article_count, PER_PAGE)]
    forwards = list(topic.article_topics.order_by("-date", "article__issue__page", "article__position", "pk")
                    .values_list("pk", flat=True))
    assert [link.pk for page in pages for link in page] == forwards
    liu = Person.objects.get(name="刘越高")
    assert [a.pk for a in people_q.timeline(liu, None, liu.appearance_count)[liu.appearance_count - 3 :]] == list(
        liu.appearances.order_by("-date", "article__issue__page", "article__position", "pk")
        .values_list("pk", flat=True))[-3:]
