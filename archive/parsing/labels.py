"""Second pass over a page: TEXT lines become headline, body or caption lines, and items get starts.

A news item starts at its headline block, anchored by the dateline (衡阳晚报讯, 本报讯, 新华社…电)
or ■ byline below it, or — without either — by a paragraph that opens with a date after a
bare headline. A photo is the caption just above a ■…摄 credit (or the caption that ends with
one). Inside a 简讯 box each brief is an item of its own, titled or not; inside a 图片新闻 box
every captioned picture is. Nothing here builds the items: `layout.py` does, from the
starts and labels set here.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from . import furniture
from .headlines import headline_like, is_column
from .lines import Label, Line
from .text import ends_sentence, fold, is_subheading, split_jumps

_BULLETS = "■□●◆▲"
_MAX_HEADLINE_LINES = 6
# A paragraph that opens with when it happened: what follows a bare headline line.
DATE_LEAD = re.compile(r"^(?:(?:19|20)\d{2}年)?\d{1,2}月\d{1,2}日(?:[—–\-~至到、]\d{1,2}日)?"
                       r"(?:上午|下午|晚上|晚间|晚|早上|早晨|中午|凌晨|傍晚)?[，,、 ]"
                       r"|^(?:昨天|昨日|昨晚|今天|今日|近日|日前|近期|连日来|前不久|今年以来|当天)"
                       r"(?:上午|下午|晚上|晚间|晚|早上|中午|凌晨)?[，,]")
# The tail of a report that lost its final 。 (市领导张明、李华出席会议) is no headline line.
_UNPUNCTUATED_CLOSING = re.compile(r"(?:领导|、)[^，,。]{2,40}(?:出席|参加|陪同)"
                                   r"(?:会议|活动|调研|考察|签约仪式|仪式)?$")
_PHOTO_TITLE_MAX = 30


def opens_with_date(paragraph: str) -> bool:
    """True when a paragraph opens with when it happened (3月2日， / 昨天上午，)."""
    return bool(DATE_LEAD.match(fold(paragraph[:40])))


class NewsStart(NamedTuple):
    """Where a news item begins: headline lines are [head, anchor), anchor lines [anchor, body)."""

    head: int
    anchor: int
    body: int
    brief: bool = False


class PhotoStart(NamedTuple):
    """Where a photo item begins: a title line or the caption, and its credit line."""

    head: int
    caption: int
    credit: int


Start = NewsStart | PhotoStart


class _Scan:
    """The state of one pass: the lines, the last line already taken, the box being read."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.floor = -1
        self.box = ""
        self.closed = False  # the item before has plainly ended (a byline after its body)
        self.starts: list[Start] = []


def find_starts(lines: list[Line]) -> list[Start]:
    """The starts of the page's items in printed order; TEXT lines are relabelled on the way."""
    scan = _Scan(lines)
    n = len(lines)
    i = 0
    while i < n:
        line = lines[i]
        if line.label == Label.BOX:
            scan.box, scan.floor, scan.closed = line.box, i, True
            i += 1
            continue
        if scan.box == furniture.PHOTOS and _credits_picture(scan, i):
            line.caption = line.body if line.is_text else ""
            line.label = Label.CREDIT
        if line.label in (Label.DATELINE, Label.BYLINE):
            i = _anchor(scan, i)
            continue
        if line.label == Label.CREDIT:
            _photo(scan, i)
            i += 1
            continue
        if line.is_text:
            if line.marked and scan.box:
                scan.box = ""
            step = _bare_start(scan, i)
            if step is not None:
                i = step
                continue
            if line.credit and line.trailing:
                scan.closed = True
        i += 1
    _label_rest(scan)
    return sorted(scan.starts, key=lambda s: s.head)


def _credits_picture(scan: _Scan, i: int) -> bool:
    """In a 图片新闻 box, a byline without 摄 credits the picture: （本报记者 X） after a caption, or ■本报记者 X."""
    line = scan.lines[i]
    if line.is_text:
        return bool(line.credit and line.trailing)
    before = scan.lines[i - 1] if i - 1 > scan.floor else None
    return line.label == Label.BYLINE and before is not None and before.is_text


