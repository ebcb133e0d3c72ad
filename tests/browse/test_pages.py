"""What each reading page shows, checked against the seed pages' known facts."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from archive.models import Article, Issue, Paper, Person, PersonAlias

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    """The page's visible text, tags dropped and whitespace squeezed, for phrase assertions."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'<span class="nobr">([^<]*)</span>', r"\1", html)  # a headline keeps its last two together
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_home_shows_latest_issues_people_topics_and_search(client):
    response = client.get("/")
    text = text_of(response)
    assert '<html lang="zh-CN">' in response.content.decode()
    assert "最新版面" in text and "衡阳晚报 2023年10月27日 第1版" in text
    assert 'action="/search/"' in response.content.decode()
    assert {"刘越高", "朱健"} <= {p.name for p in response.context["people"]}
    assert "区域中心化" in [t.name for t in response.context["topics"]]


def test_home_on_this_day_lists_other_years_only(client):
    today = timezone.localdate()
    paper = Paper.objects.get(slug="hyrb")
    for years_ago in (0, 3):
        Issue.objects.create(
            paper=paper, date=today.replace(year=today.year - years_ago, day=min(today.day, 28)), page="9",
            date_confidence="given", source_name="x", sha256="x", encoding="utf-8", raw_text="",
        )
    dates = [i.date for i in client.get("/").context["on_this_day"]]
    assert all(d.year < today.year for d in dates)
    if today.day <= 28:
        assert today.replace(year=today.year - 3) in dates


def test_years_months_calendar_and_day(client):
    years = {y.year: y for y in client.get("/dates/").context["years"]}
    assert years[2023].issues == 4 and years[2021].issues == 1
    months = client.get("/dates/2023/").context["months"]
    assert [m.month for m in months if m.issues] == [2, 3, 8, 10]

    response = client.get("/dates/2023/3/")
    marked = [d.date.day for week in response.context["weeks"] for d in week if d.issues]
    assert marked == [23]
    assert 'href="/issues/hywb/2023-03-23/1/"' in response.content.decode()  # its one page, straight
    assert response.context["prev_date"].isoformat() == "2023-02-08"
    assert response.context["next_date"].isoformat() == "2023-08-19"

    day = client.get("/dates/2023-03-23/")
    assert "衡阳晚报 第1版" in text_of(day)
    assert "衡阳算力中心建设项目签约仪式举行" in text_of(day)


def test_day_without_issues_is_a_friendly_404_with_neighbours(client):
    response = client.get("/dates/2022-01-01/")
    assert response.status_code == 404
    assert "这一天没有收录版面" in text_of(response)
    assert 'href="/dates/2023-02-08/"' in response.content.decode()


def test_issue_page_sets_items_in_order_as_printed(client):
    response = client.get("/issues/hywb/2023-10-27/1/")
    html = response.content.decode()
    assert [a.position for a in response.context["articles"]] == [1, 2, 3, 4, 5]
    assert html.count('class="item item-fragment"') == 2
    assert "转版续文" in html
    assert 'href="/issues/hywb/2023-10-27/1/raw/"' in html
    assert response.context["prev_edition"].date.isoformat() == "2023-08-19"
    assert response.context["next_edition"] is None
    assert response.context["prev_page"] is None and response.context["next_page"] is None

    first = client.get("/issues/hywb/2023-03-23/1/").content.decode()
    assert '<p class="kicker">刘越高在市委宣传思想工作暨意识形态工作领导小组会议上强调——</p>' in first


def test_photo_item_is_shown_as_a_photo(client):
    html = client.get("/issues/hyrb/2021-05-28/1/").content.decode()
    assert 'class="item item-photo"' in html and '<p class="no-page-image">原版图像未收录</p>' in html


def test_raw_text_is_the_text_as_loaded(client):
    response = client.get("/issues/hywb/2023-03-23/1/raw/")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == Issue.objects.get(date="2023-03-23").raw_text


def test_article_page_people_event_topics_neighbours_and_citation(client):
    article = Article.objects.get(issue__paper__slug="hywb", issue__date="2023-03-23", position=2)
    response = client.get("/issues/hywb/2023-03-23/1/2/", follow=True)
    assert response.redirect_chain == [(f"/articles/{article.uid}/", 301)]
    html, text = response.content.decode(), text_of(response)
    assert '<h1 class="title">衡阳算力中心建设项目签约仪式<span class="nobr">举行</span></h1>' in html
    people = {a.person.name: a for a in response.context["people"]}
    assert people["刘越高"].title == "市委书记"
    assert 'href="/people/%E5%88%98%E8%B6%8A%E9%AB%98/"' in html
    assert [a.person.name for a in response.context["credits"]] == ["陈润"]
    assert response.context["event"].get_kind_display() == "签约"
    assert "事件" in text and "签约" in text
    assert response.context["prev_article"].position == 1
    assert response.context["next_article"].position == 3
    assert f'<link rel="canonical" href="http://testserver/articles/{article.uid}/">' in html
    assert "陈润.衡阳算力中心建设项目签约仪式举行:刘越高出席并致辞 朱健出席[N].衡阳晚报,2023-03-23(1)." in text
    assert "[N/OL].衡阳晚报,2023-03-23(1)[" in text and f"].http://testserver/articles/{article.uid}/." in text


def test_article_topics_link_to_topic_pages(client):
    response = client.get("/issues/hywb/2023-02-08/1/1/", follow=True)
    names = [at.topic.name for at in response.context["article_topics"]]
    assert "区域中心化" in names
    assert 'href="/topics/%E5%8C%BA%E5%9F%9F%E4%B8%AD%E5%BF%83%E5%8C%96/"' in response.content.decode()


