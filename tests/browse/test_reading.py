"""The reading side's words and lists: 版 and 期, the calendar's shortcut, one topic list, feeds, typography."""

from __future__ import annotations

import datetime
import re

import feedparser
import pytest
from django.core.management import call_command
from django.urls import reverse

from archive.models import Article, ArticleTopic, ChangeRecord, Issue, Paper, Topic
from archive.queries.issues import page_order
from archive.topics import assign_topics, detect_keywords, is_generic
from archive.typography import full_width, no_orphan

pytestmark = pytest.mark.django_db
MARCH_23 = datetime.date(2023, 3, 23)


def add_page(date: datetime.date, page: str, paper: str = "hywb") -> Issue:
    return Issue.objects.create(
        paper=Paper.objects.get(slug=paper), date=date, page=page, date_confidence="given",
        source_name=f"extra-{date}-{page}.txt", sha256=f"extra-{date}-{page}", encoding="utf-8", raw_text="",
    )


# 版 and 期 ------------------------------------------------------------------------------------------
def test_pages_of_one_issue_are_上一版_下一版_and_other_dates_上一期_下一期(client):
    for page in ("2", "10"):
        add_page(MARCH_23, page)
    html = client.get("/issues/hywb/2023-03-23/2/").content.decode()
    assert 'href="/issues/hywb/2023-03-23/1/">‹ 上一版：第1版</a>' in html
    assert 'href="/issues/hywb/2023-03-23/10/">下一版：第10版 ›</a>' in html  # 10 after 2, as printed
    assert 'href="/issues/hywb/2023-02-08/1/">‹ 上一期：2023年2月8日</a>' in html
    assert 'href="/issues/hywb/2023-08-19/1/">下一期：2023年8月19日 ›</a>' in html
    last = client.get("/issues/hywb/2023-03-23/10/").content.decode()
    assert "下一版" not in last and "上一版：第2版" in last


def test_page_order_puts_numbers_first_in_number_order():
    assert sorted(["10", "B2", "2", "1", "A1"], key=page_order) == ["1", "2", "10", "A1", "B2"]


def test_calendar_links_a_day_with_one_page_to_it_and_a_day_with_more_to_the_day(client):
    html = client.get("/dates/2023/3/").content.decode()
    assert 'href="/issues/hywb/2023-03-23/1/" aria-label="3月23日，衡阳晚报 第1版"' in html
    add_page(MARCH_23, "2")
    html = client.get("/dates/2023/3/").content.decode()
    assert 'href="/dates/2023-03-23/" aria-label="3月23日，2 版"' in html


# One search box --------------------------------------------------------------------------------------
@pytest.mark.parametrize("url", ["/", "/search/?q=衡阳", "/no-such-page/"])
def test_pages_with_their_own_search_box_leave_out_the_header_one(client, url):
    html = client.get(url).content.decode()
    assert 'id="site-q"' not in html
    assert len(re.findall(r'<form[^>]*role="search"[^>]*aria-label="[^"]+"', html)) == html.count('role="search"')


def test_other_pages_keep_the_header_search_box(client):
    assert 'id="site-q"' in client.get("/dates/").content.decode()


# One topic list --------------------------------------------------------------------------------------
GENERIC = ("的哥", "驾驶员", "仪式", "数字", "中国电信", "司机", "乘客", "学生", "队员", "部长", "市民", "科技", "网络")


@pytest.mark.parametrize("word", GENERIC)
def test_generic_words_are_never_keywords(word):
    body = f"{word}{word}{word}，{word}在物流园区。{word}说，物流企业越来越多。{word}。"
    assert word not in {d.name for d in detect_keywords(f"{word}{word}", body)}


def test_the_generic_rule_is_a_class_not_a_list():
    assert all(is_generic(w) for w in ("售票员", "出租车司机", "教练员", "仪式", "数字", "游客", "旅客"))
    assert not any(is_generic(w) for w in ("物流", "算力", "夜游", "援疆", "文化名城"))
    assert "中国电信" not in {d.name for d in detect_keywords("中国电信", "中国电信中国电信中国电信5G基站")}


def test_no_page_lists_a_generic_word_as_a_topic(client):
    shown = {t.name for _, topics in client.get("/topics/").context["groups"] for t in topics}
    assert shown and not set(GENERIC) & shown
    assert {"物流", "区域中心化", "经济"} <= shown


@pytest.fixture
def search_index(django_db_blocker):
    from archive.search.dictionary import update_userdict

    with django_db_blocker.unblock():
        update_userdict()
        call_command("rebuild_index", "--noinput", verbosity=0)


def facet_topics(client) -> set[str]:
    """The topic facet over the whole archive: a search of each paper with no words."""
    found = set()
    for paper in Paper.objects.values_list("slug", flat=True):
        data = client.get("/api/search/", {"paper": paper, "per_page": 100}).json()
        found |= {f["label"] for f in data["facets"].get("topic", [])}
    return found


def topics_page(client) -> set[str]:
    return {t.name for _, topics in client.get("/topics/").context["groups"] for t in topics}


