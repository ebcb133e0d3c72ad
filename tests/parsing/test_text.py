"""Decoding, markdown marks and column-break repair (archive/parsing/text.py)."""

import pytest

from archive.parsing import ParseError, parse_page
from archive.parsing.text import decode, ends_sentence, join_broken, split_jumps, strip_marks, strip_stray_tail

PAGE = "市政府召开常务会议\n\n本报讯 3月2日，市政府召开常务会议。\n"


def test_utf8():
    assert decode(PAGE.encode("utf-8"), "p.txt") == (PAGE, "utf-8")


def test_utf8_with_bom_is_recorded_and_dropped():
    text, encoding = decode(b"\xef\xbb\xbf" + PAGE.encode("utf-8"), "p.txt")
    assert (text, encoding) == (PAGE, "utf-8-sig")


def test_gb18030():
    assert decode(PAGE.encode("gb18030"), "p.txt") == (PAGE, "gb18030")


def test_crlf_becomes_lf_and_nothing_else_changes():
    text, _ = decode(PAGE.replace("\n", "\r\n").encode("utf-8"), "p.txt")
    assert text == PAGE


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t", "\u3000\n".encode()], ids=["empty", "blank", "wide-space"])
def test_empty_is_an_error(data):
    with pytest.raises(ParseError, match="empty"):
        decode(data, "p.txt")


@pytest.mark.parametrize("data", [b"\x00\x01PK\x03\x04" + bytes(range(256)), bytes(range(1, 9)) * 20],
                         ids=["nul", "controls"])
def test_binary_is_an_error(data):
    with pytest.raises(ParseError, match="binary"):
        decode(data, "p.txt")


def test_latin1_garbage_is_undecodable():
    data = "Café crème brûlée à la française, naïve façade.".encode("latin-1")
    with pytest.raises(ParseError, match="undecodable") as err:
        decode(data, "x.txt")
    assert err.value.source == "x.txt"


def test_bom_with_invalid_utf8_is_undecodable():
    with pytest.raises(ParseError, match="undecodable"):
        decode(b"\xef\xbb\xbf" + PAGE.encode("gb18030"), "p.txt")


def test_parse_page_reports_encoding_and_keeps_text():
    page = parse_page(PAGE.replace("\n", "\r\n").encode("gb18030"), "p.txt")
    assert page.encoding == "gb18030"
    assert page.text == PAGE


def test_strip_marks():
    assert strip_marks("## 衡阳 15 个乡镇上榜 ") == "衡阳 15 个乡镇上榜"
    assert strip_marks("**衡阳晚报讯** (全媒体记者 陈润)") == "衡阳晚报讯 (全媒体记者 陈润)"


def test_ends_sentence():
    assert ends_sentence("会议还研究了其他事项。")
    assert ends_sentence("坚定“创则必胜”的信心。”")
    assert not ends_sentence("在17日举行的援疆工作座谈会上,")
    assert not ends_sentence("宣传思想和意识形态")


def test_join_broken_repairs_column_breaks_only():
    paragraphs = [("他说，宣传思想和意识形态", 1, 1), ("工作是为国家立心。", 3, 3), ("第二段。", 5, 5),
                  ("在17日举行的座谈会上,", 7, 7), ("他表示感谢。", 9, 9)]
    assert join_broken(paragraphs) == [
        ("他说，宣传思想和意识形态工作是为国家立心。", 1, 3),
        ("第二段。", 5, 5),
        ("在17日举行的座谈会上,他表示感谢。", 7, 9),
    ]


def test_join_broken_keeps_subheadings_apart():
    paragraphs = [("一、坚持高位推动", 1, 1), ("各地要加强领导。", 3, 3)]
    assert join_broken(paragraphs) == paragraphs


def test_stray_paper_name_after_last_sentence():
    assert strip_stray_tail("确保展现更多衡阳担当。衡阳日报") == ("确保展现更多衡阳担当。", "衡阳日报")
    assert strip_stray_tail("并聆听衡阳日报") == ("并聆听衡阳日报", "")


@pytest.mark.parametrize(("paragraph", "want"), [
    ("落地见效。(下转第2版)", ("落地见效。", "第2版", "")),
    ("（上接第1版）推动产业发展。", ("推动产业发展。", "", "第1版")),
    ("要加强协同转2版", ("要加强协同", "第2版", "")),
    ("（转第二版）", ("", "第二版", "")),
    ("这次转型发展，转变作风。", ("这次转型发展，转变作风。", "", "")),
])
def test_split_jumps(paragraph, want):
    assert split_jumps(paragraph) == want


def test_join_broken_stops_at_a_jump():
    paragraphs = [("全面", 1, 1), ("各县市区要压实责任。", 3, 3)]
    assert join_broken(paragraphs, stops={3}) == paragraphs
