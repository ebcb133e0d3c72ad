"""Items, headlines, bylines and datelines (layout.py, headlines.py, bylines.py), and whole invented pages."""

import datetime

import pytest

from archive.parsing import ParseError, Reporter, parse_page
from archive.parsing.bylines import parse_dateline, parse_reporters
from archive.parsing.headlines import split_headline
from archive.parsing.lines import classify


@pytest.mark.parametrize(("spec", "want"), [
    ("全媒体记者 陈润", [("陈润", "全媒体记者")]),
    ("■本报记者 罗文鹏", [("罗文鹏", "本报记者")]),
    ("■ 首席记者 张科勇", [("张科勇", "首席记者")]),
    ("通讯员 唐兰荣 见习记者 邓定蓉", [("唐兰荣", "通讯员"), ("邓定蓉", "见习记者")]),
    ("全媒体记者姚永军", [("姚永军", "全媒体记者")]),
    ("记者 杨帆 张珺", [("杨帆", "记者"), ("张珺", "记者")]),
    ("衡阳晚报全媒体记者 罗茂盟", [("罗茂盟", "全媒体记者")]),
])
def test_parse_reporters(spec, want):
    assert parse_reporters(spec) == [Reporter(name, role) for name, role in want]


@pytest.mark.parametrize("spec", ["以下简称中国电信湖南公司", "记者了解到，活动很成功。", "市领导于新凡主持会议"])
def test_not_a_byline(spec):
    assert parse_reporters(spec) is None


@pytest.mark.parametrize(("line", "label", "paper", "place", "byline", "rest"), [
    ("衡阳晚报讯 (全媒体记者 陈润)", "衡阳晚报讯", "衡阳晚报", "", "(全媒体记者 陈润)", ""),
    ("**衡阳晚报长沙讯** (全媒体记者 陈润) 2月6日至7日,代表团赴长沙。", "衡阳晚报长沙讯", "衡阳晚报", "长沙",
     "(全媒体记者 陈润)", "2月6日至7日,代表团赴长沙。"),
    ("本报讯 昨天上午，会议召开。", "本报讯", "本报", "", "", "昨天上午，会议召开。"),
    ("衡阳日报3月3日讯（全媒体记者姚永军）3月2日，推进会召开。", "衡阳日报3月3日讯", "衡阳日报", "",
     "（全媒体记者姚永军）", "3月2日，推进会召开。"),
    ("本报讯 （记者 杨帆 张珺）近日，活动开展。", "本报讯", "本报", "", "（记者 杨帆 张珺）", "近日，活动开展。"),
])
def test_parse_dateline(line, label, paper, place, byline, rest):
    dateline = parse_dateline(line)
    assert (dateline.label, dateline.paper, dateline.place, dateline.byline, dateline.rest) == (
        label, paper, place, byline, rest)


@pytest.mark.parametrize("line", ["衡阳日报社组织全社党员观看电影。", "衡阳日报社通讯员张三报道",
                                  "本报记者从市交通局获悉。"])
def test_not_a_dateline(line):
    assert parse_dateline(line) is None


def headline(text):
    return split_headline(classify(text))


def test_marked_title_with_kicker_and_subtitle():
    head = headline("衡阳市党政代表团赴长沙考察学习\n\n# 学习借鉴先进经验\n\n吴桂英刘越高参加座谈并讲话\n")
    assert (head.kicker, head.title, head.subtitle) == ("衡阳市党政代表团赴长沙考察学习", "学习借鉴先进经验",
                                                        "吴桂英刘越高参加座谈并讲话")


def test_unmarked_signals():
    head = headline("刘越高调研全市物流产业发展，强调——\n\n全力推进区域物流中心建设\n")
    assert (head.kicker, head.title) == ("刘越高调研全市物流产业发展，强调——", "全力推进区域物流中心建设")
    head = headline("市委常委会召开会议\n\n传达贯彻重要讲话精神\n\n邓群策主持\n")
    assert (head.title, head.subtitle) == ("市委常委会召开会议", "传达贯彻重要讲话精神 邓群策主持")
    head = headline("都司教育集团:\n\n学生同跳大型团体操\n")
    assert (head.kicker, head.title) == ("都司教育集团:", "学生同跳大型团体操")


