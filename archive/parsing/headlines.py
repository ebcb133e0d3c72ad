"""A headline block's lines → kicker (引题), title (主题), subtitle (副题) and column label.

The roles are read from what each line signals: a `#` mark is the title; a line ending
with —— or ： is a kicker; a line that names people and what they did (李强主持) is a
subtitle; 【…】, an even label (学党史 悟思想) or a series name (两会特别报道) is the column,
above the block or after it. A title printed over two lines is one title: two successive `#`
lines, or two unmarked lines of which one is too short, or ends too openly, to stand alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import people
from .lines import Label, Line
from .text import ends_clause

_KICKER_END = ("——", "—", ":", "：")
_LABEL = re.compile(r"[\u4e00-\u9fff]{2,5}(?: [\u4e00-\u9fff]{2,5})+")
_BRACKETED = re.compile(r"^[【\[〔](?P<label>[^】\]〕]{2,20})[】\]〕]$")
# Names of series and columns: 两会特别报道, 奋力建设现代化新衡阳, 学习贯彻…进行时, 一线传真.
_COLUMN_WORDS = re.compile(r"(?:特别报道|系列报道|专题报道|专栏|专题|特刊|进行时|在行动|一线|传真|观察|巡礼"
                           r"|纪实|访谈|走笔|现场直击|面对面|看变化|新气象|新作为|大家谈|你我他|新征程|新衡阳|新时代)$"
                           r"|^(?:奋力|聚焦|喜迎|庆祝|学习贯彻|奋进|践行|礼赞|迎接|牢记|奋斗|关注)")
# A first line that cannot end a title: it stops on a word that needs what follows.
_OPEN_END = re.compile(r"(?:[的在与和及为对把将向让从是以于之、]|推动|加快|打造|助力|实现|建设|迎来|开展|推进"
                       r"|确保|全力|奋力)$")
_DANGLING_MAX = 5
# A first line that is only a place or body: the subject of a title continued on the next line.
_SUBJECT_ONLY = re.compile(r"[\u4e00-\u9fff]{1,8}(?:省|市|县|区|镇|乡|村|街道|社区|高新区|开发区|园区|局|厅|委|院|校"
                           r"|公司|集团|中心|医院|大学|学校)")
TWO_LINE_TITLE = "标题由两行无标记文字推断"


@dataclass
class Headline:
    kicker: str = ""
    title: str = ""
    subtitle: str = ""
    column: str = ""
    warnings: list[str] = field(default_factory=list)


def headline_like(line: Line) -> bool:
    """A line that can be part of a headline block: short and without closing punctuation."""
    if line.label == Label.ORIGINAL:
        return True
    if not line.is_text or line.credit:
        return False
    text = line.text
    if not text or len(text) > (100 if line.marked else 64) or "。" in text:
        return False
    if text.endswith(_KICKER_END):
        return True
    if text[-1] in "！？!?":
        return len(text) <= 30
    return not ends_clause(text)


def is_column(text: str) -> bool:
    """A column label on its own line: 【两会特别报道】, an even label, or a series name."""
    return bool(_BRACKETED.match(text)) or _even_label(text) or (
        len(text) <= 12 and not re.search(r"[，,、：:“”]", text) and bool(_COLUMN_WORDS.search(text))
        and not people.looks_like_byname(text))


def split_headline(lines: list[Line]) -> Headline:
    """Kicker, title, subtitle and column of a headline block (see the module docstring)."""
    lines = [line for line in lines if line.label != Label.ORIGINAL]
    columns: list[str] = []
    while len(lines) > 1 and _column_above(lines):
        columns.append(_unbracket(lines[0].text))
        lines = lines[1:]
    after = _column_after(lines)
    lines = lines[: len(lines) - len(after)]
    columns.extend(_unbracket(line.text) for line in after)
    column = " ".join(columns)
    if not lines:
        return Headline(column=column)
    levels = [_level(line) for line in lines]
    warnings: list[str] = []
    if any(levels):
        top = min(level for level in levels if level)
        at = levels.index(top)
        end = at + 1
        while end < len(lines) and levels[end] == top and not lines[end].text.startswith("—"):
            end += 1
    else:
        signals = [_signal(line.text) for line in lines]
        candidates = [i for i, s in enumerate(signals) if s == ""] \
            or [i for i, s in enumerate(signals) if s != "kicker"]
        at = candidates[0] if candidates else len(lines) - 1
        end = at + 1
        if end < len(lines) and signals[end] == "" and _dangles(lines[at].text, lines[end].text):
            end += 1
            warnings.append(TWO_LINE_TITLE)
        elif signals == ["", ""]:
            warnings.append(TWO_LINE_TITLE)  # two bare lines: which one is the title was a guess
    title = _join([line.text for line in lines[at:end]])
    return Headline(
        kicker=" ".join(line.text for line in lines[:at]),
        title=title,
        subtitle=" ".join(line.text for line in lines[end:]),
        column=column,
        warnings=warnings,
    )


def _level(line: Line) -> int:
    """The heading level of a `#` line (1 for #, 2 for ##), 0 for an unmarked line."""
    return len(line.raw.lstrip()) - len(line.raw.lstrip().lstrip("#")) if line.marked else 0


def _dangles(first: str, second: str) -> bool:
    """True when two lines are one title cut in two.

    The first line is only the title's subject (衡阳高新区 / 衡南县), or stops on a word that
    needs what follows (…推动 / …的), or the second is too short to stand alone (稳中向好).
    A complete phrase of its own (新年第一天) is a kicker, not half a title.
    """
    if is_column(first) or is_column(second):
        return False
    return bool(_SUBJECT_ONLY.fullmatch(first)) or len(second) <= _DANGLING_MAX - 1 \
        or bool(_OPEN_END.search(first))


def _join(parts: list[str]) -> str:
    """A title's lines as one: a short or open part runs on (衡阳高新区打造… / …稳中向好), others keep a space."""
    out = parts[0]
    for part in parts[1:]:
        runs_on = len(out) <= _DANGLING_MAX or len(part) < _DANGLING_MAX or _OPEN_END.search(out)
        out += ("" if runs_on else " ") + part
    return out


def _unbracket(text: str) -> str:
    match = _BRACKETED.match(text)
    return match.group("label") if match else text


def _column_above(lines: list[Line]) -> bool:
    """The first line of a block is a column label: bracketed, a series name, or above a kicker."""
    first, second = lines[0].text, lines[1].text
    if first.endswith(_KICKER_END) or lines[0].marked:
        return False
    if _BRACKETED.match(first) or _even_label(first):
        return True
    return is_column(first) and (second.endswith(_KICKER_END) or lines[1].marked or len(lines) > 2)


def _column_after(lines: list[Line]) -> list[Line]:
    """The running column label that closes a headline block (two label lines, or one even line)."""
    if not lines:
        return []
    last = lines[-1].text
    if _BRACKETED.match(last) and len(lines) > 1:
        return [lines[-1]]
    if not _LABEL.fullmatch(last) or people.looks_like_byname(last):
        return []
    group = [lines[-1]]
    while len(lines) > len(group) and lines[-len(group) - 1].no == group[0].no - 1 \
            and _LABEL.fullmatch(lines[-len(group) - 1].text):
        group.insert(0, lines[-len(group) - 1])
    return group if len(group) >= 2 or (len(lines) > 1 and _even_label(group[0].text)) else []


def _signal(text: str) -> str:
    if text.endswith(_KICKER_END):
        return "kicker"
    if people.looks_like_byname(text):
        return "subtitle"
    return ""


def _even_label(text: str) -> bool:
    """A one-line column label: two or more groups of the same 3–4 characters (守初心 担使命)."""
    parts = text.split()
    sizes = {len(part) for part in parts}
    return len(parts) >= 2 and len(sizes) == 1 and sizes <= {3, 4}
