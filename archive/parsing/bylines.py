"""Who wrote or photographed an item, and where and when it was filed: bylines, datelines, credits.

The papers print the same facts in many places: inside the dateline (本报讯（记者 X 通讯员 Y）,
新华社北京3月5日电（记者 X）), on a ■ line of their own under the headline, after the body
((记者 X) / 记者 X 通讯员 Y 报道), and at the end of a caption (…。■本报记者 X 摄). This module
reads each form into the same Reporter list; it never decides where an item begins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import people
from .result import Reporter
from .text import strip_marks

BULLETS = "■□●◆▲"
_ROLE = (r"(?:本报|本台|本刊)?(?:全媒体|融媒体|融媒)?(?:首席|特派|特约|驻站|见习|实习|摄影)?记者"
         r"|(?:本报|特约)?通讯员|实习生|见习生|摄影|摄像|编辑")
# A role, optionally after the medium it works for (衡阳晚报全媒体记者).
_ROLE_AT = re.compile(r"(?:(?!本报)[\u4e00-\u9fff]{2,6}?(?:日报|晚报|报社))?(?P<role>" + _ROLE + ")")
# Who files a dateline: this paper, a wire service, another paper or a news site.
_MEDIUM = (r"本报|本台|新华社|中新社|中新网|人民网|新华网|央视网|红网|"
           r"[\u4e00-\u9fff]{2,6}?(?:日报|晚报|晨报|时报|商报|都市报|在线|新闻网|客户端|融媒体中心|电视台)")
_DATELINE = re.compile(
    r"^(?:据)?(?P<label>(?P<paper>" + _MEDIUM + r")"
    r"(?P<place>(?:(?![社通记者报讯电])[\u4e00-\u9fff]){0,8}?)(?P<date>\d{1,2}月\d{1,2}日)?"
    r"(?P<place2>(?:(?![社通记者报讯电])[\u4e00-\u9fff]){0,8}?)(?P<end>[讯电]))"
    r"\s*(?:[（(](?P<by>[^（()）]{2,60})[）)])?\s*(?P<rest>.*)$"
)
# A dateline runs straight into the lead only after these; otherwise 国家电网衡阳供电公司… would be one.
_LEAD_START = re.compile(r"^(?:\d|近日|日前|昨天|昨日|今天|今日|前不久|连日来|近期|当天|为|在|据|记者|[（(【\[“])")
_WIRES = ("新华社", "中新社", "人民网", "新华网", "中新网", "央视网", "本报", "本台")
# 本报讯 记者 王某 通讯员 李某 报道：3月5日… — a byline printed unbracketed after the dateline.
_OPEN_BYLINE = re.compile(r"^(?P<by>(?:" + _ROLE + r")[^。，,：:]{2,40}?)\s*"
                          r"(?P<end>报道\s*[：:]?|(?=\d{1,2}月|近日|日前|昨天|昨日|今天|今日))\s*(?P<rest>.*)$")
# 文/图 本报记者 X, 文/本报记者 X 图/通讯员 Y: who wrote and who photographed, one byline.
_TEXT_PHOTO = re.compile(r"(?:^|(?<=\s))(?:(?:文/图|图/文)[:：]?|[文图]\s*[/／:：])\s*")
# 谢军 摄 — a photographer's name alone before 摄 on its own line.
_BARE_CREDIT = re.compile(r"^[\u4e00-\u9fff]{2,3}(?:[ 、\u3000][\u4e00-\u9fff]{2,3})*\s+摄影?$")
_CREDIT = re.compile(r"^(?P<spec>.+?)\s*/?\s*(?:摄影报道|摄影|摄)\s*$")
# A credit printed at the end of its caption: …感受湖湘文化。■本报记者 X 摄 / …。（通讯员 Y 摄）
_TRAILING_CREDIT = re.compile(r"(?<=[。！？!?”])\s*(?P<credit>[■□●◆▲][^■□●◆▲。]{2,40}?摄影?"
                              r"|[（(][^（()）。]{2,40}?摄影?[）)])\s*$")
# A byline printed after the body: (记者 X) / （记者 X 通讯员 Y） / 记者 X 通讯员 Y 报道
_TRAILING_BYLINE = re.compile(r"^(?:[（(](?P<in>[^（()）]{2,50})[）)]|(?P<bare>[^（()）。，,]{2,50}?)\s*报道)$")
# …取得实效。（记者 王某） — the same at the end of the last paragraph.
_BYLINE_AT_END = re.compile(r"(?<=[。！？!?”])\s*[（(](?P<in>[^（()）]{2,50})[）)]\s*$")
_COMMENTATOR = re.compile(r"^[■□●◆▲]?\s*(?:本报|本台|[\u4e00-\u9fff]{2,4}(?:日报|晚报))?(?:特约)?评论员"
                          r"(?:\s+[\u4e00-\u9fff]{2,4})?$")
_NOT_NAMES = frozenset("看到 了解 获悉 发现 采访 走访 来到 从 在 获知 注意 调查 近日 日前 昨天 今天".split())


@dataclass
class Dateline:
    """The 讯 line: label as printed, paper and place named in it, and what follows it."""

    label: str
    paper: str
    place: str = ""
    month_day: str = ""
    byline: str = ""
    reporters: list[Reporter] = field(default_factory=list)
    rest: str = ""


@dataclass(frozen=True)
class Credit:
    """A photo credit found in a line: the caption before it (if any), the credit as printed, its people."""

    caption: str
    text: str
    reporters: list[Reporter]


def _names(token_run: str, spaced: bool) -> list[str] | None:
    """The names of one run of text after a role, or None when it is not names.

    A byline frames its names so strongly that a two- or three-character token set off by a
    space is a name whatever its surname (资, 禤 …); run-together names need the surname rules.
    """
    tokens = [t for t in re.split(r"[\s、，,/]+", token_run) if t]
    if not tokens:
        return None
    found: list[str] = []
    for token in tokens:
        if not re.fullmatch(r"[\u4e00-\u9fff·]{2,12}", token) or token in _NOT_NAMES:
            return None
        names = people.split_run(token)
        if not names and (spaced or len(tokens) > 1) and len(token) in (2, 3) and people.plausible(token):
            names = [token]
        if not names:
            return None
        found.extend(names)
    return found


def parse_reporters(spec: str) -> list[Reporter] | None:
    """Reporters of a byline (全媒体记者 周敏 / 通讯员 罗小兰 见习记者 何晓蓉 / 记者杨帆张珺), or None.

    None when the text is not a byline: it must open with a role and every name after a
    role must look like a name.
    """
    spec = spec.strip().lstrip(BULLETS).strip()
    spec = re.sub(r"^[（(]|[）)]$", "", spec).strip()
    spec = _TEXT_PHOTO.sub(" ", spec).strip()
    roles = list(_ROLE_AT.finditer(spec))
    if not roles or roles[0].start() != 0:
        return None
    found: list[Reporter] = []
    for i, match in enumerate(roles):
        end = roles[i + 1].start() if i + 1 < len(roles) else len(spec)
        run = spec[match.end():end]
        names = _names(run, spaced=run[:1].isspace())
        if names is None:
            return None
        found.extend(Reporter(name=name, role=match.group("role")) for name in names)
    return found


def parse_dateline(line: str) -> Dateline | None:
    """The dateline at the start of a line (**衡阳晚报讯** (全媒体记者 周敏) 10月25—26日,…), or None."""
    clean = line.replace("**", "").strip().lstrip(BULLETS).strip()
    match = _DATELINE.match(clean)
    if not match:
        return None
    after = clean[match.end("end"):]
    paper = match.group("paper")
    if after[:1] and re.match(r"[\u4e00-\u9fff]", after[:1]) and not _LEAD_START.match(after) \
            and not (match.group("end") == "讯" and (paper in _WIRES or paper.endswith("报"))):
        return None
    dateline = Dateline(label=match.group("label"), paper=paper,
                        place=match.group("place") or match.group("place2") or "",
                        month_day=match.group("date") or "", rest=match.group("rest").strip())
    if match.group("by"):
        opened, closed = match.start("by") - 1, match.end("by") + 1
        reporters = parse_reporters(match.group("by"))
        if reporters is None:
            dateline.rest = clean[opened:].strip()
        else:
            dateline.reporters = reporters
            dateline.byline = clean[opened:closed]
    else:
        open_byline = _OPEN_BYLINE.match(dateline.rest)
        reporters = parse_reporters(open_byline.group("by")) if open_byline else None
        if reporters:
            dateline.reporters = reporters
            parts = (open_byline.group("by").strip(), open_byline.group("end").strip())
            dateline.byline = " ".join(part for part in parts if part)
            dateline.rest = open_byline.group("rest").strip()
    return dateline


def parse_credit(plain: str) -> Credit | None:
    """A photo credit line (■本报记者 X 摄), or a caption ending with one (…文化。■本报记者 X 摄)."""
    credit = _CREDIT.match(plain)
    if credit and (plain[0] in BULLETS or _ROLE_AT.match(plain) or plain[0] in "（(" or _BARE_CREDIT.match(plain)):
        reporters = _credit_people(credit.group("spec"))
        if reporters:
            return Credit("", plain, reporters)
    tail = _TRAILING_CREDIT.search(plain)
    if tail:
        text = tail.group("credit").strip("（()）")
        match = _CREDIT.match(text)
        reporters = _credit_people(match.group("spec")) if match else None
        if reporters:
            return Credit(plain[: tail.start()].rstrip(), text, reporters)
    return None


def _credit_people(spec: str) -> list[Reporter] | None:
    """Who a credit names: with roles (本报记者 X), or bare after a ■ (■王某 摄 → role 摄)."""
    reporters = parse_reporters(spec)
    if reporters:
        return reporters
    bare = spec.strip().lstrip(BULLETS).strip().strip("（()）")
    names = _names(bare, spaced=True)
    return [Reporter(name=name, role="摄") for name in names] if names else None


def parse_byline_line(plain: str) -> list[Reporter] | None:
    """A line that is only a byline (■本报记者 X 实习生 Y / 通讯员 Z, ■本报评论员), or None.

    A commentary signed by the paper's commentator names nobody: its byline has no reporters.
    """
    if len(plain) > 60:
        return None
    if _COMMENTATOR.match(plain):
        return []
    return parse_reporters(plain)


def parse_trailing_byline(plain: str) -> list[Reporter] | None:
    """A byline printed after the body, alone on its line: (记者 X) / 记者 X 通讯员 Y 报道."""
    match = _TRAILING_BYLINE.match(plain.strip().lstrip(BULLETS).strip())
    if not match:
        return None
    return parse_reporters(match.group("in") or match.group("bare"))


def split_byline_at_end(paragraph: str) -> tuple[str, str, list[Reporter]]:
    """(text, byline, reporters) of a paragraph that ends with its byline (…实效。（记者 王某））."""
    match = _BYLINE_AT_END.search(paragraph)
    reporters = parse_reporters(match.group("in")) if match else None
    if not reporters:
        return paragraph, "", []
    return paragraph[: match.start()].rstrip(), strip_marks(match.group(0)), reporters