@pytest.mark.parametrize(
    ("name", "title", "years"),
    [("刘越高", "市委书记", "2023"), ("邓群策", "市委书记", "2021"), ("朱健", "市长", None)],
)
def test_person_page_titles_over_time(client, name, title, years):
    response = client.get(f"/people/{name}/")
    spans = {t.title: t for t in response.context["titles"]}
    assert title in spans
    if years:
        assert str(spans[title].first.year) == years and str(spans[title].last.year) == years
    assert title in text_of(response)


def test_zhu_jian_is_printed_as_deputy_secretary_and_mayor(client):
    titles = {t.title for t in client.get("/people/朱健/").context["titles"]}
    assert {"市委副书记", "市长"} <= titles


def test_person_timeline_roles_companions_and_chart(client):
    response = client.get("/people/刘越高/")
    roles = {value for value, _label, _n in response.context["roles"]}
    assert "presided" in roles
    assert response.context["page"].paginator.count == Person.objects.get(name="刘越高").appearance_count
    assert "朱健" in [c.name for c in response.context["companions"]]
    assert '<svg class="chart ' in response.content.decode()
    presided = client.get("/people/刘越高/?role=presided").context["page"]
    assert {a.role for a in presided} == {"presided"}


def test_journalist_page_lists_the_articles_they_wrote(client):
    response = client.get("/people/陈润/")
    assert "署名与见报文章" in text_of(response)
    assert {a.role for a in response.context["page"]} <= {"reported", "photographed"}
    assert response.context["page"].paginator.count >= 7


def test_merged_person_slug_redirects_to_the_survivor(client):
    liu = Person.objects.get(name="刘越高")
    PersonAlias.objects.create(person=liu, name="刘越高旧", slug="old-liu")
    response = client.get("/people/old-liu/")
    assert response.status_code == 301 and response["Location"] == liu.get_absolute_url()


def test_people_index_groups_by_kind_and_searches_names(client):
    response = client.get("/people/")
    kinds = {value: n for value, _label, n in response.context["kinds"]}
    assert kinds["official"] > 0 and kinds["journalist"] > 0
    assert all(p.kind == "official" for p in response.context["page"])
    journalists = client.get("/people/?kind=journalist").context["page"]
    assert "陈润" in [p.name for p in journalists]
    found = client.get("/people/?q=越高").context["page"]
    assert [p.name for p in found] == ["刘越高"]
    assert "没有找到" in text_of(client.get("/people/?q=不存在的人"))


def test_topics_index_and_topic_page(client):
    groups = dict(client.get("/topics/").context["groups"])
    assert {"区域中心化", "制造立市", "文旅兴城", "三高四新", "原地倍增"} <= {t.name for t in groups["发展战略"]}
    assert {"经济"} <= {t.name for t in groups["领域"]}
    response = client.get("/topics/制造立市/")
    assert response.context["page"].paginator.count >= 2
    assert '<svg class="chart ' in response.content.decode()


def test_events_list_filters_by_kind_and_date(client):
    response = client.get("/events/?kind=signing")
    events = list(response.context["page"])
    assert events and {e.kind for e in events} == {"signing"}
    assert "衡阳算力中心建设项目签约仪式举行" in text_of(response) or events[0].name in text_of(response)
    in_2021 = client.get("/events/?start=2021-01-01&end=2021-12-31").context["page"]
    assert {e.date.year for e in in_2021} == {2021}
    html = response.content.decode()
    assert 'href="/people/' in html  # participants are linked


def test_events_bad_filters_are_ignored_with_a_message(client):
    response = client.get("/events/?kind=<script>&start=notadate&page=abc")
    assert response.status_code == 200
    assert "已忽略无法识别的条件" in text_of(response)
    assert "<script>" not in response.content.decode().split("<main", 1)[1].replace("&lt;script&gt;", "")


@pytest.mark.parametrize(
    "url",
    ["/nope/", "/dates/2023/13/", "/dates/99999/", "/dates/2023-02-30/", "/issues/hywb/2023-03-23/1/99/",
     "/issues/nope/2023-03-23/1/", "/people/不存在/", "/topics/不存在/", "/articles/nope/",
     "/articles/nope/cite.ris", "/articles/nope/report/"],
)
def test_unknown_things_get_the_friendly_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "回到首页" in text_of(response)


def test_404_says_what_was_missing(client):
    assert "没有这篇文章" in text_of(client.get("/issues/hywb/2023-03-23/1/99/"))


def test_hostile_query_strings_are_escaped(client):
    hostile = '"><script>alert(1)</script>'
    for url in (f"/people/?q={hostile}", f"/people/刘越高/?role={hostile}&page={hostile}", f"/?q={hostile}"):
        response = client.get(url)
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()


def test_pages_say_where_you_are(client):
    response = client.get("/issues/hywb/2023-03-23/1/2/", follow=True)
    html = response.content.decode()
    assert "<title>衡阳算力中心建设项目签约仪式举行 · 衡阳晚报 2023年3月23日" in html
    assert [label for label, _url in response.context["breadcrumbs"]] == [
        "首页", "按日期", "2023年", "3月", "23日", "衡阳晚报 第1版", "衡阳算力中心建设项目签约仪式举行",
    ]
    assert 'aria-label="当前位置"' in html and 'aria-current="page"' in html