def _anchor(scan: _Scan, i: int) -> int:
    """A dateline or byline at i: the item it anchors, with the headline lines above it."""
    lines, n = scan.lines, len(scan.lines)
    line = lines[i]
    if line.label == Label.BYLINE and _after_body(scan, i):
        scan.closed = True  # (记者 X) / ■记者 X after a finished paragraph closes that item
        scan.floor = i
        return i + 1
    j = i
    while line.label == Label.BYLINE and j + 1 < n and lines[j + 1].label == Label.BYLINE:
        j += 1
    if lines[j].label == Label.BYLINE and j + 1 < n and lines[j + 1].label == Label.DATELINE:
        j += 1
    limit = 2 if scan.box == furniture.BRIEFS else _MAX_HEADLINE_LINES
    h = i
    while h - 1 > scan.floor and i - h < limit and headline_like(lines[h - 1]) \
            and not _tail_of_previous(lines, h - 1, scan.floor):
        h -= 1
    if lines[j].label == Label.DATELINE or h < i or lines[i].raw.lstrip().startswith(tuple(_BULLETS)):
        if scan.box == furniture.PHOTOS or (scan.box and i - h > 1):
            scan.box = ""
        _set(lines, h, i, Label.HEADLINE)
        scan.starts.append(NewsStart(h, i, j + 1, brief=scan.box == furniture.BRIEFS))
        scan.floor, scan.closed = j, False
    return j + 1


def _after_body(scan: _Scan, i: int) -> bool:
    """True when the byline at i closes the item above it rather than opening the next one.

    It does when it is printed in the trailing form ((记者 X) / … 报道), or when a finished
    paragraph is above it and a headline line, not the body, follows it.
    """
    lines = scan.lines
    before = lines[i - 1] if i - 1 > scan.floor else None
    if before is None or not before.is_text or not ends_sentence(before.body):
        return False
    if lines[i].trailing:
        return True
    after = lines[i + 1] if i + 1 < len(lines) else None
    return after is None or (after.is_text and headline_like(after))


def _photo(scan: _Scan, c: int) -> None:
    """A credit at c: the caption above it (or in it), and a title line above the caption."""
    lines = scan.lines
    k = c if lines[c].caption else c - 1
    if k > scan.floor and lines[k].is_text or k == c:
        while k - 1 > scan.floor and lines[k - 1].is_text and not ends_sentence(lines[k - 1].body) \
                and not _photo_title(lines, k - 1, k):
            k -= 1
    else:
        k = c
    head = k
    if head - 1 > scan.floor and _photo_title(lines, head - 1, head):
        head -= 1
        lines[head].label = Label.HEADLINE
    _set(lines, k, c, Label.CAPTION)
    scan.starts.append(PhotoStart(head, k, c))
    scan.floor, scan.closed = c, True


def _photo_title(lines: list[Line], t: int, caption: int) -> bool:
    """A short unpunctuated line right above a caption that opens a sentence is the picture's title."""
    line = lines[t]
    return line.is_text and headline_like(line) and len(line.text) <= _PHOTO_TITLE_MAX \
        and not opens_with_date(line.body) and (line.marked or opens_with_date(lines[caption].body)
                                                or lines[caption].label == Label.CREDIT)


def _bare_start(scan: _Scan, i: int) -> int | None:
    """A news item without dateline or byline starting at i (its body's index returned), else None."""
    lines = scan.lines
    if scan.box == furniture.PHOTOS:
        return None
    if scan.box == furniture.BRIEFS and _brief_paragraph(scan, i):
        scan.starts.append(NewsStart(i, i, i, brief=True))
        scan.floor, scan.closed = i - 1, False
        return i + 1
    head, body = i, _bare_headline(scan, i)
    if body is None:
        head, body = _stands_alone(scan, i) or (i, None)
    if body is None or _photo_ahead(lines, body):
        return None
    if scan.box and body - head > 1:
        scan.box = ""
    _set(lines, head, body, Label.HEADLINE)
    scan.starts.append(NewsStart(head, body, body, brief=scan.box == furniture.BRIEFS))
    scan.floor, scan.closed = body - 1, False
    return body


def _brief_paragraph(scan: _Scan, i: int) -> bool:
    """In a 简讯 box, an untitled brief: a paragraph that opens with a bullet or a date after a finished one."""
    lines = scan.lines
    line = lines[i]
    if headline_like(line):
        return False
    opens = line.raw.lstrip().startswith((*_BULLETS, "【")) or opens_with_date(line.body)
    before = lines[i - 1] if i - 1 > scan.floor else None
    return opens and (before is None or not before.is_text or _closed(before))


