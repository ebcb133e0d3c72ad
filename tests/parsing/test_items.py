"""Items, headlines, boundaries, people and dates on invented pages (layout, labels, headlines, people, dates).

All names, places and events are made up, in the papers' register.
"""

import datetime

import pytest

from archive.parsing import parse_page
from archive.parsing.dates import event_date, nearest_year
from archive.parsing.headlines import TWO_LINE_TITLE, split_headline
from archive.parsing.layout import WEAK_BOUNDARY
from archive.parsing.lines import classify
from archive.parsing.people import find_persons, known_names


def parse(text, **kwargs):
    return parse_page(text.encode(), "page.txt", **kwargs)


def outline(page):
    return [(a.kind, a.title or a.paragraphs[0][:6]) for a in page.articles]


def persons(article):
    return {p.name: p.titles for p in article.persons}


# ---- headlines


@pytest.mark.parametrize(("text", "kicker", "title", "subtitle", "column"), [
    ("# 衡阳高新区\n\n# 一季度签约项目23个\n", "", "衡阳高新区一季度签约项目23个", "", ""),
    ("# 祁东黄花菜喜获丰收\n\n## 种植户人均增收5000元\n", "", "祁东黄花菜喜获丰收", "种植户人均增收5000元", ""),
    ("衡南县\n\n春耕备耕有序推进\n", "", "衡南县春耕备耕有序推进", "", ""),
    ("全市一季度经济运行\n\n稳中向好\n", "", "全市一季度经济运行稳中向好", "", ""),
    ("【两会特别报道】\n\n市人大会议开幕\n\n朱国平赖晓东出席\n", "", "市人大会议开幕", "朱国平赖晓东出席",
     "两会特别报道"),
    ("奋力建设现代化新衡阳\n\n# 衡州大剧院上演新编湘剧\n", "", "衡州大剧院上演新编湘剧", "", "奋力建设现代化新衡阳"),
    ("衡东县推进人居环境整治\n\n【奋力建设现代化新衡阳】\n", "", "衡东县推进人居环境整治", "", "奋力建设现代化新衡阳"),
    ("常宁：\n\n“油茶经济”富了山里人\n", "常宁：", "“油茶经济”富了山里人", "", ""),
    ("两会特别报道\n\n代表委员热议——\n\n# 奋力推进高质量发展\n", "代表委员热议——", "奋力推进高质量发展", "",
     "两会特别报道"),
])
def test_headline_blocks(text, kicker, title, subtitle, column):
    head = split_headline(classify(text))
    assert (head.kicker, head.title, head.subtitle, head.column) == (kicker, title, subtitle, column)


def test_a_title_guessed_from_two_unmarked_lines_is_flagged():
    page = parse("衡南县\n\n春耕备耕有序推进\n\n本报讯 5月7日，农民忙插秧。\n")
    article = page.articles[0]
    assert article.title == "衡南县春耕备耕有序推进" and TWO_LINE_TITLE in article.warnings and article.needs_review


# ---- boxes


def test_brief_box_gives_one_item_per_brief_titled_or_not():
    text = ("简讯\n\n市政协召开主席会议\n\n本报讯 5月7日，市政协召开主席会议。\n\n"
            "■5月6日，石鼓区组织开展安全生产应急演练，300余名职工参加。\n\n"
            "■近日，衡山县开展“送法进乡村”活动。活动持续一个月。\n\n"
            "【南岳区举行旅游推介会】6月10日，南岳区发布夏季旅游精品线路5条。\n\n"
            "# 市民健身广场建成开放\n\n6月11日，市民健身广场建成开放。\n\n广场占地3万平方米。\n")
    page = parse(text)
    assert [(a.kind, a.title) for a in page.articles] == [
        ("news", "市政协召开主席会议"), ("news", ""), ("news", ""), ("news", "南岳区举行旅游推介会"),
        ("news", "市民健身广场建成开放")]
    untitled = page.articles[1]
    assert untitled.paragraphs == ["■5月6日，石鼓区组织开展安全生产应急演练，300余名职工参加。"] or \
        untitled.paragraphs == ["5月6日，石鼓区组织开展安全生产应急演练，300余名职工参加。"]
    assert "未找到标题" in untitled.warnings
    assert page.articles[4].paragraphs == ["6月11日，市民健身广场建成开放。", "广场占地3万平方米。"]
    assert [f.kind for f in page.furniture] == ["label"]


