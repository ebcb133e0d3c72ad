"""Topic detection: the city's slogans and subject areas by rules, other themes by jieba keywords.

Rules carry the editorial knowledge (a slogan is its exact wording; a subject area is a
set of telling words that must add up to a threshold), jieba's TF-IDF keyword
extraction finds the themes nobody listed. Staff-assigned topics are never touched.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

import jieba
import jieba.analyse
import jieba.posseg
from django.db import transaction
from django.db.models import Q

from .corrections import sync
from .counts import add_to_topic_counts, refresh_topic_counts
from .models import Appearance, Article, ArticleTopic, Topic, TopicRedirect
from .search.engine.tokens import fast_routes

SLOGANS: dict[str, str] = {
    "区域中心化": "加快推进区域中心化进程，建设省域副中心城市",
    "制造立市": "以制造业立市，建设先进制造业强市",
    "文旅兴城": "以文化旅游兴城，擦亮衡阳文旅名片",
    "三高四新": "湖南“三高四新”战略定位和使命任务",
    "原地倍增": "招商引资、项目建设的“原地倍增”行动",
}

# Subject areas: telling words; an article belongs when their mentions reach the threshold.
SUBJECTS: dict[str, tuple[str, ...]] = {
    "经济": ("经济", "产业", "项目建设", "投资", "企业", "园区", "工业", "营商环境", "高质量发展", "制造业", "GDP"),
    "党建": ("党建", "党组织", "党员", "党委", "主题教育", "从严治党", "党风廉政", "党的二十大", "政治建设"),
    "文旅": ("文旅", "旅游", "文化", "景区", "游客", "非遗", "南岳", "文明城市"),
    "招商": ("招商", "引资", "签约", "客商", "落户", "投资项目", "合作协议"),
    "民生": ("民生", "就业", "教育", "医疗", "养老", "住房", "社保", "群众", "安全生产", "食品安全"),
}
SUBJECT_DESCRIPTIONS = {
    "经济": "产业、项目、企业与经济运行",
    "党建": "党的建设、主题教育与作风建设",
    "文旅": "文化、旅游与城市形象",
    "招商": "招商引资、签约与项目落户",
    "民生": "就业、教育、医疗、养老等民生事项",
}
SUBJECT_WORDS = frozenset(w for words in SUBJECTS.values() for w in words)
SUBJECT_THRESHOLD = 3
TITLE_WEIGHT = 3  # a word in a headline counts as much as three in the body

KEYWORDS_PER_ARTICLE = 3
# Common nouns, other proper nouns, idioms. Not organisations ("nt": 中国电信, 南华大学): a
# company or a school is who did something, not what the paper writes about; staff can
# still make one a topic by hand.
KEYWORD_POS = ("n", "nz", "nl")
KEYWORD_PATTERN = re.compile(r"^[\u4e00-\u9fff]{2,12}$")
# Words every local political article uses; as topics they would say nothing.
KEYWORD_STOPWORDS = frozenset({
    "衡阳", "衡阳市", "全市", "我市", "工作", "发展", "建设", "市委", "市政府", "会议", "记者", "全媒体",
    "领导", "同志", "部门", "单位", "问题", "情况", "要求", "精神", "活动", "负责人", "市领导", "书记",
    "市长", "副市长", "主任", "主席", "代表", "时间", "方面", "重点", "任务", "水平", "能力", "作用",
    "通讯员", "全省", "全国", "湖南", "湖南省", "国家", "社会", "人民", "干部", "群众", "政府",
    "思想", "优势", "名单", "机构", "团队", "总书记", "意见", "措施", "目标", "体系", "机制", "成效",
    "项目", "大力", "助力", "模式", "队伍", "战略", "精准", "小组会议", "市直",
})
# Generic nouns of news reports that the two rules below let through: the kind of event
# (仪式, 会见), the unit or thing counted (数字, 成果), the people present (市民, 乘客).
GENERIC_NOUNS = frozenset({
    "仪式", "典礼", "会见", "讲话", "现场", "数字", "数据", "成果", "成绩", "交流", "座谈", "调研", "亮点",
    "市民", "居民", "乘客", "游客", "孩子", "老人", "家长", "学生", "医生", "职工", "员工", "工人", "群众",
    "车辆", "道路", "带队", "两地",
})
# Words for people by what they do (驾驶员, 的哥, 出租车司机, 部长): the people an article is about are
# its persons, never its topic.
ROLE_SUFFIXES = ("员", "者", "哥", "姐", "嫂", "师", "师傅", "司机", "长", "手", "民", "客")
# A plain noun ("n") this common in jieba's dictionary (general Chinese text) is an everyday
# word (科技, 网络, 队员 …), too broad to say what an article is about; rare words (物流, 算力) pass.
EVERYDAY_FREQUENCY = 2000

CHUNK_SIZE = 500
# A keyword found in a single article says more about that article than about the archive:
# keyword topics are listed once they recur.
KEYWORD_MIN_ARTICLES = 2


def listed_topics(prefix: str = "") -> Q:
    """The one list of topics readers see (article page, search facet, /topics/, charts, home).

    Every slogan and subject area (the curated list) and the keywords that recur, less what
    staff hid. `prefix` reaches the topic through a relation ("topic__" from ArticleTopic).
    """
    recurring = ~Q(**{f"{prefix}kind": Topic.Kind.KEYWORD}) | Q(**{f"{prefix}article_count__gte": KEYWORD_MIN_ARTICLES})
    return recurring & Q(**{f"{prefix}hidden": False})


def is_listed(topic: Topic, article_count: int | None = None) -> bool:
    """listed_topics() for one topic in memory, with `article_count` in place of its stored count
    (the loader knows the count a topic is about to have)."""
    count = topic.article_count if article_count is None else article_count
    return not topic.hidden and (topic.kind != Topic.Kind.KEYWORD or count >= KEYWORD_MIN_ARTICLES)


def is_generic(word: str) -> bool:
    """A word that names no theme: a stopword, a generic noun, a person's role or an everyday noun."""
    _tokenizer_ready()
    if word in KEYWORD_STOPWORDS or word in GENERIC_NOUNS or word.endswith(ROLE_SUFFIXES):
        return True
    return jieba.posseg.dt.word_tag_tab.get(word) == "n" and jieba.dt.FREQ.get(word, 0) >= EVERYDAY_FREQUENCY