def _bare_headline(scan: _Scan, i: int) -> int | None:
    """Where the body starts when line i opens an unmarked headline with no dateline, else None.

    Such a headline is one to three short unpunctuated lines that follow a finished paragraph
    (or the top of the page, or a box label) and precede a paragraph that opens with a date
    (3月2日，… / 昨天上午，…), the way a news item without 本报讯 begins. Inside a 简讯 box or
    after an item that has plainly ended, any paragraph may follow the title.
    """
    lines = scan.lines
    line = lines[i]
    if not headline_like(line) or line.label == Label.ORIGINAL or len(line.text) < 4 or is_subheading(line.text) \
            or is_bold(line):
        return None
    before = lines[i - 1] if i - 1 > scan.floor else None
    if before is not None and before.is_text and not _closed(before):
        return None
    j = i + 1
    while j < len(lines) and j - i < 3 and headline_like(lines[j]):
        j += 1
    if j >= len(lines) or not lines[j].is_text or headline_like(lines[j]):
        return None
    free = scan.closed or scan.box == furniture.BRIEFS
    if free and not is_column(line.text):
        return j
    return j if opens_with_date(lines[j].body) else None


def _stands_alone(scan: _Scan, i: int) -> tuple[int, int] | None:
    """A `#` title with no dateline → (headline start, body start), else None.

    It is marked, not an in-article 一、… heading, and follows a finished paragraph; one or
    two unmarked lines just above it are its kicker.
    """
    lines, n = scan.lines, len(scan.lines)
    line = lines[i]
    if not (line.marked and headline_like(line) and len(line.text) >= 4 and not is_subheading(line.text)):
        return None
    before = lines[i - 1] if i - 1 > scan.floor else None
    if not (before is None or not before.is_text or ends_sentence(before.body) or headline_like(before)):
        return None
    j = i + 1
    while j < n and j - i <= 3 and headline_like(lines[j]) and (not lines[j].marked or lines[j - 1].marked):
        j += 1
    if j >= n or not lines[j].is_text:
        return None
    h = i
    while h - 1 > scan.floor and i - h < 2 and headline_like(lines[h - 1]) and not lines[h - 1].marked:
        h -= 1
    return h, j


def _photo_ahead(lines: list[Line], j: int) -> bool:
    """True when the text after a bare headline is one caption ending with a credit: a titled photo."""
    k = j
    while k < len(lines) and k - j < 3 and lines[k].is_text and not ends_sentence(lines[k].body):
        k += 1
    if k < len(lines) and lines[k].label == Label.CREDIT:
        return True
    return k < len(lines) and lines[k].is_text and k + 1 < len(lines) and lines[k + 1].label == Label.CREDIT \
        and not lines[k].credit


def is_bold(line: Line) -> bool:
    """A line printed wholly in bold (**抓项目 促发展**): a sub-heading inside an article, not a headline."""
    raw = line.raw.strip()
    return raw.startswith("**") and raw.endswith("**") and len(raw) > 4


def _closed(line: Line) -> bool:
    """True when a line ends what was before it: a finished sentence or a (下转第2版) marker."""
    text, to, _ = split_jumps(line.body)
    return bool(to) or ends_sentence(text)


def _tail_of_previous(lines: list[Line], k: int, floor: int) -> bool:
    """True when line k, above a headline block, is the last line of the article before it.

    Its final 。 lost, a closing line (市领导张明、李华出席会议) looks like a headline line; it
    is one only when nothing but a finished paragraph could precede it, which is not the case
    when it reads as a list of attending officials.
    """
    return bool(_UNPUNCTUATED_CLOSING.search(lines[k].text)) and k - 1 > floor \
        and lines[k - 1].is_text and not headline_like(lines[k - 1])


def _set(lines: list[Line], start: int, end: int, label: Label) -> None:
    for line in lines[start:end]:
        if line.is_text:
            line.label = label


def _label_rest(scan: _Scan) -> None:
    """Every TEXT line not taken as headline or caption is body text."""
    for line in scan.lines:
        if line.label == Label.TEXT:
            line.label = Label.BODY