def test_photo_box_gives_one_photo_per_caption_with_its_photographer():
    text = ("图片新闻\n\n12月30日，市民在岳屏公园赏雪。■本报记者 邝志刚 摄\n\n"
            "12月30日，环卫工人清扫积雪，\n\n保障市民出行安全。\n\n■通讯员 粟红梅 摄\n\n"
            "雪后石鼓书院\n\n12月29日，石鼓书院迎来游客。（本报记者 佘晓军 摄）\n")
    photos = parse(text, issue_date=datetime.date(2012, 12, 31)).articles
    assert [(a.kind, a.title, [r.name for r in a.reporters], a.date) for a in photos] == [
        ("photo", "", ["邝志刚"], "2012-12-30"), ("photo", "", ["粟红梅"], "2012-12-30"),
        ("photo", "雪后石鼓书院", ["佘晓军"], "2012-12-29")]
    assert photos[1].paragraphs == ["12月30日，环卫工人清扫积雪，保障市民出行安全。"]
    assert photos[2].paragraphs == ["12月29日，石鼓书院迎来游客。"]


# ---- jumps


@pytest.mark.parametrize(("marker", "page"), [("（下转A2版）", "A2版"), ("（下转第二版）", "第二版"),
                                              ("(下转2版)", "第2版"), ("下转A3", "A3版")])
def test_jump_lines_leave_the_body_and_are_recorded(marker, page):
    text = (f"# 全市春季植树活动启动\n\n本报讯 3月4日，全市春季义务植树活动启动，推动全市国土绿化行动{marker}\n\n"
            "（上接第一版）各县市区要压实责任，确保防汛物资储备到位。\n")
    tree, tail = parse(text).articles
    assert tree.paragraphs == ["3月4日，全市春季义务植树活动启动，推动全市国土绿化行动"]
    assert tree.continues_on == page
    assert (tail.kind, tail.continued_from, tail.paragraphs) == ("fragment", "第一版",
                                                                ["各县市区要压实责任，确保防汛物资储备到位。"])


# ---- boundaries


def test_an_attendance_line_ends_an_article_only_before_another_report():
    text = ("# 市委理论学习中心组举行专题学习会\n\n本报讯 3月5日，市委理论学习中心组举行专题学习会。"
            "市委书记周立平主持并讲话。\n\n市领导唐卫东、易红梅出席。\n\n"
            "习近平总书记强调，要把学习成果转化为实际行动。\n\n“学思践悟，知行合一。”周立平说。\n\n"
            "会议指出，要把理论学习与解决实际问题结合起来。\n\n周立平要求，要带头学。\n\n"
            "市政府秘书长王小川参加。\n\n据了解，今年以来全市共建成社区服务中心86个。\n")
    study, tail = parse(text).articles
    assert study.paragraphs[-1] == "市政府秘书长王小川参加。" and len(study.paragraphs) == 7
    assert (tail.kind, tail.paragraphs) == ("fragment", ["据了解，今年以来全市共建成社区服务中心86个。"])
    assert tail.warnings == [WEAK_BOUNDARY] and tail.needs_review


# ---- people


@pytest.mark.parametrize(("text", "want"), [
    ("特困户何春生拉着慰问人员的手连声道谢。居民张桂兰说，心里暖洋洋的。",
     {"何春生": ["特困户"], "张桂兰": ["居民"]}),
    ("国家一级演员刘晓梅、全国劳动模范李铁军、教师周秀英参加了活动。",
     {"刘晓梅": ["国家一级演员"], "李铁军": ["全国劳动模范"], "周秀英": ["教师"]}),
    ("村党总支书记蒋红兵、总工程师王志远也参加了慰问活动。", {"蒋红兵": ["村党总支书记"], "王志远": ["总工程师"]}),
    ("县委书记胡国强、县长李建新陪同走访。", {"胡国强": ["县委书记"], "李建新": ["县长"]}),
    ("耒阳市委书记蒋志雄、市统计局局长黄立群、长沙市委副书记、市长郑伟明应邀列席会议。",
     {"蒋志雄": ["耒阳市委书记"], "黄立群": ["市统计局局长"], "郑伟明": ["长沙市委副书记", "市长"]}),
    ("报告指出，要坚持以邓小平理论为指导。观众王建华说，这让他想起了梅兰芳大剧院的演出。", {"王建华": ["观众"]}),
    ("演员刘芳饰演穆桂英，赢得阵阵掌声。", {"刘芳": ["演员"]}),
    ("学生安全，教师资格，群众路线，都是要点。", {}),
])
def test_people_after_any_descriptor_and_never_inside_words(text, want):
    known = known_names([text])
    assert {p.name: p.titles for p in find_persons(text, [], known)} == want


