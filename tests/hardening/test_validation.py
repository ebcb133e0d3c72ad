"""Validation before storing: a refused row or file is one line with its reason and leaves nothing behind."""

from __future__ import annotations

import datetime
import unicodedata

import pytest

from archive.models import Article, Issue, Paper, Person
from archive.parsing import ParsedArticle, ParsedPage, PersonMention, Reporter
from archive.parsing.text import MAX_LINE_CHARS
from archive.validation import clean_page, person_name_fits

from .conftest import SEED_TEXT, add_page, run_load

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int, int]:
    return Paper.objects.count(), Issue.objects.count(), Article.objects.count(), Person.objects.count()


def refused(folder, name: str, data, row: str) -> str:
    """Load one file with its manifest row; assert it failed alone, and return its one error line."""
    before = counts()
    add_page(folder, name, data, row)
    status, out, err = run_load(folder)
    assert status == 1
    assert counts() == before
    assert "失败 1" in out
    lines = [line for line in err.splitlines() if line.startswith("失败 ")]
    assert len(lines) == 1 and name in lines[0], err
    return lines[0]


@pytest.mark.parametrize("page, reason", [
    ("1/2", "版次"), ("x" * 300, "共 300 字"), ("<script>", "版次"), ("第1版", "版次"), ("1 2", "版次"),
])
def test_bad_page_labels_are_refused_with_the_row(folder, page, reason):
    line = refused(folder, "p.txt", SEED_TEXT, f"衡阳晚报,2023-08-19,{page}")
    assert "第 2 行" in line and reason in line


@pytest.mark.parametrize("paper, reason", [
    ("衡阳\x07晚报", "控制字符"), ("衡阳\x85晚报", "控制字符"), ("报" * 41, "过长"), ("衡阳\u202e晚报", "控制字符"),
])
def test_bad_paper_names_are_refused(folder, paper, reason):
    line = refused(folder, "p.txt", SEED_TEXT, f"{paper},2023-08-19,1")
    assert reason in line


@pytest.mark.parametrize("date", ["0001-01-01", "1949-09-30", "9999-12-31", "2023-02-30", "23-8-19"])
def test_dates_outside_the_archive_are_refused(folder, date):
    line = refused(folder, "p.txt", SEED_TEXT, f"衡阳晚报,{date},1")
    assert date in line


def test_tomorrow_is_the_last_date_taken(folder):
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    refused(folder, "late.txt", SEED_TEXT, f"衡阳晚报,{tomorrow.isoformat()},1")


def test_a_date_inferred_from_the_text_is_range_checked(folder):
    head = "1900年1月1日 星期一\n\n"
    line = refused(folder, "old.txt", head + SEED_TEXT, ",,")
    assert "1900-01-01" in line and "超出范围" in line


def test_one_bad_row_refuses_only_its_file(folder):
    add_page(folder, "good.txt", SEED_TEXT, "衡阳晚报,2023-08-19,2")
    add_page(folder, "bad.txt", SEED_TEXT.replace("刘越高", "刘越"), "衡阳晚报,2023-08-20,1/2")
    status, out, err = run_load(folder)
    assert status == 1 and "新建 1" in out and "失败 1" in out
    assert "bad.txt" in err and "good.txt" not in err


def test_full_width_page_labels_are_read_as_ascii(folder):
    add_page(folder, "a.txt", SEED_TEXT, "衡阳晚报,2023-08-19,Ａ１")
    assert run_load(folder)[0] == 0
    assert Issue.objects.get(source_name="a.txt").page == "A1"


def test_a_file_over_the_size_limit_is_refused_before_parsing(folder, settings):
    settings.ARCHIVE_MAX_FILE_BYTES = 20_000
    line = refused(folder, "big.txt", SEED_TEXT * 3, "衡阳晚报,2023-08-19,1")
    assert "文件过大" in line and "20,000" in line and "ARCHIVE_MAX_FILE_BYTES" in line


def test_a_line_over_the_limit_is_refused_with_its_number(folder):
    lines = SEED_TEXT.split("\n")
    lines.insert(5, "字" * (MAX_LINE_CHARS + 1))
    line = refused(folder, "long.txt", "\n".join(lines), "衡阳晚报,2023-08-19,1")
    assert "第 6 行过长" in line


