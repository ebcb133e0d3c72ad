"""Event dates, the page's year and the issue date (archive/parsing/dates.py)."""

import datetime

import pytest

from archive.parsing.dates import event_date, infer_issue_date, page_year

ISSUE = datetime.date(2021, 5, 28)


@pytest.mark.parametrize(("paragraph", "year", "issue", "want"), [
    ("3月22日上午，市委宣传思想工作领导小组会议召开。", None, None, "--03-22"),
    ("3月22日上午，会议召开。", 2023, None, "2023-03-22"),
    ("8月17—18日,市委书记刘越高率代表团赴鄯善县。", 2023, None, "2023-08-17"),
    ("5月26日、27日,都司教育集团开展团体操表演。", 2021, None, "2021-05-26"),
    ("10月26日晚,颁奖典礼在市广电中心举行。", 2023, None, "2023-10-26"),
    ("2月6日至7日,代表团赴长沙市考察学习。", 2023, None, "2023-02-06"),
    ("2022年12月30日，全市工作会议召开。", 2023, None, "2022-12-30"),
    ("昨天上午，市政府召开常务会议。", None, ISSUE, "2021-05-27"),
    ("昨日，全市科技活动周启动。", None, ISSUE, "2021-05-27"),
    ("昨天上午，市政府召开常务会议。", None, None, None),
    ("近日,“十四五”示范乡镇创建名单公示。", 2023, None, None),
    ("12月30日，会议召开。", None, datetime.date(2024, 1, 2), "2023-12-30"),
    ("会议指出，要在3月底前完成任务。", 2023, None, None),
])
def test_event_date(paragraph, year, issue, want):
    assert event_date(paragraph, year, issue) == want


@pytest.mark.parametrize(("text", "want"), [
    ("8月18日下午,市长朱健主持召开市政府2023年第23次常务会议。他说,自1998年以来……2020年至今,贷款新增。", 2023),
    ("5月27日,2021年衡阳市科技活动周在衡山科学城启动。", 2021),
    ("据悉,2022年全市新增企业55家。会议传达2023年湖南省专精特新企业申报通知。", 2023),
    ("3月22日上午，会议召开。", None),
    ("到2035年基本实现现代化。2024年第2次集体学习。", 2024),
    ("2099年的目标。", None),
])
def test_page_year(text, want):
    assert page_year(text, today=datetime.date(2025, 1, 1)) == want


def test_issue_date_is_the_day_after_the_latest_event():
    assert infer_issue_date(["2023-02-05", "2023-02-07", "2023-02-06"]) == datetime.date(2023, 2, 8)
    assert infer_issue_date(["--03-22"]) is None
    assert infer_issue_date([]) is None


@pytest.mark.parametrize(("text", "want"), [
    ("要以更大力度优化营商环境，到2035年基本建成一流营商环境城市。", None),
    ("2025年底前实现全覆盖。", None),
    ("推动“十四五”(2021-2025)规划落地。", None),
    ("力争2025年实现翻番，2021—2025年累计投资千亿元。", None),
    ("市政府2021年第5次常务会议提出，2025年底前完成改造。", 2021),
    ("衡阳市2023年前三季度经济运行情况。", 2023),
])
def test_forward_looking_years_are_not_the_page_year(text, want):
    assert page_year(text, datetime.date(2026, 1, 1)) == want