@dataclass(frozen=True)
class Detected:
    name: str
    kind: str
    mentions: int
    source: str  # "rule" or "keyword"


@functools.cache
def _tokenizer_ready() -> None:
    """jieba must keep slogans whole, or extraction returns 制造/立市 instead of 制造立市.

    Also: jieba's part-of-speech pass (pure Python, most of the time of keyword extraction)
    builds a word graph for every run of characters between punctuation and runs its HMM over
    every part its dictionary does not know; either result depends on the run alone. Names,
    rare words and set phrases recur from article to article, so both are memoised: the same
    tags, several times faster.
    """
    for slogan in SLOGANS:
        jieba.add_word(slogan, freq=20000, tag="nz")
    fast_routes(jieba.dt)
    tagger = jieba.posseg.dt
    tag_unknown_run = tagger._POSTokenizer__cut_detail
    tagger._POSTokenizer__cut_detail = functools.lru_cache(maxsize=200_000)(lambda run: tuple(tag_unknown_run(run)))
    # Whole runs of characters between punctuation likewise: set phrases (会议强调, 出席会议的有 …) recur
    # from article to article, and the tagged run depends on the run alone.
    tag_run = tagger._POSTokenizer__cut_DAG
    tagger._POSTokenizer__cut_DAG = functools.lru_cache(maxsize=50_000)(lambda run: tuple(tag_run(run)))


def _weighted_count(word: str, headline: str, body: str) -> int:
    return headline.count(word) * TITLE_WEIGHT + body.count(word)