def test_column_label():
    head = headline("发扬优良传统\n\n全体党员观看电影\n\n学党史 悟思想\n办实事 开新局\n")
    assert (head.title, head.subtitle) == ("发扬优良传统", "全体党员观看电影")
    assert head.column == "学党史 悟思想 办实事 开新局"


def test_no_article_is_an_error():
    with pytest.raises(ParseError, match="no article"):
        parse_page("这是一段没有标题也没有电头的文字。\n\n第二段文字。\n".encode(), "plain.txt")


# An invented page in 衡阳日报's later style (names, places and events are made up).
RIBAO = """\
市政府党组理论学习中心组举行集体学习

王建国主持并讲话

■ 首席记者 张科勇

本报讯 昨天上午，市政府党组理论学习中心组举行2024年第2次集体学习。\
市委副书记、市长王建国主持并讲话。副市长李明、陈晓红，市政府秘书长赵志刚参加。

王建国强调，要深入学习贯彻党的二十大精神，推动全市经济高质量

发展。要坚持问题导向，抓好各项工作落实。

# 城市更新按下“快进键”

原标题：衡阳全力推进城市更新行动

衡阳日报3月3日讯（全媒体记者姚永军）3月2日，全市城市更新工作推进会在市行政中心召开。\
市委常委、常务副市长刘志强出席并讲话。

会议指出，城市更新是推动城市高质量发展的重要抓手。刘志强要求，各县市区要强化责任担当。

“送教下乡”温暖乡村课堂

本报讯 （记者 杨帆 张珺）近日，市教育局组织开展“送教下乡”活动，\
市教育局局长欧阳明辉带队深入祁东县乡村学校。

欧阳明辉说，要让乡村孩子享受优质教育资源。

3月2日，蒸湘区一所小学的学生在植树。

■通讯员 李小文 摄
"""


def test_invented_ribao_page():
    page = parse_page(RIBAO.encode("gb18030"), "ribao.txt", issue_date=datetime.date(2024, 3, 4))
    assert (page.paper, page.issue_date, page.issue_date_confidence) == ("衡阳日报", "2024-03-04", "given")
    first, second, third, photo = page.articles
    assert [a.kind for a in page.articles] == ["news", "news", "news", "photo"]
    assert (first.title, first.subtitle, first.dateline, first.date) == (
        "市政府党组理论学习中心组举行集体学习", "王建国主持并讲话", "本报讯", "2024-03-03")
    assert first.reporters == [Reporter("张科勇", "首席记者")]
    assert first.paragraphs[1] == ("王建国强调，要深入学习贯彻党的二十大精神，推动全市经济高质量发展。"
                                   "要坚持问题导向，抓好各项工作落实。")
    assert {p.name: p.titles for p in first.persons} == {
        "王建国": ["市委副书记", "市长"], "李明": ["副市长"], "陈晓红": ["副市长"], "赵志刚": ["市政府秘书长"]}
    assert (second.title, second.original_title, second.dateline, second.date) == (
        "城市更新按下“快进键”", "衡阳全力推进城市更新行动", "衡阳日报3月3日讯", "2024-03-02")
    assert second.paragraphs[0].startswith("3月2日，全市城市更新工作推进会")
    assert second.event.kind == "meeting" and second.event.name == "全市城市更新工作推进会"
    assert second.event.place == "市行政中心"
    assert [r.name for r in third.reporters] == ["杨帆", "张珺"]
    assert third.date is None
    assert [p.name for p in third.persons] == ["欧阳明辉"]
    assert photo.paragraphs == ["3月2日，蒸湘区一所小学的学生在植树。"]
    assert photo.reporters == [Reporter("李小文", "通讯员")] and photo.event is None
    assert page.text.splitlines()[first.first_line - 1] == "市政府党组理论学习中心组举行集体学习"
    assert page.text.splitlines()[photo.last_line - 1] == "■通讯员 李小文 摄"


