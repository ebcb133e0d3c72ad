"""Bylines, datelines and credits wherever the papers print them (archive/parsing/bylines.py).

Names are invented; the rare surnames (资 覃 禤 冼 阙 …) are the point of some of them.
"""

import pytest

from archive.parsing import Reporter, parse_page
from archive.parsing.bylines import (
    parse_byline_line,
    parse_credit,
    parse_dateline,
    parse_trailing_byline,
    split_byline_at_end,
)


@pytest.mark.parametrize(("line", "label", "paper", "place", "names", "rest"), [
    ("本报讯（记者 资小龙 通讯员 禤文）5月7日，会议召开。", "本报讯", "本报", "", ["资小龙", "禤文"],
     "5月7日，会议召开。"),
    ("本报讯 (记者 覃海 通讯员 冼红)昨天上午，会议召开。", "本报讯", "本报", "", ["覃海", "冼红"],
     "昨天上午，会议召开。"),
    ("本报衡南讯（记者 王晓燕）5月7日，插秧。", "本报衡南讯", "本报", "衡南", ["王晓燕"], "5月7日，插秧。"),
    ("衡阳日报祁东讯（记者 凌霄）9月18日，采摘。", "衡阳日报祁东讯", "衡阳日报", "祁东", ["凌霄"], "9月18日，采摘。"),
    ("**本报北京3月5日电**（特派记者 伍静 唐晓明）3月5日上午，大会开幕。", "本报北京3月5日电", "本报", "北京",
     ["伍静", "唐晓明"], "3月5日上午，大会开幕。"),
    ("新华社北京3月5日电（记者 李华强）国务院召开会议。", "新华社北京3月5日电", "新华社", "北京", ["李华强"],
     "国务院召开会议。"),
    ("据新华社北京6月15日电（记者 张伟 刘洋）数据显示。", "新华社北京6月15日电", "新华社", "北京", ["张伟", "刘洋"],
     "数据显示。"),
    ("浙江在线11月27日讯（记者 陈晓峰）11月27日，签约。", "浙江在线11月27日讯", "浙江在线", "", ["陈晓峰"],
     "11月27日，签约。"),
    ("长沙晚报6月14日讯（全媒体记者 周和平）6月14日，贯通。", "长沙晚报6月14日讯", "长沙晚报", "", ["周和平"],
     "6月14日，贯通。"),
    ("本报讯 记者 王小明 通讯员 李华 3月5日，会议召开。", "本报讯", "本报", "", ["王小明", "李华"],
     "3月5日，会议召开。"),
    ("本报讯 记者 阙立 报道：3月5日，会议召开。", "本报讯", "本报", "", ["阙立"], "3月5日，会议召开。"),
])
def test_datelines_with_their_bylines(line, label, paper, place, names, rest):
    dateline = parse_dateline(line)
    assert (dateline.label, dateline.paper, dateline.place, dateline.rest) == (label, paper, place, rest)
    assert [r.name for r in dateline.reporters] == names


@pytest.mark.parametrize("line", ["国家电网衡阳供电公司开展安全检查。", "本报记者从市交通局获悉。",
                                  "衡阳日报社组织全社党员观看电影。", "人民网友热议衡阳美食。"])
def test_not_datelines(line):
    assert parse_dateline(line) is None


@pytest.mark.parametrize(("line", "want"), [
    ("■本报记者 曾小平 实习生 文思远 / 通讯员 贺敏", [("曾小平", "本报记者"), ("文思远", "实习生"), ("贺敏",
     "通讯员")]),
    ("■ 首席记者 张科勇", [("张科勇", "首席记者")]),
    ("融媒体记者 廖星", [("廖星", "融媒体记者")]),
    ("特派记者 伍静 唐晓明", [("伍静", "特派记者"), ("唐晓明", "特派记者")]),
    ("■文/图 本报记者 王小明", [("王小明", "本报记者")]),
    ("文/本报记者 王小明 图/通讯员 李华", [("王小明", "本报记者"), ("李华", "通讯员")]),
    ("首席记者 王伟\u3000通讯员 钟小军", [("王伟", "首席记者"), ("钟小军", "通讯员")]),
    ("记者 禤海", [("禤海", "记者")]),
])
def test_byline_lines(line, want):
    assert parse_byline_line(line) == [Reporter(name, role) for name, role in want]


@pytest.mark.parametrize("line", ["记者看到", "记者了解到，活动很成功。", "记者 了解 情况"])
def test_not_byline_lines(line):
    assert parse_byline_line(line) is None


@pytest.mark.parametrize(("line", "names"), [
    ("（记者 谭丽 通讯员 黎明）", ["谭丽", "黎明"]),
    ("(实习生 周蓓 记者 聂小林)", ["周蓓", "聂小林"]),
    ("记者 龙小军 通讯员 欧阳红 报道", ["龙小军", "欧阳红"]),
    ("本报记者 覃小林 报道", ["覃小林"]),
])
def test_trailing_bylines(line, names):
    assert [r.name for r in parse_trailing_byline(line)] == names


def test_byline_at_the_end_of_the_last_paragraph():
    text, byline, reporters = split_byline_at_end("市民刘桂芝说，新年登高，图个好彩头。（记者 陈芳）")
    assert (text, byline, [r.name for r in reporters]) == ("市民刘桂芝说，新年登高，图个好彩头。", "（记者 陈芳）",
                                                          ["陈芳"])
    assert split_byline_at_end("确保各项工作落到实处。（下转第2版）")[2] == []


@pytest.mark.parametrize(("line", "caption", "names"), [
    ("■本报记者 邝志刚 摄", "", ["邝志刚"]),
    ("■ 通讯员 禤海 摄", "", ["禤海"]),
    ("■衡阳晚报全媒体记者 罗茂盟 摄", "", ["罗茂盟"]),
    ("12月30日，市民赏雪。■本报记者 邝志刚 摄", "12月30日，市民赏雪。", ["邝志刚"]),
    ("石鼓书院迎来游客，感受湖湘文化。（本报记者 佘晓军 摄）", "石鼓书院迎来游客，感受湖湘文化。", ["佘晓军"]),
    ("■阙晓雯 摄", "", ["阙晓雯"]),
])
def test_photo_credits(line, caption, names):
    credit = parse_credit(line)
    assert credit.caption == caption and [r.name for r in credit.reporters] == names


def test_no_byline_stays_in_a_body():
    text = ("# 我市开展安全生产大检查\n\n**衡阳晚报讯** 12月30日，副市长邹建国带队检查。\n\n"
            "邹建国要求，坚决防范各类事故发生。\n\n（记者 谭丽 通讯员 黎明）\n\n"
            "# 冬季长跑活动开跑\n\n12月30日上午，长跑活动举行。\n\n记者 龙小军 报道\n")
    check, run = parse_page(text.encode(), "b.txt").articles
    assert check.paragraphs[-1] == "邹建国要求，坚决防范各类事故发生。"
    assert [r.name for r in check.reporters] == ["谭丽", "黎明"] and "谭丽" in check.byline
    assert run.paragraphs == ["12月30日上午，长跑活动举行。"] and [r.name for r in run.reporters] == ["龙小军"]
    assert "未找到署名" not in check.warnings