def test_nel_inside_a_reporters_name_keeps_the_byline(folder):
    printed = Article.objects.filter(issue__source_name="001_a192f4ec0cc23092.txt").order_by("position").first()
    add_page(folder, "nel.txt", SEED_TEXT.replace("全媒体记者 陈润", "全媒体记者 陈\x85润"))
    assert run_load(folder)[0] == 0
    first = Article.objects.filter(issue__source_name="nel.txt").order_by("position").first()
    assert first.byline == printed.byline == "(全媒体记者 陈润)"
    assert first.body == printed.body
    assert first.appearances.filter(person__name="陈润").exists()
    assert "\x85" not in Issue.objects.get(source_name="nel.txt").raw_text


@pytest.mark.parametrize("char", ["\x01", "\x1b", "\x7f", "\x9b", "\u200b", "\u202e", "\ufeff", "\U000e0041"])
def test_control_and_format_characters_are_stripped(folder, char):
    text = SEED_TEXT.replace("刘越高", f"刘{char}越高").replace("慰问", f"慰{char}问")
    add_page(folder, "ctl.txt", text)
    assert run_load(folder)[0] == 0
    issue = Issue.objects.get(source_name="ctl.txt")
    assert char not in issue.raw_text
    assert not any(char in a.title + a.body + a.byline for a in issue.articles.all())
    assert Person.objects.filter(name="刘越高").exists()


def test_text_is_stored_in_nfc(folder):
    decomposed = unicodedata.normalize("NFD", "Café ")
    add_page(folder, "nfc.txt", SEED_TEXT.replace("看望慰问", decomposed + "看望慰问"))
    assert run_load(folder)[0] == 0
    issue = Issue.objects.get(source_name="nfc.txt")
    assert "Café" in issue.raw_text and unicodedata.is_normalized("NFC", issue.raw_text)


def test_event_dates_outside_the_range_are_dropped_with_a_warning(folder):
    text = SEED_TEXT.replace("8月17—18日,市委书记", "2099年8月17日,市委书记")
    add_page(folder, "future.txt", text)
    assert run_load(folder)[0] == 0
    first = Article.objects.filter(issue__source_name="future.txt").order_by("position").first()
    assert first.event_date is None
    assert any("超出范围" in w for w in first.parse_warnings)


@pytest.mark.parametrize("name, fits", [("陈润", True), ("欧阳建国", True), ("陈/润", False), ("", False),
                                        (" 陈润", False), ("陈\n润", False), ("名" * 51, False)])
def test_only_names_that_can_be_a_persons_url_are_stored(name, fits):
    assert person_name_fits(name) is fits


def test_a_file_listed_twice_in_the_manifest_is_refused(folder):
    add_page(folder, "twice.txt", SEED_TEXT, "衡阳晚报,2023-08-19,3")
    with (folder / "manifest.csv").open("a", encoding="utf-8") as f:
        f.write("twice.txt,衡阳晚报,2023-08-20,3\n")
    status, _, err = run_load(folder)
    assert status == 1 and "第 3 行：文件 twice.txt 已在第 2 行列出" in err
    assert not Issue.objects.filter(source_name="twice.txt").exists()


def test_fields_too_long_for_their_columns_are_shortened_with_a_warning():
    article = ParsedArticle(position=1, kind="news", title="标" * 600, byline="署" * 400, date="2099-01-01",
                            persons=[PersonMention("刘越高"), PersonMention("名/字")],
                            reporters=[Reporter("陈润", "记者")])
    page = ParsedPage(source="x", sha256="0", encoding="utf-8", text="", paper="衡阳晚报", issue_date="2023-08-19",
                      issue_date_confidence="given", event_dates=["2099-01-01", "2023-08-18", "--08-18"],
                      articles=[article])
    cleaned, label = clean_page(page, "Ａ２")
    stored = cleaned.articles[0]
    assert label == "A2" and cleaned.event_dates == ["2023-08-18", "--08-18"]
    assert len(stored.title) == 500 and stored.title.endswith("…") and len(stored.byline) == 300
    assert stored.date is None and [p.name for p in stored.persons] == ["刘越高"]
    assert len(stored.warnings) == 4
