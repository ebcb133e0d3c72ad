"""A page PDF's text layer read into the extracted-text form parses as the page's text does."""

import re

import pytest

from archive.parsing import parse_page
from archive.pdf.reader import PdfRefused, read_page_pdf
from tests.pdf.pdfmaker import make_scan_pdf

LINE_NUMBER = re.compile(r"第\d+行")


def comparable(contract: dict) -> dict:
    """A parse without what depends on the file's line numbering (blank lines are not printed)."""
    for article in contract["articles"]:
        article.pop("first_line", None)
        article.pop("last_line", None)
        article["warnings"] = [LINE_NUMBER.sub("第N行", w) for w in article.get("warnings", [])]
    for item in contract.get("furniture", []):
        item.pop("line", None)
    contract.pop("source", None)
    contract.pop("sha256", None)
    return contract


def test_every_page_pdf_parses_as_its_text(pdf_pages):
    for name, made in pdf_pages.items():
        text = made.text_path.read_bytes()
        from_text = comparable(parse_page(text, name).to_contract())
        from_pdf = comparable(parse_page(read_page_pdf(made.pdf).text.encode(), name).to_contract())
        assert from_pdf == from_text, name
        assert len(from_pdf["articles"]) >= 2


def test_marks_come_from_size_and_weight(pdf_pages):
    text = read_page_pdf(pdf_pages["004_f12e023adc1fa3b0.txt"].pdf).text
    lines = text.splitlines()
    assert "# 学习借鉴先进经验 加快推进区域中心化进程" in lines
    assert "## 新增国家级小巨人企业 10 家" in lines  # the spaces around digits kept
    assert any(line.startswith("**衡阳晚报长沙讯** (全媒体记者 陈润) 2月6日至7日") for line in lines)


def test_a_sentence_split_by_a_column_break_is_one_paragraph(pdf_pages):
    made = pdf_pages["001_a192f4ec0cc23092.txt"]
    columns_of = {}
    for placed in made.placed:
        columns_of.setdefault(placed.source_line, set()).add(round(placed.box[0]) // 150)
    split = [line for line, columns in columns_of.items() if len(columns) > 1]
    assert split  # the maker did break paragraphs across columns
    source = made.text_path.read_text(encoding="utf-8").splitlines()
    extracted = read_page_pdf(made.pdf).text.splitlines()
    for line in split:
        assert source[line - 1] in extracted


def test_every_line_has_boxes_inside_the_page(pdf_pages):
    page = read_page_pdf(pdf_pages["000_883bd1d2d72a0bab.txt"].pdf)
    numbered = [n for n, line in enumerate(page.text.splitlines(), start=1) if line]
    assert sorted(page.line_boxes) == numbered
    for boxes in page.line_boxes.values():
        for x0, top, x1, bottom in boxes:
            assert 0 <= x0 < x1 <= page.width and 0 <= top < bottom <= page.height


def test_a_scan_is_refused_as_not_for_ocr(tmp_path):
    make_scan_pdf(tmp_path / "scan.pdf")
    with pytest.raises(PdfRefused, match="没有文字层.*OCR"):
        read_page_pdf(tmp_path / "scan.pdf")


def test_a_damaged_pdf_is_refused(tmp_path):
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<")
    with pytest.raises(PdfRefused, match="无法读取 PDF"):
        read_page_pdf(tmp_path / "broken.pdf")
