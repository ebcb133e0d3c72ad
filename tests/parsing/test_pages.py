"""Invented pages in the styles the parser meets beyond the seeds (all names, places and events made up).

Each page asserts the items in order, their headlines, body bounds and the persons found,
the way /work/shared/tools/score_parse.py reads a page.
"""

import random
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.parsing import ParseError, Reporter, parse_page

HERE = Path(__file__).resolve().parent


def parse(text, name="page.txt"):
    return parse_page(text.encode(), name)


def outline(page):
    return [(a.kind, a.title or a.paragraphs[0][:6]) for a in page.articles]


def names(article):
    return {p.name: p.titles for p in article.persons}


# 衡阳日报 2024: dated running head, signed dateline with a date, forward-looking years, and
# two items with a bare headline and no dateline whose paragraph opens with a date.
RIBAO_2024 = """\
2024年3月4日 星期一

# 全市优化营商环境大会召开

王建国出席并讲话 李志强主持

衡阳日报3月3日讯（全媒体记者姚永军）3月2日，全市优化营商环境大会召开。市委书记王建国出席并讲话。\
市委副书记、市长李志强主持。

王建国强调，要以更大力度优化营商环境，到2035年基本建成一流营商环境城市，2025年底前实现“一网通办”\
全覆盖。各级各部门要加强

协同，推动“十四五”(2021-2025)规划各项任务落地见效。

市领导赵明、孙丽华出席会议。

衡南县春耕备耕有序推进

3月2日，记者在衡南县三塘镇看到，农民们正在田间忙着翻耕土地。三塘镇党委书记刘小平介绍，\
今年全镇粮食种植面积稳定在5万亩以上。

刘小平表示，将加大农机补贴力度，确保不误农时。

市中心医院开展义诊活动

3月1日上午，市中心医院组织专家团队走进社区开展义诊活动。主任医师陈美华、教授欧阳晓东等为群众免费诊疗。

欧阳晓东说，义诊活动将常态化开展。
"""


def test_ribao_2024_page():
    page = parse(RIBAO_2024)
    assert (page.paper, page.issue_date, page.issue_date_confidence) == ("衡阳日报", "2024-03-04", "inferred")
    assert outline(page) == [("news", "全市优化营商环境大会召开"), ("news", "衡南县春耕备耕有序推进"),
                             ("news", "市中心医院开展义诊活动")]
    meeting, farming, clinic = page.articles
    assert (meeting.subtitle, meeting.dateline, meeting.date) == ("王建国出席并讲话 李志强主持", "衡阳日报3月3日讯",
                                                                  "2024-03-02")
    assert meeting.reporters == [Reporter("姚永军", "全媒体记者")]
    assert "各级各部门要加强协同" in meeting.paragraphs[1]
    assert meeting.paragraphs[-1] == "市领导赵明、孙丽华出席会议。"
    assert names(meeting) == {"王建国": ["市委书记"], "李志强": ["市委副书记", "市长"], "赵明": ["市领导"],
                              "孙丽华": ["市领导"]}
    assert (farming.dateline, farming.date) == ("", "2024-03-02")
    assert farming.paragraphs[-1] == "刘小平表示，将加大农机补贴力度，确保不误农时。"
    assert names(farming) == {"刘小平": ["三塘镇党委书记"]}
    assert names(clinic) == {"陈美华": ["主任医师"], "欧阳晓东": ["教授"]}


# ■ 首席记者 byline above 本报讯 昨天上午; a 出席 line in the middle of an article; text after
# the closing line; a headline that names its subject, who then speaks untitled.
SHOUXI = """\
全市安全生产工作会议召开

周立新出席并讲话

■ 首席记者 张科勇

本报讯 昨天上午，全市安全生产工作会议召开。

副市长周立新出席会议。

周立新指出，要压紧压实安全生产责任，坚决遏制重特大事故发生。

会上，各县市区作了交流发言。

市政府副秘书长郭志刚参加会议。

近年来，我市持续推进安全生产专项整治，全市事故起数和死亡人数实现“双下降”。

张大山：让山区孩子也能上好学

■ 记者 罗晓燕 通讯员 谢文

本报讯 昨天下午，祁东县归阳镇中心小学获评“湖南省文明校园”。

张大山表示，将继续扎根山区，守护孩子们的成长。

县教育局局长何建平说，山区学校的变化有目共睹。
"""