def test_search_facet_offers_the_topics_of_the_topics_page(client, search_index):
    assert facet_topics(client) == topics_page(client)
    on_article_pages = set()
    for article in Article.objects.select_related("issue__paper"):
        on_article_pages |= {at.topic.name for at in client.get(article.get_absolute_url()).context["article_topics"]}
    assert on_article_pages == topics_page(client)


def test_a_hidden_topic_leaves_every_list_and_stays_hidden_on_reload(admin_client, client, search_index):
    topic = Topic.objects.get(name="物流")
    article = topic.article_topics.select_related("article__issue__paper").first().article
    response = admin_client.post(reverse("admin:archive_topic_changelist"),
                                 {"action": "hide_selected", "_selected_action": [topic.pk]})
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.hidden
    assert ChangeRecord.objects.filter(object_id=str(topic.pk), changes__hidden=[False, True]).exists()
    assert "物流" not in topics_page(client) and "物流" not in facet_topics(client)
    assert "物流" not in {at.topic.name for at in client.get(article.get_absolute_url()).context["article_topics"]}
    assert client.get(topic.get_absolute_url()).status_code == 404

    ArticleTopic.objects.filter(topic=topic).delete()  # nothing mentions it any more, then a re-load
    assign_topics(Article.objects.values_list("pk", flat=True))
    topic.refresh_from_db()  # still there, still hidden: the re-load did not bring it back to readers
    assert topic.hidden and topic.article_count == 2
    assert "物流" not in topics_page(client)

    admin_client.post(reverse("admin:archive_topic_changelist"),
                      {"action": "show_selected", "_selected_action": [topic.pk]})
    assert "物流" in topics_page(client)


def test_a_keyword_that_comes_to_recur_joins_the_facet(client, search_index, django_capture_on_commit_callbacks):
    article = Article.objects.filter(article_topics__topic__name="物流").first()
    with django_capture_on_commit_callbacks(execute=True):
        ArticleTopic.objects.filter(topic__name="物流").exclude(article=article).delete()
        assign_topics([article.pk])  # 物流 is on one article now: no longer listed
    assert "物流" not in facet_topics(client)
    with django_capture_on_commit_callbacks(execute=True):
        assign_topics(Article.objects.values_list("pk", flat=True))
    assert "物流" in facet_topics(client) and "物流" in topics_page(client)


# Feeds -----------------------------------------------------------------------------------------------
def read_feed(client, url: str):
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


def test_each_feed_entry_lists_its_pages_headlines_with_links(client):
    feed = read_feed(client, "/feeds/latest.atom")
    issue = Issue.objects.get(paper__slug="hywb", date=MARCH_23)
    entry = next(e for e in feed.entries if e.link.endswith(issue.get_absolute_url()))
    links = re.findall(r'<a href="http://testserver(/articles/[^"]+/)">([^<]+)</a>', entry.summary)
    articles = list(issue.articles.order_by("position"))
    assert [(url, title) for url, title in links] == [(a.get_absolute_url(), a.display_title) for a in articles]
    kicker = next(a.kicker for a in articles if a.kicker)
    assert f"<small>{kicker}</small>" in entry.summary
    assert client.get(links[0][0]).status_code == 200


def test_a_feed_per_paper(client):
    for paper in Paper.objects.all():
        feed = read_feed(client, f"/feeds/{paper.slug}.atom")
        assert feed.feed.title == f"{paper.name} · 最新版面"
        assert feed.entries and all(e.title.startswith(paper.name) for e in feed.entries)
        assert len(feed.entries) == Issue.objects.filter(paper=paper).count()
    assert client.get("/feeds/no-such-paper.atom").status_code == 404
    assert 'href="/feeds/hywb.atom"' in client.get("/issues/hywb/2023-03-23/1/").content.decode()


# Typography ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("printed", "shown"), [
    ("据了解,此次", "据了解，此次"),
    ("据了解, 此次活动", "据了解，此次活动"),
    ("时间:10:30", "时间：10:30"),
    ("增长3.5%,高于", "增长3.5%，高于"),
    ("访问www.a.com,了解", "访问www.a.com，了解"),
    ("3,000元", "3,000元"),
    ("是否?是!", "是否？是！"),
    ("会议结束.", "会议结束。"),
    ("(记者 张三)", "（记者 张三）"),
    ("(1)", "(1)"),
    ("Hello, world.", "Hello, world."),
])
def test_full_width_punctuation_inside_chinese_only(printed, shown):
    assert full_width(printed) == shown


def test_headline_keeps_its_last_two_characters_together():
    assert no_orphan("签约仪式举行") == '签约仪式<span class="nobr">举行</span>'
    assert no_orphan("召开会议”。") == '召开<span class="nobr">会议</span>”。'
    assert no_orphan("衡阳<mark>举行</mark>") == '衡阳<mark><span class="nobr">举行</span></mark>'


def test_display_is_full_width_while_the_stored_text_and_search_stay_as_printed(client, search_index):
    article = Article.objects.get(title="发扬优良传统和作风,开创高质量发展新局面")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "发扬优良传统和作风，开创高质量发展新" in html
    article.refresh_from_db()
    assert "," in article.title  # stored as printed
    found = client.get("/api/search/", {"q": "作风,开创"}).json()["results"]
    assert article.pk in [r["id"] for r in found]