def test_names_run_together_in_a_subheadline_are_each_a_person():
    text = ("市人大会议开幕\n\n朱国平赖晓东刘正兴刘丽华出席\n\n本报讯 12月31日，大会开幕。朱国平、赖晓东、"
            "刘正兴、刘丽华在主席台就座。\n")
    article = parse(text).articles[0]
    assert [p.name for p in article.persons] == ["朱国平", "赖晓东", "刘正兴", "刘丽华"]


def test_bare_names_already_introduced_are_found():
    text = "副市长邹建国带队检查。邹建国要求，坚决防范各类事故发生。随后，邹建国来到企业。"
    assert {p.name for p in find_persons(text, [], known_names([text]))} == {"邹建国"}


# ---- dates


def test_dateline_day_anchors_relative_days():
    page = parse("# 学习会举行\n\n衡阳日报11月3日讯（记者 匡艳）昨天，市委理论学习中心组举行学习会。\n",
                 issue_date=datetime.date(2019, 11, 5))
    assert page.articles[0].date == "2019-11-02"


@pytest.mark.parametrize(("month", "day", "reference", "year"), [
    (12, 31, datetime.date(2025, 1, 2), 2024), (1, 1, datetime.date(2019, 12, 29), 2020),
    (6, 5, datetime.date(2020, 6, 6), 2020), (8, 1, datetime.date(2020, 1, 1), 2019),
])
def test_year_of_a_day_near_the_turn_of_the_year(month, day, reference, year):
    assert nearest_year(month, day, reference) == year


def test_year_from_the_running_head_for_december_and_january():
    text = "2025年1月2日 星期四\n\n# 人大会议开幕\n\n本报讯 12月31日上午，会议开幕。\n"
    page = parse(text)
    assert (page.issue_date, page.articles[0].date) == ("2025-01-02", "2024-12-31")
    assert event_date("1月1日起，我市将实施新版公交线路。", None, datetime.date(2019, 12, 30)) == "2020-01-01"


def test_photo_box_credits_without_she():
    text = ("图片新闻\n\n1月2日，衡阳火车站迎来返程客流高峰。（本报记者 罗正）\n\n1月1日，南岳衡山迎来雾凇景观。\n\n"
            "■通讯员 禤海\n\n# 全市交通工作会议召开\n\n本报讯 1月2日，会议召开。\n")
    first, second, news = parse(text).articles
    assert (first.kind, first.paragraphs, [r.name for r in first.reporters]) == (
        "photo", ["1月2日，衡阳火车站迎来返程客流高峰。"], ["罗正"])
    assert (second.kind, [r.name for r in second.reporters]) == ("photo", ["禤海"])
    assert (news.kind, news.title) == ("news", "全市交通工作会议召开")


def test_continuation_marker_alone_on_its_line():
    text = ("（上接第一版）\n\n各县市区要压实责任，确保防汛物资储备到位。\n\n"
            "# 全市交通工作会议召开\n\n本报讯 1月2日，会议召开。\n")
    tail, news = parse(text).articles
    assert (tail.kind, tail.continued_from, tail.paragraphs) == ("fragment", "第一版",
                                                                ["各县市区要压实责任，确保防汛物资储备到位。"])


def test_bold_sub_headings_stay_in_their_article_as_paragraphs():
    text = ("# 全市农村工作会议召开\n\n本报讯 11日，全市农村工作会议召开。\n\n**抓产业 促增收**\n\n"
            "今年以来，我市着力发展优势特色产业。\n\n市领导刘明辉出席。\n")
    article, = parse(text, issue_date=datetime.date(2006, 4, 12)).articles
    assert article.paragraphs == ["11日，全市农村工作会议召开。", "抓产业 促增收",
                                  "今年以来，我市着力发展优势特色产业。", "市领导刘明辉出席。"]
    assert article.date == "2006-04-11"


def test_a_commentary_signed_by_the_commentator():
    text = ("# 全市经济工作会议召开\n\n本报讯 12月5日，会议召开。\n\n# 以实干担当开创新局面\n\n■本报评论员\n\n"
            "实干才能出实绩。全市上下要以等不得的紧迫感抓好落实。\n")
    news, comment = parse(text).articles
    assert (comment.title, comment.subtitle, comment.byline, comment.reporters) == (
        "以实干担当开创新局面", "", "■本报评论员", [])
    assert comment.paragraphs == ["实干才能出实绩。全市上下要以等不得的紧迫感抓好落实。"]
    assert "未找到署名" not in comment.warnings and "未找到署名" in news.warnings
