"""Page furniture: what the page prints around its articles and that belongs to none of them.

Mastheads (衡阳日报, 国内统一刊号, 今日8版), running heads and feet (2019年5月8日 星期三 · A1 ·
要闻), staff lines (责任编辑 X 美编 Y), page numbers, index boxes (要闻导读 with 第二版 / A2
references), weather boxes (天气预报, 晴转多云 12℃～20℃) and box labels (简讯, 图片新闻). Each
rule looks at one line, except the two boxes, whose lines are furniture because of the
heading above them. A box label is kept as furniture but also tells the assembly how the
box that follows is laid out (briefs, or several captioned pictures).
"""

from __future__ import annotations

import re

from .text import fold

MASTHEAD, RUNNING_HEAD, STAFF, PAGE_NUMBER, INDEX, WEATHER, LABEL = (
    "masthead", "running_head", "staff", "page_number", "index", "weather", "label")

# What a box label announces to the assembly.
BRIEFS, PHOTOS = "briefs", "photos"

_PAPER = r"[\u4e00-\u9fff]{2,4}(?:日报|晚报)"
_MASTHEAD = re.compile(
    r"^(?:" + _PAPER + r"(?:社出版)?(?:\s*[A-Z][A-Z ]{3,30})?|[A-Z][A-Z ]{3,30}(?:DAILY|NEWS|EVENING)[A-Z ]*)$"
    r"|国内统一(?:连续出版物号|刊号)|CN\s?\d{2}\s?[-－]\s?\d{4}|邮发代号|总第\s*\d+\s*期|^第\s*\d{3,6}\s*期$"
    r"|今日\s*[\d一二三四五六七八九十]+\s*版|农历[\u4e00-\u9fff]{2,10}|(?:新闻|广告|发行|订报)热线|社址[:：]"
    r"|^(?:地址|邮编|电话|传真|印刷|零售价|定价)\s*[:：]|广告(?:经营)?许可证|每份\s*[\d.]+\s*元"
)
_WEEKDAY = r"(?:星期|周)[一二三四五六日天]"
_FULL_DATE = r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
_RUNNING_HEAD = re.compile(_FULL_DATE + r"\s*" + _WEEKDAY)
_PAGE_REF = r"(?:第\s*[\d一二三四五六七八九十]{1,3}\s*版|[A-DＡ-Ｄ]\s?\d{1,2}(?:\s*版)?|\d{1,2}\s*版)"
_HEAD_TOKEN = re.compile(
    r"(?:" + _FULL_DATE + "|" + _WEEKDAY + "|" + _PAGE_REF + r"|[A-D]?\d{1,2}|" + _PAPER
    + r"|农历[\u4e00-\u9fff]{2,10}|[\u4e00-\u9fff]{2,4})"
)
_HEAD_SEPARATORS = re.compile(r"[\s·•|｜/／\-—–]+")
_STRONG_HEAD_TOKEN = re.compile(r"^(?:" + _FULL_DATE + "|" + _PAGE_REF + r"|[A-D]\d{1,2}|0\d)$")
_STAFF_ROLE = (r"(?:本版)?(?:责任编辑|责编|美术编辑|美编|编辑|校对|版式设计|版式|审核|审读|组版|统筹|策划|监制"
               r"|主编|值班编委|值班主任|编审|图片编辑|排版|制图)")
_STAFF = re.compile(r"^(?:" + _STAFF_ROLE + r"\s*[:：]?\s*[\u4e00-\u9fff·]{2,4}(?:[\s、,，]+[\u4e00-\u9fff·]{2,4})*"
                    r"[\s/|｜]*)+$")
_STAFF_OPEN = re.compile(r"^" + _STAFF_ROLE + r"\s*[:：]")
_PAGE_NUMBER = re.compile(r"^[—\-－–\s]*(?:(?:第\s*)?[A-DＡ-Ｄ]?\s*\d{1,2}\s*(?:版)?"
                          r"|第\s*[一二三四五六七八九十]{1,3}\s*版)[—\-－–\s]*$")
_LABEL = re.compile(r"^[【\[〔■□●◆▲\s]*(?P<word>[\u4e00-\u9fff]{0,4}?(?P<kind>简讯|快讯|短讯|速递|速读|资讯"
                    r"|图片新闻|新闻图片|图片报道|摄影报道|图说|图讯))[】\]〕\s]*$")
