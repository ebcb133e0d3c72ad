"""The five seed pages and the invented pages against their gold, item by item.

tests/data/seeds_gold.json holds the seeds' gold; tests/data/invented_gold.json that of the
pages in tests/data/invented/, written for this project in the papers' register (mastheads,
running heads, 导读 and weather boxes, 简讯 and 图片新闻 boxes, wire datelines, trailing bylines,
jump lines, rare surnames, descriptors before names, December/January dates).

The checks follow /work/shared/tools/score_parse.py: same normalisation (NFKC, no * or #,
no white space), a fragment with may_attach_to may be appended to that item instead.
"""

import json
import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from archive.parsing import parse_page

ROOT = Path(__file__).resolve().parents[2]
SOURCES = {"seeds_gold.json": ROOT / "seeds", "invented_gold.json": ROOT / "tests" / "data" / "invented"}
GOLD = {}
FOLDER = {}
for gold_file, folder in SOURCES.items():
    for page_name, page in json.loads((ROOT / "tests" / "data" / gold_file).read_text(encoding="utf-8")).items():
        GOLD[page_name] = page
        FOLDER[page_name] = folder
# Real people printed on the seeds but listed in no item (national leaders, award winners).
EXTRA_OK = set("习近平 厉燕 谭润波 王海军 祝冬平 周超 刘念文 刘志明 傅健 王琳 曾海香 廖朝凤 钟健 戴玺 "
               "邓献忠 邓仕元 李君粮 张锦武 张克华 贺婷婷 王志华".split())


def norm(text):
    text = unicodedata.normalize("NFKC", text or "").replace("*", "").replace("#", "")
    return re.sub(r"\s+", "", text)


@cache
def parsed(name):
    return parse_page((FOLDER[name] / name).read_bytes(), name).to_contract()["articles"]


def body(article):
    return norm("".join(article["paragraphs"]))


def matches(gold_item, article):
    if gold_item["kind"] == "news":
        return norm(article["title"]) in {norm(t) for t in gold_item["title_ok"]}
    return body(article).startswith(norm(gold_item["body_start"])[:20])


@cache
def alignment(name):
    """Gold item index → parsed article index (None: a fragment attached to its host)."""
    items, articles = GOLD[name]["items"], parsed(name)
    found, used = {}, set()
    for i, item in enumerate(items):
        for j, article in enumerate(articles):
            if j not in used and matches(item, article):
                found[i] = j
                used.add(j)
                break
    for i, item in enumerate(items):
        host = item.get("may_attach_to")
        if i not in found and host in found:
            text = body(articles[found[host]])
            if norm(item["body_start"]) in text and norm(item["body_end"]) in text:
                found[i] = None
    return found, used


CASES = [(name, i) for name, page in GOLD.items() for i in range(len(page["items"]))]


def label(case):
    name, i = case
    item = GOLD[name]["items"][i]
    return f"{name[:3]}-{i + 1}-{(item['title'] or item['body_start'])[:8]}"


@pytest.mark.parametrize("name", list(GOLD))
def test_items_in_order_and_nothing_extra(name):
    found, used = alignment(name)
    assert set(found) == set(range(len(GOLD[name]["items"])))
    order = [j for _, j in sorted(found.items()) if j is not None]
    assert order == sorted(order)
    assert used == set(range(len(parsed(name))))


@pytest.mark.parametrize("case", CASES, ids=[label(c) for c in CASES])
def test_item(case):
    name, i = case
    gold = GOLD[name]["items"][i]
    found, _ = alignment(name)
    assert i in found, "item not found"
    if found[i] is None:
        return  # attached to its host; its text is checked there
    article = parsed(name)[found[i]]
    assert article["kind"] == gold["kind"]
    paragraphs = article["paragraphs"]
    text = body(article)
    if gold["kind"] == "news":
        heads = norm(article["kicker"]) + norm(article["title"]) + norm(article["subtitle"])
        want = norm("".join(gold["headlines"]))
        assert heads in (want, want + norm(gold.get("column", "")))
        assert norm(article["title"]) in {norm(t) for t in gold["title_ok"]}
        assert norm(article["column"]) == norm(gold.get("column", ""))
        assert article["dateline"] == gold["dateline"]
        assert article["place"] == gold.get("place", "")
    else:
        # a photo may carry the short title printed over its caption; nothing else has a headline
        assert not (article["kicker"] or article["subtitle"] or (article["title"] and gold["kind"] != "photo"))
    assert text.startswith(norm(gold["body_start"]))
    ends = [norm(gold["body_end"])]
    ends += [norm(g["body_end"]) for j, g in enumerate(GOLD[name]["items"])
             if g.get("may_attach_to") == i and found.get(j, 0) is None]
    assert any(text.endswith(e) for e in ends)
    for join in gold["joins"]:
        assert any(norm(join) in norm(p) for p in paragraphs), join
    credited = {r["name"] for r in article["reporters"]}
    assert set(gold.get("reporters", [])) <= credited
    persons = {p["name"]: p["titles"] for p in article["persons"]}
    for person, title in gold["persons"].items():
        assert person in persons, person
        if title:
            assert any(title in t or t in title for t in persons[person] if t), (person, persons[person])
    allowed = EXTRA_OK.union(*(set(g["persons"]) | set(g.get("reporters", [])) for g in GOLD[name]["items"]))
    assert set(persons) <= allowed


@pytest.mark.parametrize("name", list(GOLD))
def test_dates_follow_gold(name):
    page = GOLD[name]
    contract = parse_page((FOLDER[name] / name).read_bytes(), name).to_contract()
    found, _ = alignment(name)
    for i, item in enumerate(page["items"]):
        if "date" in item and found.get(i) is not None:
            got = contract["articles"][found[i]]["date"]
            assert (got[-5:] if got else None) == item["date"]
    if page["year_in_text"]:
        assert contract["issue_date"] == page["issue_date"]
        assert contract["issue_date_confidence"] == "inferred"
    else:
        assert contract["issue_date"] is None and contract["issue_date_confidence"] == "unknown"
        assert contract["warnings"]