def detect_rules(headline: str, body: str) -> list[Detected]:
    """Slogans by their exact wording (one mention is enough); subject areas by a threshold."""
    found = []
    for slogan in SLOGANS:
        n = headline.count(slogan) + body.count(slogan)
        if n:
            found.append(Detected(slogan, Topic.Kind.SLOGAN, n, "rule"))
    for subject, words in SUBJECTS.items():
        n = sum(_weighted_count(w, headline, body) for w in words)
        if n >= SUBJECT_THRESHOLD:
            found.append(Detected(subject, Topic.Kind.SUBJECT, n, "rule"))
    return found


def detect_keywords(headline: str, body: str, exclude: Iterable[str] = ()) -> list[Detected]:
    """The article's top TF-IDF nouns, leaving out generic words, rule topics and any part of a person's name."""
    _tokenizer_ready()
    names = list(exclude)
    text = f"{headline}\n{headline}\n{body}"
    found = []
    for word in jieba.analyse.extract_tags(text, topK=KEYWORDS_PER_ARTICLE * 4, allowPOS=KEYWORD_POS):
        if (
            not KEYWORD_PATTERN.match(word)
            or is_generic(word)
            or word in SLOGANS
            or word in SUBJECTS
            or word in SUBJECT_WORDS
            or any(word in name or name in word for name in names)
        ):
            continue
        found.append(Detected(word, Topic.Kind.KEYWORD, max(text.count(word) - headline.count(word), 1), "keyword"))
        if len(found) == KEYWORDS_PER_ARTICLE:
            break
    return found


def detect(article: Article, person_names: Iterable[str] = ()) -> list[Detected]:
    headline = " ".join(p for p in (article.kicker, article.title, article.subtitle) if p)
    names = frozenset(person_names)
    ahead = detected_ahead.get((headline, article.body, names))
    if ahead is not None:
        return ahead
    return detect_rules(headline, article.body) + detect_keywords(headline, article.body, names)


# What detect() found for (headline, body, person names), worked out ahead of the database
# (the bulk loader's worker processes do it in parallel, archive/workers.py). detect() is a
# function of these three alone, so a hit is the answer it would compute.
detected_ahead: dict[tuple[str, str, frozenset], list[Detected]] = {}


def _topics_named(found: list[Detected]) -> dict[str, Topic]:
    """The Topic row of every detected name, creating the missing ones in one insert.

    A name staff renamed or merged away (its old URL name is a TopicRedirect) goes to the
    topic it now belongs to, so a re-load does not bring the old topic back.
    """
    names = {d.name: d for d in found}
    existing = {t.name: t for t in Topic.objects.filter(name__in=names)}
    for moved in TopicRedirect.objects.filter(slug__in=set(names) - set(existing)).select_related("topic"):
        existing[moved.slug] = moved.topic
    missing = [
        Topic(
            name=d.name, slug=d.name, kind=d.kind,
            description=SLOGANS.get(d.name) or SUBJECT_DESCRIPTIONS.get(d.name, ""),
        )
        for name, d in names.items() if name not in existing
    ]
    if missing:
        Topic.objects.bulk_create(missing, ignore_conflicts=True)
        existing.update({t.name: t for t in Topic.objects.filter(name__in=[t.name for t in missing])})
    return existing