_PHOTO_LABELS = ("图片新闻", "新闻图片", "图片报道", "摄影报道", "图说", "图讯")
_INDEX_HEAD = re.compile(r"^[【\[\s]*(?:要闻|本版|今日|本期|新闻)?(?:导读|导航|提要|速览)[】\]\s:：]*$")
_INDEX_REF = re.compile(r"(?:[▶→►>]|详见|见)?\s*[（(]?\s*(?:第\s*[\d一二三四五六七八九十]{1,3}\s*版"
                        r"|[A-DＡ-Ｄ]\s?\d{1,2}(?:\s*版)?|\d{1,2}\s*版)\s*[)）]?\s*$")
_JUMP_WORD = re.compile(r"(?:下转|上接|转|接)\s*[(（]?\s*(?:第|[A-D]?\d)")
_WEATHER_HEAD = re.compile(r"^[【\[\s]*[\u4e00-\u9fff]{0,4}(?:天气预报|今日天气|天气)[】\]\s:：]*$")
_TEMPERATURE = re.compile(r"-?\d{1,2}\s*(?:℃|°C|°|度)")
_WEATHER_WORD = re.compile(r"晴|阴|多云|小雨|中雨|大雨|暴雨|阵雨|雷阵雨|雨夹雪|小雪|大雪|雾|霾"
                           r"|[东南西北]+风|风力|\d级|气温|降水")

# What a weather line holds besides weather words and temperatures.
_WEATHER_RESIDUE = re.compile(r"[\s，,：:;；~～\-—–/、()（）]|今天|明天|后天|今日|明日|白天|夜间|晚上|转|到|最高|最低"
                              r"|气温|天气|预报|衡阳|市区|[一二三四五六七八九十\d]+日|星期.|周.")


def line_kind(plain: str) -> str | None:
    """The furniture kind of one line taken alone (marks removed), or None."""
    if not plain.strip() or len(plain) > 80:
        return None
    text = fold(plain).strip()
    if _STAFF_OPEN.match(text) or (len(text) <= 50 and _STAFF.match(text) and _has_staff_role(text)):
        return STAFF
    if "。" in text:
        return None
    if _PAGE_NUMBER.match(text):
        return PAGE_NUMBER
    if _LABEL.match(plain.strip()):
        return LABEL
    if len(text) <= 60 and _RUNNING_HEAD.search(text):
        return RUNNING_HEAD
    if _is_running_head(text):
        return RUNNING_HEAD
    if _MASTHEAD.search(text) and "，" not in text:
        return MASTHEAD
    if is_weather(text, in_box=False):
        return WEATHER
    return None


def _has_staff_role(text: str) -> bool:
    return bool(re.match(_STAFF_ROLE, text))


def _is_running_head(text: str) -> bool:
    """2019年5月8日 · A1 · 第一版 · 要闻: every token a date, page, paper or section; one a page or date."""
    if len(text) > 60 or re.search(r"[，,。、；;：:！？!?“”]", text):
        return False
    tokens = [t for t in _HEAD_SEPARATORS.split(text) if t]
    if len(tokens) < 2 or not all(_HEAD_TOKEN.fullmatch(t) for t in tokens):
        return False
    return any(_STRONG_HEAD_TOKEN.match(t) for t in tokens)


def box_of(plain: str) -> str:
    """What a box label announces: BRIEFS (简讯, 快讯 …) or PHOTOS (图片新闻 …)."""
    match = _LABEL.match(plain.strip())
    return PHOTOS if match and match.group("kind") in _PHOTO_LABELS else BRIEFS


def is_index_head(plain: str) -> bool:
    return len(plain) <= 12 and bool(_INDEX_HEAD.match(fold(plain)))


def has_page_ref(plain: str) -> bool:
    """An index entry: text ending with the page it is on (…第二版 / 02版 / ▶A2)."""
    if len(plain) > 60:
        return False
    text = fold(plain).strip()
    return bool(_INDEX_REF.search(text)) and not _JUMP_WORD.search(text)


def is_weather_head(plain: str) -> bool:
    return len(plain) <= 12 and bool(_WEATHER_HEAD.match(fold(plain)))


def is_weather(plain: str, in_box: bool) -> bool:
    """A weather line (晴转多云 12℃～20℃); inside a weather box, any short line of weather words."""
    if len(plain) > 80:
        return False
    text = fold(plain).strip()
    if text.endswith("。") or not _WEATHER_WORD.search(text):
        return False
    if in_box:
        return True
    residue = _WEATHER_RESIDUE.sub("", _WEATHER_WORD.sub("", _TEMPERATURE.sub("", text)))
    return bool(_TEMPERATURE.search(text)) and len(residue) <= 4
