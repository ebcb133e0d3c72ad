"""A headline set across columns (a lead story's, as e-papers print it) is read in its place."""

from archive.parsing import parse_page
from archive.pdf.reader import extract

BODY, HEAD, LEADING = 9.0, 20.0, 13.0
COLUMN, GUTTER, LEFT = 180.0, 18.0, 36.0


def printed(text: str, x0: float, top: float, size: float = BODY, bold: bool = False) -> list[dict]:
    """pdfplumber's character dicts for one printed line of `text` from (x0, top)."""
    font = "ArchiveTest-Bold" if bold else "ArchiveTest"
    return [{"text": char, "x0": x0 + i * size, "x1": x0 + (i + 1) * size, "top": top,
             "bottom": top + size, "size": size, "fontname": font} for i, char in enumerate(text)]


def column_x(index: int) -> float:
    return LEFT + index * (COLUMN + GUTTER)


def body_lines(text: str, column: int, top: float, indent: bool = True) -> tuple[list[dict], float]:
    """`text` set in one column from `top` (indented two characters when `indent`); returns the
    characters and the top of the next line."""
    chars, per_line, first = [], int(COLUMN // BODY), indent
    while text:
        room = per_line - (2 if first else 0)
        piece, text = text[:room], text[room:]
        chars += printed(piece, column_x(column) + (2 * BODY if first else 0), top)
        top += LEADING
        first = False
    return chars, top


def page_with_a_lead_story() -> tuple[list[dict], str, str]:
    """Two columns: story A fills their tops (its sentence broken by the column break), the lead
    story's kicker, headline and subheadline run across both, its text fills both below."""
    a_text = "衡阳晚报讯 本市今天召开全市安全生产工作会议，会议要求各地各部门压实责任，" \
             "扎实做好岁末年初各项安全防范工作。会议指出，" * 2
    chars = printed("全市安全生产会议", column_x(0), 40.0, HEAD, bold=True)
    half = len(a_text) // 2
    first, top = body_lines(a_text[:half], 0, 70.0)
    second, _ = body_lines(a_text[half:], 1, 40.0, indent=False)
    chars += first + second
    lead_top = max(top, 200.0) + 20.0
    chars += printed("聚焦高质量发展", column_x(0) + 60, lead_top, 14.0, bold=True)
    chars += printed("湘南物流枢纽建设全面提速", column_x(0) + 40, lead_top + 22, HEAD, bold=True)
    chars += printed("年内新开三条货运班列", column_x(0) + 80, lead_top + 50, 14.0, bold=True)
    b_text = "衡阳晚报讯 记者从市发改委获悉，湘南物流枢纽项目今年完成投资超过预期，" \
             "多式联运通道日益完善，" * 2
    b_half = len(b_text) // 2
    b_first, _ = body_lines(b_text[:b_half], 0, lead_top + 80)
    b_second, _ = body_lines(b_text[b_half:], 1, lead_top + 80, indent=False)
    return chars + b_first + b_second, a_text, b_text


def test_a_headline_across_columns_is_read_after_what_stands_above_it():
    chars, a_text, b_text = page_with_a_lead_story()
    lines = [line for line in extract(chars, 842.0, 1191.0).text.splitlines() if line]
    assert lines == [
        "# 全市安全生产会议", a_text,
        "## 聚焦高质量发展", "# 湘南物流枢纽建设全面提速", "## 年内新开三条货运班列", b_text,
    ]


def test_the_lead_story_parses_as_one_article_with_its_heads():
    chars, _, b_text = page_with_a_lead_story()
    page = parse_page(extract(chars, 842.0, 1191.0).text.encode(), "lead.pdf")
    titles = [(a.kicker, a.title, a.subtitle) for a in page.articles]
    assert ("聚焦高质量发展", "湘南物流枢纽建设全面提速", "年内新开三条货运班列") in titles
    lead = next(a for a in page.articles if a.title == "湘南物流枢纽建设全面提速")
    assert lead.dateline.startswith("衡阳晚报讯")  # the first paragraph's, across the column break
    assert "".join(lead.paragraphs).replace(" ", "") == b_text.replace("衡阳晚报讯 ", "", 1).replace(" ", "")