def _assign_chunk(article_ids: list[int], recount: bool) -> None:
    articles = {a.pk: a for a in Article.objects.filter(pk__in=article_ids).select_related("issue").only(
        "id", "kicker", "title", "subtitle", "body", "issue__date")}
    names: dict[int, list[str]] = {}
    for article_id, name in Appearance.objects.filter(article_id__in=article_ids).values_list(
        "article_id", "person__name"
    ):
        names.setdefault(article_id, []).append(name)
    detected = {pk: detect(article, names.get(pk, ())) for pk, article in articles.items()}
    topics = _topics_named([d for found in detected.values() for d in found])

    # The articles' topics now: staff's stay, the machine's are made again (a fresh article has none).
    linked = ArticleTopic.objects.filter(article_id__in=article_ids).values_list("article_id", "topic_id", "source")
    staff: set[tuple[int, int]] = set()
    deltas: Counter[int] = Counter()  # link rows gained (lost: negative) per topic
    for article_id, topic_id, source in linked:
        if source == "staff":
            staff.add((article_id, topic_id))
        else:
            deltas[topic_id] -= 1
    if deltas:
        ArticleTopic.objects.filter(article_id__in=article_ids).exclude(source="staff").delete()
    lost = set(deltas)
    by_pair: dict[tuple[int, int], ArticleTopic] = {}
    for article_id, found in detected.items():
        for d in found:
            if d.name not in topics or (article_id, topics[d.name].pk) in staff:
                continue
            row = by_pair.get((article_id, topics[d.name].pk))
            if row is None:  # two names of one topic (a renamed or merged one) count together
                by_pair[article_id, topics[d.name].pk] = ArticleTopic(
                    article_id=article_id, topic=topics[d.name], mentions=d.mentions, source=d.source,
                    date=articles[article_id].issue.date)
            else:
                row.mentions += d.mentions
    rows = list(by_pair.values())
    ArticleTopic.objects.bulk_create(rows)
    deltas.update(row.topic_id for row in rows)
    touched = set(deltas)
    before = {topic.pk: topic for topic in topics.values()}
    if touched - before.keys():  # topics only lost here (a re-load)
        before.update(Topic.objects.in_bulk(touched - before.keys()))
    if recount:
        refresh_topic_counts(touched)
        after = dict(Topic.objects.filter(pk__in=touched).values_list("pk", "article_count"))
    else:
        add_to_topic_counts(deltas)
        after = {pk: before[pk].article_count + deltas[pk] for pk in touched}
    # A keyword that now recurs (or no longer does) joins (or leaves) the search facet of every
    # article it is on, not only of the articles looked at here.
    _index_articles_of({pk for pk in touched if is_listed(before[pk]) != is_listed(before[pk], after[pk])})
    # A keyword no article is left on goes; a hidden topic stays (without articles) so that a
    # re-load cannot bring it back unhidden.
    if lost:
        Topic.objects.filter(pk__in=lost, kind=Topic.Kind.KEYWORD, article_count=0, hidden=False).delete()


def _index_articles_of(topic_ids: set[int]) -> None:
    """Topics that crossed the threshold: their articles' documents name them, or no longer do."""
    if topic_ids:
        sync.articles_changed(ArticleTopic.objects.filter(topic_id__in=topic_ids).values_list("article_id", flat=True))


def _chunks(ids: Iterable[int], size: int) -> Iterator[list[int]]:
    iterator = iter(ids)
    while chunk := list(islice(iterator, size)):
        yield chunk


def assign_topics(article_ids: Iterable[int], recount: bool = True) -> None:
    """Recompute the machine-made topics of these articles and refresh the counts they touch:
    recounted from the link rows, or (`recount=False`) moved by the rows added and removed here,
    which costs the same however many articles a topic has (see archive.counts)."""
    for chunk in _chunks(sorted(set(article_ids)), CHUNK_SIZE):
        with transaction.atomic():
            _assign_chunk(chunk, recount)


def assign_loaded_topics(article_ids: Iterable[int]) -> None:
    """The loader's hook (archive.loading.after_load_hooks): a page's articles get their topics,
    and the counts move by what the page changed."""
    assign_topics(article_ids, recount=False)


def detect_all_topics(progress: Callable[[int, int], None] | None = None) -> int:
    """Recompute every article's topics; returns how many articles were looked at."""
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    done = 0
    for chunk in _chunks(ids, CHUNK_SIZE):
        assign_topics(chunk)
        done += len(chunk)
        if progress:
            progress(done, len(ids))
    return done
