"""First pass over a page: every non-blank line gets a label from what it is on its own.

Furniture, datelines, bylines, photo credits, jump markers and 原标题 lines can be told
from the line itself (and, for index and weather boxes, the box heading above it). The
rest is TEXT here; `labels.py` then decides from its neighbours whether a TEXT line is a
headline, body or caption line. Nothing in this module groups lines into items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from . import bylines, furniture
from .bylines import Dateline
from .result import Reporter
from .text import is_marked, split_jumps, strip_marks

_ORIGINAL = re.compile(r"^原标题\s*[:：]\s*(?P<title>.+)$")
_MAX_BOX_LINES = 12


class Label(StrEnum):
    FURNITURE = "furniture"
    BOX = "box"  # a box label (简讯, 图片新闻): furniture that also says how the box is laid out
    DATELINE = "dateline"
    BYLINE = "byline"
    CREDIT = "credit"
    JUMP = "jump"
    ORIGINAL = "original"
    TEXT = "text"  # decided in labels.py:
    HEADLINE = "headline"
    BODY = "body"
    CAPTION = "caption"


@dataclass
class Line:
    """One non-blank line of the page and what it is."""

    no: int  # 1-based line number in the page text
    raw: str
    label: Label
    furniture: str = ""  # the furniture kind (furniture.MASTHEAD …) of FURNITURE and BOX lines
    box: str = ""  # furniture.BRIEFS / PHOTOS for a BOX line
    dateline: Dateline | None = None
    reporters: list[Reporter] = field(default_factory=list)
    credit: str = ""  # a credit or byline printed inside the line, as printed
    caption: str = ""  # the caption text before a credit on the same line
    trailing: bool = False  # a byline in the form printed after a body: (记者 X) / … 报道
    original: str = ""  # the title of a 原标题：… line

    @cached_property
    def text(self) -> str:
        """The line as a headline: marks gone, white space collapsed."""
        return strip_marks(self.raw)

    @property
    def body(self) -> str:
        """The line as body text: marks and any byline at its end gone, inner white space kept."""
        text = re.sub(r"^#+\s*", "", self.raw.strip()).replace("**", "").strip()
        if self.label in (Label.CREDIT, Label.CAPTION) and self.caption:
            return self.caption
        if self.credit and self.label in (Label.TEXT, Label.BODY, Label.HEADLINE):
            return bylines.split_byline_at_end(text)[0]
        return text

    @property
    def marked(self) -> bool:
        return is_marked(self.raw)

    @property
    def is_text(self) -> bool:
        return self.label in (Label.TEXT, Label.HEADLINE, Label.BODY, Label.CAPTION)


def classify(text: str) -> list[Line]:
    """The page's non-blank lines, each with the label it has on its own."""
    lines = [_classify_line(no, raw.rstrip("\r")) for no, raw in enumerate(text.split("\n"), start=1)
             if raw.strip()]
    _mark_boxes(lines)
    return lines


def _classify_line(no: int, raw: str) -> Line:
    plain = strip_marks(raw)
    kind = furniture.line_kind(plain)
    if kind == furniture.LABEL:
        return Line(no, raw, Label.BOX, furniture=kind, box=furniture.box_of(plain))
    if kind:
        return Line(no, raw, Label.FURNITURE, furniture=kind)
    dateline = bylines.parse_dateline(raw)
    if dateline:
        return Line(no, raw, Label.DATELINE, dateline=dateline, reporters=dateline.reporters)
    credit = bylines.parse_credit(plain)
    if credit:
        return Line(no, raw, Label.CREDIT, reporters=credit.reporters, credit=credit.text, caption=credit.caption)
    trailing = bylines.parse_trailing_byline(plain)
    if trailing:
        return Line(no, raw, Label.BYLINE, reporters=trailing, credit=plain, trailing=True)
    reporters = bylines.parse_byline_line(plain)
    if reporters is not None:
        return Line(no, raw, Label.BYLINE, reporters=reporters, credit=plain)
    original = _ORIGINAL.match(plain)
    if original:
        return Line(no, raw, Label.ORIGINAL, original=original.group("title"))
    rest, to, source = split_jumps(plain)
    if (to or source) and not rest:
        return Line(no, raw, Label.JUMP)
    _, byline, at_end = bylines.split_byline_at_end(plain)
    if at_end:
        return Line(no, raw, Label.TEXT, reporters=at_end, credit=byline, trailing=True)
    return Line(no, raw, Label.TEXT)


def _mark_boxes(lines: list[Line]) -> None:
    """Lines under an index heading (要闻导读) or a weather heading (天气预报) are that box's furniture.

    An index box goes on while its lines name a page (…第二版 / ▶A2), a line without one
    belonging to it only when the next line is its page reference; without a heading, two or
    more adjacent lines that end with a page reference are an index box too.
    """
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.label != Label.TEXT:
            i += 1
            continue
        if furniture.is_index_head(line.text):
            line.label, line.furniture = Label.FURNITURE, furniture.INDEX
            i = _take_box(lines, i + 1, _index_line)
            continue
        if furniture.is_weather_head(line.text):
            line.label, line.furniture = Label.FURNITURE, furniture.WEATHER
            i = _take_box(lines, i + 1, lambda ls, k: furniture.is_weather(ls[k].text, in_box=True), furniture.WEATHER)
            continue
        if furniture.has_page_ref(line.text) and i + 1 < len(lines) and lines[i + 1].label == Label.TEXT \
                and furniture.has_page_ref(lines[i + 1].text) and not line.text.endswith("。"):
            i = _take_box(lines, i, _index_line)
            continue
        i += 1


def _index_line(lines: list[Line], k: int) -> bool:
    text = lines[k].text
    if furniture.has_page_ref(text):
        return True
    return len(text) <= 40 and k + 1 < len(lines) and lines[k + 1].label == Label.TEXT \
        and furniture.has_page_ref(lines[k + 1].text) and not re.search(r"[。！？]$", text)


def _take_box(lines: list[Line], start: int, belongs, kind: str = furniture.INDEX) -> int:
    """Mark lines from start on as furniture of one box while `belongs(lines, k)`; the index after it."""
    k = start
    while k < len(lines) and k - start < _MAX_BOX_LINES and lines[k].label in (Label.TEXT, Label.FURNITURE) \
            and (lines[k].label == Label.FURNITURE or belongs(lines, k)):
        if lines[k].label == Label.TEXT:
            lines[k].label, lines[k].furniture = Label.FURNITURE, kind
        k += 1
    return k
