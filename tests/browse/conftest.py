"""Browse fixtures: a synthetic archive many times the seeds' size, built in one test's transaction."""

from __future__ import annotations

import datetime

import pytest

from archive.counts import refresh_issue_counts, refresh_person_counts, refresh_topic_counts
from archive.models import Appearance, Article, ArticleTopic, Event, Issue, Paper, Person, Topic

SYNTHETIC_START = datetime.date(2016, 1, 1)
PAGES_PER_DAY = 2
BODY = "市委书记刘越高主持会议，推进制造立市。\n\n会议强调，要坚持文旅兴城，加快区域中心化进程。"


def build_archive(articles: int, per_issue: int = 10) -> list[Issue]:
    """Issues of 衡阳晚报 from 2016 on, every article with 刘越高, a colleague, a byline, a topic and an event."""
    paper = Paper.objects.get(slug="hywb")
    liu, chen = Person.objects.get(name="刘越高"), Person.objects.get(name="陈润")
    topic = Topic.objects.get(name="制造立市")
    colleagues = Person.objects.bulk_create(
        Person(name=f"同事{i}", slug=f"synthetic-{i}", kind=Person.Kind.OFFICIAL) for i in range(50)
    )
    issues = Issue.objects.bulk_create(
        Issue(
            paper=paper, date=SYNTHETIC_START + datetime.timedelta(days=i // PAGES_PER_DAY),
            page=str(i % PAGES_PER_DAY + 2), date_confidence="given", source_name=f"synthetic-{i}.txt",
            sha256=f"{i:064d}", encoding="utf-8", raw_text=BODY,
        )
        for i in range(articles // per_issue)
    )
    rows = Article.objects.bulk_create(
        Article(issue=issue, position=p, parse_position=p, title=f"合成文章 {issue.date} {issue.page}-{p}", body=BODY)
        for issue in issues
        for p in range(1, per_issue + 1)
    )
    Appearance.objects.bulk_create(
        appearance
        for n, article in enumerate(rows)
        for appearance in (
            Appearance(article=article, person=liu, title="市委书记", role="presided", roles=["presided"], order=0),
            Appearance(article=article, person=colleagues[n % 50], title="市长", role="attended", order=1),
            Appearance(article=article, person=chen, title="全媒体记者", role="reported", order=2),
        )
    )
    ArticleTopic.objects.bulk_create(ArticleTopic(article=a, topic=topic, mentions=2) for a in rows)
    Event.objects.bulk_create(
        Event(article=a, kind=Event.Kind.MEETING, name=f"会议{a.pk}", date=a.issue.date, place="市行政中心")
        for a in rows
    )
    refresh_issue_counts(i.pk for i in issues)
    refresh_person_counts([liu.pk, chen.pk, *(c.pk for c in colleagues)])
    refresh_topic_counts([topic.pk])
    return issues


@pytest.fixture
def synthetic_archive(db) -> list[Issue]:
    return build_archive(10_000)