def test_shouxi_page():
    page = parse(SHOUXI)
    assert outline(page) == [("news", "全市安全生产工作会议召开"), ("fragment", "近年来，我市"),
                             ("news", "张大山：让山区孩子也能上好学")]
    safety, _, school = page.articles
    assert safety.reporters == [Reporter("张科勇", "首席记者")]
    assert (safety.dateline, safety.subtitle) == ("本报讯", "周立新出席并讲话")
    assert safety.paragraphs[0] == "昨天上午，全市安全生产工作会议召开。"
    assert safety.paragraphs[-1] == "市政府副秘书长郭志刚参加会议。"
    assert names(safety) == {"周立新": ["副市长"], "郭志刚": ["市政府副秘书长"]}
    assert [r.name for r in school.reporters] == ["罗晓燕", "谢文"]
    assert names(school) == {"张大山": [], "何建平": ["县教育局局长"]}


# 原标题 lines above and below the title; titles with double surnames.
ORIGINAL = """\
原标题：雁城好人榜发布

十位“衡阳好人”受表彰

本报讯 （记者 杨帆 张珺）3月5日下午，2024年第一季度“衡阳好人”发布仪式举行。\
市委常委、宣传部部长赵红梅出席并为获奖者颁奖。

赵红梅希望，全市广大干部群众向身边好人学习。

珠晖区委书记司马光明、耒阳市市长夏侯文斌参加活动。

# 湘江风光带提质改造完工

原标题：湘江风光带焕新亮相

本报讯 （记者 杨帆）3月5日，湘江风光带提质改造工程完工。市住建局局长诸葛亮平介绍，工程新增绿地12万平方米。
"""


def test_original_title_page():
    page = parse(ORIGINAL)
    assert page.issue_date == "2024-03-06"
    good, river = page.articles
    assert (good.title, good.original_title, good.kicker) == ("十位“衡阳好人”受表彰", "雁城好人榜发布", "")
    assert (river.title, river.original_title) == ("湘江风光带提质改造完工", "湘江风光带焕新亮相")
    assert [r.name for r in good.reporters] == ["杨帆", "张珺"]
    assert names(good) == {"赵红梅": ["市委常委", "宣传部部长"], "司马光明": ["珠晖区委书记"],
                           "夏侯文斌": ["耒阳市市长"]}
    assert names(river) == {"诸葛亮平": ["市住建局局长"]}
    assert not any("原标题" in p for a in page.articles for p in a.paragraphs)


# A fragment at the top of the page, (下转第2版), a (上接第1版) continuation and a bare 转2版.
JUMPS = """\
推动产业发展，要把项目建设放在突出位置，全力以赴抓好落

实。（上接第1版）

市领导胡建军、郑秋萍出席会议。

# 全市乡村振兴推进会召开

本报讯 （记者 陈晓明）3月8日，全市乡村振兴推进会召开。副市长罗卫东出席并讲话。

罗卫东强调，要巩固拓展脱贫攻坚成果，推动乡村产业、人才、文化、生态、组织全面

振兴。（下转第2版）

（上接第1版）各县市区要压实责任，确保各项工作落到实处。

# 蒸湘区新增一批口袋公园

本报讯 （通讯员 龙小燕）近日，蒸湘区新建的8个口袋公园陆续开放，市民休闲多了好去处

转2版
"""


