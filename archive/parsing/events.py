"""What kind of event a news article reports, its name and its place.

Government news is formulaic: a meeting 召开, a signing ceremony 举行, a leader 调研 or
会见s somebody. The headline says which most clearly, the first paragraph names the event
(…领导小组会议召开, 主持召开市政府2023年第23次常务会议) and often where it was held.
"""

from __future__ import annotations

import re

from .result import EventInfo

# Checked in this order; the first kind whose words occur wins (a visit that includes a
# 座谈会 is still a visit, a signing ceremony is not a meeting).
KINDS = (
    ("signing", ("签约", "签署")),
    ("meeting_guests", ("会见", "接见", "会谈")),
    ("award", ("颁奖", "表彰", "授牌", "荣获")),
    ("visit", ("看望", "慰问", "考察学习", "拜访")),
    ("inspection", ("调研", "考察", "视察", "督导")),
    ("meeting", ("会议", "常务会", "常委会", "座谈会", "推进会", "调度会", "约谈会", "部署会", "现场会", "观摩会",
                 "发布会", "工作会", "联席会", "会召开", "大会", "论坛")),
    ("launch", ("启动", "开幕", "揭牌", "开工", "上线")),
)

_EVENT_NOUN = (r"(?:会议|常务会议|常委会会议|座谈会|推进会|调度会|约谈会|部署会|现场会|观摩会|发布会|大会|论坛"
               r"|仪式|典礼|活动周|活动|培训班|比赛|大赛|展览|博览会|会)")
_NAME_AFTER_VERB = re.compile(r"(?:主持召开|组织召开|召开|举行|举办)(?:了)?([^，,。；;、]{2,40}?"
                              + _EVENT_NOUN + r")(?![\u4e00-\u9fff])")
_NAME_BEFORE_VERB = re.compile(r"([^，,。；;：:]{2,60}?" + _EVENT_NOUN
                               + r")(?:在[^，,。；;]{2,20}?)?(?:召开|举行|开幕|启动|举办)")
_LEADING_TIME = re.compile(r"^(?:\d{1,2}月\d{1,2}日(?:[—–\-至到、]\d{1,2}日)?|\d{1,2}日|昨天|昨日|今天|今日|近日|日前)?"
                           r"(?:上午|下午|晚上|晚间|晚|早上|中午)?[，,]?")
_ASIDE = re.compile(r"[（(]以下简称[^）)]*[）)]")
# An event is named in the lead's first words; a runaway first sentence is not read further.
_LEAD_CHARS = 300
_PLACE = re.compile(r"在([^，,。；;在]{2,20}?)(?:举行|召开|启动|开幕|举办)")


def classify(headlines: list[str], first_paragraph: str) -> str:
    """The event kind: from the headline lines first, the first paragraph second."""
    for text in (" ".join(headlines), first_paragraph):
        for kind, words in KINDS:
            if any(word in text for word in words):
                return kind
    return "other"


def event_name(first_paragraph: str) -> str:
    """The event's name where the first sentence names it, else ''."""
    sentence = re.split(r"[。；;]", first_paragraph[:_LEAD_CHARS], maxsplit=1)[0]
    sentence = _ASIDE.sub("", sentence)
    match = _NAME_AFTER_VERB.search(sentence)
    if match:
        return match.group(1).strip()
    match = _NAME_BEFORE_VERB.search(sentence)
    if match:
        name = re.split(r"[，,]", match.group(1))[-1]
        return _LEADING_TIME.sub("", name).strip()
    return ""


def event_place(first_paragraph: str, dateline_place: str) -> str:
    """The dateline's place (衡阳晚报长沙讯 → 长沙), else a 在X举行 phrase of the first sentence."""
    if dateline_place:
        return dateline_place
    sentence = re.split(r"[。；;]", first_paragraph[:_LEAD_CHARS], maxsplit=1)[0]
    match = _PLACE.search(sentence)
    return match.group(1) if match else ""


def describe(headlines: list[str], first_paragraph: str, date: str | None, dateline_place: str) -> EventInfo:
    """The event a news article reports."""
    return EventInfo(
        kind=classify(headlines, first_paragraph),
        name=event_name(first_paragraph),
        date=date,
        place=event_place(first_paragraph, dateline_place),
    )
