"""A page PDF's text layer → the extracted-text form the parser reads (one parser for both).

The papers' own extractor wrote each paragraph as one line, blank lines between paragraphs,
`#` before the largest headline lines, `##` before the next size, and `**…**` around bold runs
inside body text (衡阳晚报讯). This reader writes the same form from the characters' positions,
sizes and font names: lines are rows of characters within a column (columns are the gaps in
the page's text, found from the lines themselves), read column by column, top to bottom, a
headline set across columns read after what they print above it and before what is below; a
paragraph goes on across a line or column break unless the next line is indented, follows a
short line or extra space, or changes size. So a sentence a column break splits is joined.

Every paragraph keeps the boxes of the printed lines it came from, so an article's lines in the
text give its region on the page.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

BOLD_MARKS = ("bold", "heavy", "black", "semibold", "demi")
HEADLINE_RATIO = 1.9  # a line this many times the body size or more is a `#` headline
SUBHEAD_RATIO = 1.3  # … this many times, a `##` one


class PdfRefused(Exception):
    """A PDF the archive cannot read, with the reason to show the person loading it."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


Box = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points from the top left


@dataclass
class PrintedLine:
    """One printed line: its characters in order, where it is, its size and bold flags."""

    text: str
    box: Box
    size: float
    bold: list[bool]

    @property
    def x0(self) -> float:
        return self.box[0]

    @property
    def x1(self) -> float:
        return self.box[2]


@dataclass
class Paragraph:
    level: int  # 0 body, 1 `#`, 2 `##`
    pieces: list[tuple[str, list[bool]]] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    tight: bool = False  # starts on the next line without extra space (no blank line before it)

    def text(self) -> str:
        chars = [(c, b) for text, bold in self.pieces for c, b in zip(text, bold, strict=True)]
        if self.level:
            return "#" * self.level + " " + "".join(c for c, _ in chars).strip()
        out, in_bold = [], False
        for char, bold in chars:
            bold = bold and (in_bold or not char.isspace())
            if bold != in_bold:
                out.append("**")
                in_bold = bold
            out.append(char)
        if in_bold:
            out.append("**")
        return "".join(out)


@dataclass
class ExtractedPage:
    """The page's text in the parser's form, and for each text line (1-based) its printed boxes."""

    text: str
    line_boxes: dict[int, list[Box]]
    width: float
    height: float


def read_page_pdf(path: Path) -> ExtractedPage:
    """Read a one-page PDF's text layer; PdfRefused for a scan, a broken file or several pages."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    try:
        with pdfplumber.open(path) as pdf:
            if len(pdf.pages) != 1:
                raise PdfRefused(f"PDF 有 {len(pdf.pages)} 页：每个文件应是一个版面（一页）")
            page = pdf.pages[0]
            chars = [c for c in page.chars if c["text"]]
            width, height = float(page.width), float(page.height)
    except PdfRefused:
        raise
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
        raise PdfRefused(f"无法读取 PDF：{exc}") from exc
    except Exception as exc:  # pdfminer raises bare Exceptions for some damaged files
        if type(exc).__module__.startswith(("pdfminer", "pdfplumber")):
            raise PdfRefused(f"无法读取 PDF：{exc}") from exc
        raise
    if not any(not c["text"].isspace() for c in chars):
        raise PdfRefused("PDF 没有文字层（扫描件）：本档案不做文字识别（OCR），请提供带文字层的版面 PDF")
    return extract(chars, width, height)


def extract(chars: list[dict], width: float, height: float) -> ExtractedPage:
    """The text form from pdfplumber's character dicts (text, x0, x1, top, bottom, size, fontname)."""
    lines = _lines(chars)
    body = _body_size(lines)
    paragraphs: list[Paragraph] = []
    for column in _reading_order(lines, body):
        _read_column(column, body, paragraphs)
    text_lines: list[str] = []
    boxes: dict[int, list[Box]] = {}
    for paragraph in paragraphs:
        if text_lines and not paragraph.tight:
            text_lines.append("")
        text_lines.append(paragraph.text())
        boxes[len(text_lines)] = paragraph.boxes
    return ExtractedPage("\n".join(text_lines) + "\n", boxes, width, height)


def _lines(chars: list[dict]) -> list[PrintedLine]:
    """Rows of characters of one size, split where a gap wider than a character opens (a gutter)."""
    rows: list[list[dict]] = []
    for char in sorted(chars, key=lambda c: (round(c["bottom"], 1), c["x0"])):
        row = rows[-1] if rows else None
        if row and abs(row[0]["bottom"] - char["bottom"]) <= 0.25 * char["size"]:
            row.append(char)
        else:
            rows.append([char])
    lines = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        run = [row[0]]
        for char in row[1:]:
            if char["x0"] - run[-1]["x1"] > 0.9 * max(char["size"], run[-1]["size"]) or (
                abs(char["size"] - run[-1]["size"]) > 0.5 and not char["text"].isspace()
                and not run[-1]["text"].isspace()
            ):
                lines.append(_line(run))
                run = [char]
            else:
                run.append(char)
        lines.append(_line(run))
    return [line for line in lines if line.text.strip()]


