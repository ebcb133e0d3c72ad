"""A reader clicks from the home page to a date, an issue, an article, a person and a topic."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_browses_by_clicking_links(live_url, page, shoot):
    page.goto(live_url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_role("heading", name="最新版面")).to_be_visible()
    shoot("home")

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="按日期").click()
    expect(page).to_have_title(re.compile("^按日期浏览"))
    page.get_by_role("link", name=re.compile("^2023年")).click()
    page.get_by_role("link", name=re.compile("^3月")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2023年3月")
    shoot("month")
    page.get_by_role("link", name=re.compile("3月23日")).click()  # the day's one page, straight
    expect(page).to_have_url(re.compile("/issues/hywb/2023-03-23/1/$"))
    page.get_by_role("navigation", name="当前位置").get_by_role("link", name="23日").click()  # the day, all its pages
    expect(page).to_have_url(re.compile("/dates/2023-03-23/$"))
    shoot("day")

    page.get_by_role("link", name=re.compile("衡阳晚报 第1版")).first.click()
    expect(page).to_have_url(re.compile("/issues/hywb/2023-03-23/1/$"))
    nav = page.get_by_role("navigation", name="衡阳晚报相邻各期")
    expect(nav.get_by_role("link", name=re.compile("^‹ 上一期：2023年2月8日"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("上一版|下一版"))).to_have_count(0)  # the issue has one page
    expect(page.locator(".kicker").first).to_contain_text("刘越高在市委宣传思想工作")
    shoot("issue")

    page.get_by_role("link", name="衡阳算力中心建设项目签约仪式举行").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("衡阳算力中心建设项目签约仪式举行")
    expect(page).to_have_url(re.compile("/articles/[a-z0-9]{10}/$"))
    expect(page.locator("#cite-gbt")).to_contain_text("[N].衡阳晚报,2023-03-23(1).")
    shoot("article")

    page.locator(".people-list").get_by_role("link", name="刘越高").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("刘越高")
    titles = page.locator("table.titles")
    expect(titles).to_contain_text("市委书记")
    expect(titles).to_contain_text("2023")
    expect(page.locator("svg.chart")).to_be_visible()
    expect(page.locator("svg.chart .bar").first).to_have_attribute("aria-label", re.compile("：\\d+ 次$"))
    shoot("person")

    page.go_back()
    page.locator(".article-facts .tags").get_by_role("link").first.click()
    expect(page).to_have_url(re.compile("/topics/"))
    expect(page.locator("svg.chart")).to_be_visible()
    shoot("topic")


def test_people_topics_and_events_pages_render(live_url, page, shoot):
    page.goto(live_url + "/people/?kind=journalist")
    expect(page.get_by_role("link", name="陈润")).to_be_visible()
    shoot("people")
    page.goto(live_url + "/people/邓群策/")
    expect(page.locator("table.titles")).to_contain_text("市委书记")
    expect(page.locator("table.titles")).to_contain_text("2021")
    page.goto(live_url + "/topics/")
    expect(page.get_by_role("link", name=re.compile("^制造立市"))).to_be_visible()
    shoot("topics")
    page.goto(live_url + "/events/?kind=signing")
    expect(page.locator("ol.events > li").first).to_be_visible()
    shoot("events")
    page.goto(live_url + "/no-such-page/")
    expect(page.get_by_role("heading", level=1)).to_have_text("没有找到这个页面")
    shoot("404")
