"""Clear messages about what a file is: encodings by name, the first bad byte's place, lone CR, skipped files."""

from __future__ import annotations

import codecs

import pytest

from archive.models import Article, Issue
from archive.parsing import ParseError
from archive.parsing.text import decode

from .conftest import SEED, SEED_TEXT, add_page, run_load

pytestmark = pytest.mark.django_db

SEED_ARTICLES = "001_a192f4ec0cc23092.txt"


def stored_titles(source: str) -> list[str]:
    return list(Article.objects.filter(issue__source_name=source).order_by("position").values_list("title", flat=True))


@pytest.mark.parametrize("data, encoding", [
    (codecs.BOM_UTF16_LE + SEED_TEXT.encode("utf-16-le"), "utf-16-le"),
    (codecs.BOM_UTF16_BE + SEED_TEXT.encode("utf-16-be"), "utf-16-be"),
    (SEED_TEXT.encode("utf-16-le"), "utf-16-le"),
    (SEED_TEXT.encode("utf-16-be"), "utf-16-be"),
], ids=["le-bom", "be-bom", "le", "be"])
def test_utf16_is_decoded_and_named(folder, data, encoding):
    titles = stored_titles(SEED_ARTICLES)
    add_page(folder, "u16.txt", data)
    assert run_load(folder)[0] == 0
    issue = Issue.objects.get(source_name="u16.txt")
    assert issue.encoding == encoding
    assert issue.raw_text == SEED_TEXT
    assert stored_titles("u16.txt") == titles


def test_utf16_with_a_bom_that_does_not_decode_is_refused_as_utf16():
    data = codecs.BOM_UTF16_LE + "衡阳晚报\n".encode("utf-16-le") + b"\x00\xdc" + "刘越高".encode("utf-16-le")
    with pytest.raises(ParseError, match=r"UTF-16-LE .*第 2 行，字节偏移 12"):
        decode(data, "x.txt")


@pytest.mark.parametrize("prefix_lines", [0, 3, 40])
def test_the_first_undecodable_byte_is_located(prefix_lines):
    head = "".join(f"第{i}行。\n" for i in range(prefix_lines)).encode()
    data = head + "刘越高主持会议".encode() + b"\xff\xfe\xfd" + "。".encode()
    with pytest.raises(ParseError) as err:
        decode(data, "bad.txt")
    offset = len(head) + len("刘越高主持会议".encode())
    assert f"第 {prefix_lines + 1} 行，字节偏移 {offset} 处的字节 0xFF" in err.value.reason


def test_lone_cr_files_load_like_lf_files(folder):
    titles = stored_titles(SEED_ARTICLES)
    add_page(folder, "mac.txt", SEED_TEXT.replace("\n", "\r").encode())
    assert run_load(folder)[0] == 0
    assert stored_titles("mac.txt") == titles
    assert "\r" not in Issue.objects.get(source_name="mac.txt").raw_text


def test_other_line_separators_become_line_breaks():
    text, _ = decode("甲。\u2028乙。\u2029丙。\x0c丁。\r\n戊。".encode(), "x.txt")
    assert text == "甲。\n乙。\n丙。\n丁。\n戊。"


def test_files_skipped_for_their_extension_are_listed(folder):
    (folder / "notes.md").write_text("# 备注", encoding="utf-8")
    (folder / "scan.tif").write_bytes(b"II*\x00")
    add_page(folder, "UPPER.TXT", SEED.read_bytes())
    status, out, err = run_load(folder)
    assert status == 0
    assert "跳过 2 个非 .txt/.pdf 文件：notes.md、scan.tif" in err
    assert "跳过非 .txt/.pdf 文件 2" in out
    assert "文件 1（新建 0，更新 0，未变 1（按哈希跳过 1），失败 0" in out  # UPPER.TXT was read: the seed's bytes