def _line(run: list[dict]) -> PrintedLine:
    box = (min(c["x0"] for c in run), min(c["top"] for c in run),
           max(c["x1"] for c in run), max(c["bottom"] for c in run))
    size = max(c["size"] for c in run if not c["text"].isspace()) if run else 0.0
    bold = [any(mark in c.get("fontname", "").lower() for mark in BOLD_MARKS) for c in run]
    return PrintedLine("".join(c["text"] for c in run), box, round(size, 1), bold)


def _body_size(lines: list[PrintedLine]) -> float:
    """The size most of the page's characters are set in."""
    counts = Counter()
    for line in lines:
        counts[line.size] += len(line.text)
    return counts.most_common(1)[0][0]


def _level(line: PrintedLine, body: float) -> int:
    if line.size >= HEADLINE_RATIO * body:
        return 1
    return 2 if line.size >= SUBHEAD_RATIO * body else 0


def _spans(lines: list[PrintedLine], body: float) -> list[list[float]]:
    """The x ranges the lines fill, left to right: the gaps between them are gutters no line crosses."""
    spans: list[list[float]] = []
    for x0, x1 in sorted((line.x0, line.x1) for line in lines):
        if spans and x0 <= spans[-1][1] + 0.5 * body:
            spans[-1][1] = max(spans[-1][1], x1)
        else:
            spans.append([x0, x1])
    return spans


def _reading_order(lines: list[PrintedLine], body: float) -> list[list[PrintedLine]]:
    """The lines as runs to read top to bottom, the runs in reading order.

    Columns are read left to right. A headline set across several columns of body text (over
    the article beneath it, as e-papers print a lead story) crosses their gutter, so the
    columns show only in the body text: what those columns print above the headline is read
    first, then the headline with the heads next to it, then what they print below it.
    """
    spans = _spans(lines, body)
    if len(spans) > 1:
        groups: list[list[PrintedLine]] = [[] for _ in spans]
        for line in lines:
            groups[next(i for i, (x0, x1) in enumerate(spans) if x0 <= line.x0 <= x1)].append(line)
        return [run for group in groups for run in _reading_order(group, body)]
    text_spans = _spans([line for line in lines if not _level(line, body)], body)
    wide = [line for line in lines if sum(line.x0 < x1 and line.x1 > x0 for x0, x1 in text_spans) > 1]
    if not wide:
        return [sorted(lines, key=lambda line: line.box[1])]
    head = _head_block(lines, min(wide, key=lambda line: line.box[1]), body)
    top = min(line.box[1] for line in head)
    taken = {id(line) for line in head}
    above = [line for line in lines if id(line) not in taken and line.box[3] <= top + 0.3 * body]
    taken |= {id(line) for line in above}
    below = [line for line in lines if id(line) not in taken]
    ordered = _reading_order(above, body) if above else []
    ordered.append(sorted(head, key=lambda line: line.box[1]))
    return ordered + (_reading_order(below, body) if below else [])


def _head_block(lines: list[PrintedLine], first: PrintedLine, body: float) -> list[PrintedLine]:
    """`first` (a headline across columns) and the heads set close above or below it within its
    width: a kicker over it, a second headline line, a subheadline under it."""
    block = [first]
    grown = True
    while grown:
        grown = False
        left, right = min(line.x0 for line in block), max(line.x1 for line in block)
        top, bottom = min(line.box[1] for line in block), max(line.box[3] for line in block)
        for line in lines:
            outside = line.x0 < left - body or line.x1 > right + body
            if outside or not _level(line, body) or any(line is kept for kept in block):
                continue
            if line.box[3] <= top and top - line.box[3] <= line.size or (
                line.box[1] >= bottom and line.box[1] - bottom <= line.size
            ):
                block.append(line)
                grown = True
    return block


def _read_column(column: list[PrintedLine], body: float, paragraphs: list[Paragraph]) -> None:
    left = min(line.x0 for line in column)
    right = max(line.x1 for line in column)
    previous: PrintedLine | None = None
    for line in column:
        level = _level(line, body)
        current = paragraphs[-1] if paragraphs else None
        size = max(line.size, body)
        if current is None or current.level != level:
            starts, tight = True, False
        elif previous is None:  # the top of a column: body text goes on, a headline starts anew
            starts, tight = bool(level) or line.x0 > left + 0.8 * size, False
        else:
            gap = line.box[1] - previous.box[3]
            spaced = gap > 0.8 * size
            short = previous.x1 < right - 1.5 * size
            indented = not level and line.x0 > left + 0.8 * size
            starts, tight = spaced or short or indented, not spaced
        if starts:
            current = Paragraph(level, tight=tight and bool(paragraphs))
            paragraphs.append(current)
        current.pieces.append((line.text, line.bold))
        current.boxes.append(tuple(round(v, 1) for v in line.box))
        previous = line

