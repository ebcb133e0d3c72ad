"""Page furniture (archive/parsing/furniture.py, lines.py): told from articles, kept on the page.

Every line below is invented in the papers' usual forms.
"""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.parsing import ParseError, parse_page
from archive.parsing.furniture import line_kind
from archive.parsing.lines import Label, classify

HERE = Path(__file__).resolve().parent
INVENTED = HERE.parent / "data" / "invented"


@pytest.mark.parametrize(("line", "kind"), [
    ("衡阳日报", "masthead"),
    ("衡阳晚报 HENGYANG EVENING NEWS", "masthead"),
    ("国内统一刊号 CN43-0037　　第12345期", "masthead"),
    ("今日8版　农历己亥年四月初四", "masthead"),
    ("总第9876期", "masthead"),
    ("2019年5月8日 星期三 · A1 · 01 · 第一版 · 要闻 · 今日关注", "running_head"),
    ("2012年12月31日 星期一　A2　要闻", "running_head"),
    ("A3 · 综合", "running_head"),
    ("县域经济 | 03", "running_head"),
    ("第二版 国内新闻", "running_head"),
    ("责任编辑 罗明 美编 李娟 校对 王芳", "staff"),
    ("本版责任编辑：刘敏", "staff"),
    ("责编 谭文 | 美编 李芳 | 校对 刘军", "staff"),
    ("版式 刘洋", "staff"),
    ("— 1 —", "page_number"),
    ("A02", "page_number"),
    ("简讯", "label"),
    ("【图片新闻】", "label"),
    ("快讯", "label"),
    ("短讯", "label"),
    ("晴转多云 12℃～20℃", "weather"),
    ("今日天气：晴 18℃～28℃ 南风2级", "weather"),
])
def test_furniture_lines(line, kind):
    assert line_kind(line) == kind


@pytest.mark.parametrize("line", [
    "衡阳 15 个乡镇上榜",
    "新增国家级小巨人企业 10 家",
    "昨天，我市最高气温达35℃，市民纷纷到湘江边纳凉。",
    "衡阳日报社组织全社党员观看电影。",
    "今年首场大雪 我市启动应急预案",
    "编辑部收到读者来信后，记者赶赴现场。",
    "市政协召开主席会议",
])
def test_article_lines_are_not_furniture(line):
    assert line_kind(line) is None


def test_index_and_weather_boxes_take_their_lines():
    text = ("要闻导读\n\n全市一季度经济运行稳中向好 第二版\n\n雁峰区老旧小区改造全面启动 A3\n\n"
            "天气预报\n\n今天：多云转小雨 17℃～25℃\n\n明天：小雨 北风2级\n\n# 全市重点项目建设推进会召开\n")
    kinds = [(line.label, line.furniture) for line in classify(text)]
    assert kinds == [(Label.FURNITURE, "index")] * 3 + [(Label.FURNITURE, "weather")] * 3 + [(Label.TEXT, "")]


def test_index_entries_without_a_heading():
    text = "◆ 雁峰区举办消夏纳凉晚会 ▶A5\n\n◆ 珠晖区开展防溺水宣传 ▶A6\n\n# 市民健身广场建成开放\n"
    assert [line.furniture for line in classify(text)] == ["index", "index", ""]


def test_page_of_furniture_only_is_no_article():
    text = "衡阳日报\n\n2019年5月8日 星期三 · 第一版 · 要闻\n\n天气预报\n\n晴 12℃～20℃\n\n责任编辑 罗明\n\n— 1 —\n"
    with pytest.raises(ParseError, match="未找到任何文章 \\(no article found\\)"):
        parse_page(text.encode(), "only.txt")


def test_furniture_is_listed_with_kind_text_and_line():
    page = parse_page((INVENTED / "ribao_2019_furniture.txt").read_bytes(), "ribao_2019_furniture.txt")
    kinds = [f.kind for f in page.furniture]
    assert kinds[:5] == ["masthead"] * 4 + ["running_head"]
    assert kinds.count("index") == 3 and kinds.count("weather") == 3 and kinds.count("label") == 1
    assert kinds[-2:] == ["staff", "page_number"]
    head = page.furniture[4]
    assert (head.text, head.line) == ("2019年5月8日 星期三 · A1 · 第一版 · 要闻", 9)
    names = {p.name for a in page.articles for p in a.persons}
    assert not names & {"罗明", "李娟", "王芳"}
    printed = " ".join(a.title + " " + " ".join(a.paragraphs) for a in page.articles)
    for f in page.furniture:
        assert f.text not in printed


FURNITURE_LINES = ["衡阳日报", "2019年5月8日 星期三 · A1 · 要闻", "责任编辑 罗明 美编 李娟", "— 2 —", "A3 · 综合",
                   "本版责任编辑：刘敏", "国内统一刊号 CN43-0037"]
PAGE = (INVENTED / "boundaries_dates.txt").read_text(encoding="utf-8")


def _outline(text):
    page = parse_page(text.encode(), "p.txt")
    return [(a.kind, a.title, a.paragraphs) for a in page.articles]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=60), st.sampled_from(FURNITURE_LINES)), max_size=4))
def test_furniture_anywhere_never_enters_an_article(inserts):
    """A furniture line dropped between any two lines of a page changes none of its articles."""
    lines = PAGE.split("\n\n")
    want = _outline(PAGE)
    for at, furniture in sorted(inserts, reverse=True):
        at = max(1, min(at, len(lines)))
        if at < len(lines) and lines[at - 1].startswith(("20", "市委理论")):
            continue  # keep the running head and the headline block together
        lines.insert(at, furniture)
    assert _outline("\n\n".join(lines)) == want