def test_jump_markers_page():
    page = parse(JUMPS)
    assert outline(page) == [("fragment", "推动产业发展"), ("news", "全市乡村振兴推进会召开"),
                             ("fragment", "各县市区要压"), ("news", "蒸湘区新增一批口袋公园")]
    top, rural, tail, park = page.articles
    assert top.paragraphs == ["推动产业发展，要把项目建设放在突出位置，全力以赴抓好落实。",
                              "市领导胡建军、郑秋萍出席会议。"]
    assert top.continued_from == "第1版" and names(top) == {"胡建军": ["市领导"], "郑秋萍": ["市领导"]}
    assert rural.paragraphs[-1].endswith("组织全面振兴。") and rural.continued_to == "第2版"
    assert names(rural) == {"罗卫东": ["副市长"]}
    assert tail.paragraphs == ["各县市区要压实责任，确保各项工作落到实处。"] and tail.continued_from == "第1版"
    assert park.paragraphs == ["近日，蒸湘区新建的8个口袋公园陆续开放，市民休闲多了好去处"]
    assert park.continued_to == "第2版"
    assert not any("版" in p for a in page.articles for p in a.paragraphs)


def test_last_line_of_an_article_is_not_a_headline():
    text = ("# 全市工作会议召开\n\n本报讯 5月8日，全市工作会议召开。\n\n会议强调，要抓好落实。\n\n"
            "市领导张明、李华出席会议\n\n全市春耕现场会召开\n\n本报讯 5月8日，现场会召开。\n")
    page = parse(text)
    assert outline(page) == [("news", "全市工作会议召开"), ("news", "全市春耕现场会召开")]
    assert page.articles[1].kicker == ""
    assert page.articles[0].paragraphs[-1] == "市领导张明、李华出席会议"


def test_short_unfinished_line_is_not_a_bare_headline():
    text = "# 全市工作会议召开\n\n本报讯 5月8日，全市工作会议召开。会议要求，各地要在\n\n3月底前完成整改任务。\n"
    (news,) = parse(text).articles
    assert news.paragraphs == ["5月8日，全市工作会议召开。会议要求，各地要在3月底前完成整改任务。"]


SEED_LINES = [line for f in sorted((HERE.parents[1] / "seeds").glob("*.txt"))
              for line in f.read_text(encoding="utf-8").split("\n")] + RIBAO_2024.split("\n") + JUMPS.split("\n")


def parses_or_refuses(data):
    try:
        page = parse_page(data, "fuzz.txt")
    except ParseError:
        return
    assert page.articles and all(a.kind in ("news", "photo", "fragment") for a in page.articles)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_parse_or_raise_parse_error(data):
    parses_or_refuses(data)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from("本报讯记者■（）()#*第2版下转上接。，、：—\n 市长书记刘张3月日出席朱健强调"),
               max_size=300))
def test_page_like_text_parses_or_raises_parse_error(text):
    parses_or_refuses(text.encode())


@pytest.mark.parametrize("seed", range(40))
def test_shuffled_seed_lines(seed):
    rnd = random.Random(seed)
    lines = rnd.sample(SEED_LINES, min(len(SEED_LINES), rnd.randint(1, 80)))
    parses_or_refuses("\n".join(lines).encode("gb18030" if seed % 5 == 0 else "utf-8"))


def test_a_200_kb_page_parses_in_well_under_a_second():
    data = ("\n".join(SEED_LINES) + "\n").encode()
    data = data * (200_000 // len(data) + 1)
    start = time.process_time()  # this process's CPU time: other processes on a busy machine do not count
    page = parse_page(data, "long.txt")
    assert time.process_time() - start < 1.0 and len(page.articles) > 20


def test_one_endless_paragraph_is_quick():
    data = ("市委书记王建国强调，要抓好落实" * 8000 + "。").encode()
    start = time.perf_counter()
    with pytest.raises(ParseError):
        parse_page(data, "blob.txt")
    assert time.perf_counter() - start < 1.0