# An invented page in 衡阳晚报's style with a fragment at the top and no year printed.
WANBAO = """\
工作，确保各项任务落到实处。

市领导张明、李华出席会议。

## 全市春耕生产现场会召开

李强出席并讲话

**衡阳晚报讯** (全媒体记者 周敏) 4月8日，全市春耕生产现场会在衡阳县召开。\
副市长李强出席并讲话。

李强强调，要抓紧抓实春耕生产，确保粮食

安全。

市领导王芳参加。
"""


def test_invented_wanbao_page():
    page = parse_page(WANBAO.encode("utf-8-sig"), "wanbao.txt")
    assert page.encoding == "utf-8-sig"
    assert (page.paper, page.issue_date, page.issue_date_confidence) == ("衡阳晚报", None, "unknown")
    assert page.warnings
    fragment, news = page.articles
    assert fragment.kind == "fragment" and fragment.title == "" and fragment.event is None
    assert [p.name for p in fragment.persons] == ["张明", "李华"]
    assert (news.title, news.subtitle, news.date) == ("全市春耕生产现场会召开", "李强出席并讲话", "--04-08")
    assert news.paragraphs[-2] == "李强强调，要抓紧抓实春耕生产，确保粮食安全。"
    assert {p.name: p.roles for p in news.persons} == {"李强": ["attended", "spoke"], "王芳": ["attended"]}
    assert news.event.kind == "meeting" and news.event.place == "衡阳县"
    assert page.event_dates == ["--04-08"]


def test_manifest_paper_wins():
    page = parse_page(WANBAO.encode(), "wanbao.txt", paper="衡阳日报")
    assert page.paper == "衡阳日报"


# Running head, a commentary with a `#` title and no dateline, a staff credit (all invented).
FURNITURE = """\
2024年5月9日 星期四 责编：刘洋

## 让文明成为城市底色

文明城市创建没有休止符。每一位市民都是城市文明的主角。

我们要从身边小事做起，让文明蔚然成风。

责任编辑：刘洋

# 全市防汛工作会议召开

本报讯 5月8日，全市防汛工作会议召开。副市长张伟出席。
"""


def test_running_head_staff_credit_and_undated_title():
    page = parse_page(FURNITURE.encode(), "furniture.txt")
    assert (page.issue_date, page.issue_date_confidence) == ("2024-05-09", "inferred")
    comment, news = page.articles
    assert (comment.kind, comment.title, comment.dateline) == ("news", "让文明成为城市底色", "")
    assert comment.paragraphs[-1] == "我们要从身边小事做起，让文明蔚然成风。"
    assert "未找到署名" in comment.warnings and comment.needs_review
    assert [(f.kind, f.line) for f in page.furniture] == [("running_head", 1), ("staff", 9)]
    assert (news.title, news.date) == ("全市防汛工作会议召开", "2024-05-08")


def test_fragment_after_an_article_that_has_ended():
    text = ("# 全市工作会议召开\n\n本报讯 5月8日，全市工作会议召开。\n\n会议强调，要抓好落实。\n\n"
            "市领导张明、李华出席会议。\n\n据了解，此次评选活动由市文明办主办。\n\n市领导王芳出席并颁奖。\n\n"
            "# 另一条新闻\n\n本报讯 5月8日，活动举行。\n")
    kinds = [(a.kind, a.title or a.paragraphs[0][:4]) for a in parse_page(text.encode(), "f.txt").articles]
    assert kinds == [("news", "全市工作会议召开"), ("fragment", "据了解，"), ("news", "另一条新闻")]
