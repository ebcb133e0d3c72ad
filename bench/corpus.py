"""A realistic corpus: N raw front pages in the extractor's format, with their manifest.

    python bench/corpus.py N OUTDIR [--seed S] [--check K]

The five seed pages are all from 2021–2023 and name a dozen officials; a benchmark made of
their sentences has dense posting lists and one person on every page. This corpus is
generated instead (deterministically, from `--seed`):

- dates spread over 1995–2025, both papers (衡阳晚报 signs 衡阳晚报讯 (全媒体记者 …),
  衡阳日报 a ■本报记者 … line and 本报讯), front pages mostly, page 2–4 only when N asks
  for more pages than there are days;
- a few hundred officials in some sixty posts (市委书记, 市长, 副市长, 县委书记, 局长 …)
  whose holders change every few years, with promotions, so a person's printed title
  changes over time; journalists with careers of their own;
- vocabulary from jieba's own dictionary (tens of thousands of nouns and verbs, drawn
  with Zipf-like frequencies, so most posting lists are short) inside the set phrases
  of local political reporting, plus the city's slogans in the years they were in use;
- the layouts the parser reads: kickers ending in ——, `#` titles, subheadlines naming who
  presided or attended, datelines, bylines, column breaks inside paragraphs, closing
  lines of attending officials, photos with ■…摄 credits, a fragment continued from an
  earlier page at the top, (下转第2版) jump lines, and page furniture (running head,
  责任编辑 line).

Writes OUTDIR/NNNNNN.txt, OUTDIR/manifest.csv (file,paper,issue_date,page) and
OUTDIR/expected.jsonl: per file, the items as they were meant (kind, title, the
officials named with their titles), which `check` compares with the parser's reading.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime
import json
import math
import os
import random
import re
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 20240101
FIRST_DAY, LAST_DAY = datetime.date(1995, 1, 1), datetime.date(2025, 12, 31)
PAPERS = ("衡阳晚报", "衡阳日报")
WEEKDAYS = "一二三四五六日"

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚卢"
            "姜崔钟谭陆汪范廖贾夏韦方白邹孟熊秦邱尹薛段雷侯龙史陶黎贺顾毛郝龚邵万严覃武戴莫孔汤")
# Characters that read as a name's second or third character and never as a following word.
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞刚桂英华玉兰萍红建新文光辉志宏海波斌俊峰鹏飞凯健春晓荣林德清" \
        "松柏岩坚毅钢锋锐彬琳琪瑶婷雪梅菊莲燕鸣翔宇航启迪朝晖旭耀湘沅澧岳衡蓉益"

COUNTIES = ("雁峰区", "石鼓区", "珠晖区", "蒸湘区", "南岳区", "衡阳县", "衡南县", "衡山县", "衡东县", "祁东县",
            "耒阳市", "常宁市")
PARKS = ("松木经开区", "衡阳高新区", "白沙洲工业园区", "西渡高新区", "衡山科学城")
VENUES = ("市行政中心", "市委会议中心", "市政府常务会议室", "市民之家", "衡州宾馆", "市广电中心", "会展中心")
BUREAUS = ("市发改委", "市教育局", "市财政局", "市公安局", "市交通运输局", "市住建局", "市卫健委", "市商务局",
           "市文旅广体局", "市工信局", "市农业农村局", "市自然资源局", "市生态环境局", "市水利局", "市民政局",
           "市人社局", "市应急管理局", "市市场监管局")
# The city's slogans, in the years they were printed (the archive's topic rules know them).
SLOGANS = (("三高四新", 2020, 2025), ("区域中心化", 2021, 2025), ("原地倍增", 2021, 2025),
           ("制造立市", 2022, 2025), ("文旅兴城", 2022, 2025))
EVENTS = ("工作会议", "推进会", "调度会", "现场会", "座谈会", "动员大会", "专题会议", "工作部署会", "观摩会", "培训班")
LEADS = ("上午", "下午", "", "晚", "")
# Words that frame names, roles, datelines or closing lines on a page: drawn at random they
# would print a closing line (…参加会议。) or a dateline (本报讯) in the middle of a report.
FRAMING = re.compile(r"报|讯|记者|出席|参加|陪同|主持|讲话|致辞|会见|会谈|调研|考察|看望|慰问|视察|走访|强调|指出|表示|"
                     r"要求|介绍|领导|书记|市长|县长|区长|局长|主任|主席|部长|常委")


# Officials and their careers -----------------------------------------------------------------
@dataclass(frozen=True)
class Post:
    title: str  # as printed before the name
    rank: int  # 6 = 市委书记 … 1 = a bureau


def posts() -> list[Post]:
    city = [Post("市委书记", 6), Post("市委副书记、市长", 5), Post("市人大常委会主任", 5), Post("市政协主席", 5),
            Post("市委副书记", 4), Post("市委常委、常务副市长", 4), Post("市委常委、组织部部长", 4),
            Post("市委常委、宣传部部长", 4), Post("市委常委、秘书长", 4), Post("市纪委书记", 4)]
    city += [Post("副市长", 3) for _ in range(6)]
    city += [Post("市政府秘书长", 2)]
    counties = [Post(f"{c}委书记", 3) for c in COUNTIES] + [
        Post(f"{c}{'区长' if c.endswith('区') else ('县长' if c.endswith('县') else '市长')}", 2) for c in COUNTIES]
    bureaus = [Post(f"{b}{'主任' if b.endswith('委') else '局长'}", 1) for b in BUREAUS]
    return city + counties + bureaus


@dataclass
class Term:
    post: int
    person: str
    start: datetime.date
    end: datetime.date


@dataclass
class Cast:
    """Who held which post when, and which journalists wrote for each paper when."""

    posts: list[Post]
    terms: list[list[Term]]  # per post, in time order
    reporters: dict[str, list[tuple[str, datetime.date, datetime.date]]]
    people: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.starts = [[t.start for t in terms] for terms in self.terms]

    def holders(self, day: datetime.date) -> list[tuple[Post, str]]:
        found = []
        for post, terms, starts in zip(self.posts, self.terms, self.starts, strict=True):
            k = bisect.bisect_right(starts, day) - 1
            if k >= 0 and terms[k].end >= day:
                found.append((post, terms[k].person))
        return found

    def journalists(self, paper: str, day: datetime.date) -> list[str]:
        active = [name for name, start, end in self.reporters[paper] if start <= day <= end]
        return active or [self.reporters[paper][0][0]]


def make_names(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2, 2))))
        name = rng.choice(SURNAMES) + given
        if name not in taken and len(set(name)) == len(name):
            taken.add(name)
            names.append(name)
    return names


def make_cast(rng: random.Random) -> Cast:
    """Careers from 1990 on: a vacated post goes to a promoted lower-ranked holder or a new face."""
    all_posts = posts()
    taken: set[str] = set()
    terms: list[list[Term]] = [[] for _ in all_posts]
    current: dict[int, Term] = {}
    people: list[str] = []

    def newcomer() -> str:
        name = make_names(rng, 1, taken)[0]
        people.append(name)
        return name

    def fill(index: int, day: datetime.date) -> None:
        rank = all_posts[index].rank
        candidates = [k for k, t in current.items() if all_posts[k].rank in (rank - 1, rank - 2) and k != index]
        if candidates and rng.random() < 0.55:
            k = rng.choice(candidates)
            person = current.pop(k).person
            terms[k][-1].end = day - datetime.timedelta(days=1)
            fill(k, day)
        else:
            person = newcomer()
        term = Term(index, person, day, LAST_DAY)
        terms[index].append(term)
        current[index] = term

    start = datetime.date(1990, 1, 1)
    for index in range(len(all_posts)):
        fill(index, start)
    ends = {index: start + datetime.timedelta(days=rng.randint(365, 6 * 365)) for index in range(len(all_posts))}
    day = start
    while day <= LAST_DAY:
        for index in sorted(ends, key=lambda k: -all_posts[k].rank):
            if ends[index] <= day:
                if index in current:
                    current.pop(index).end = day - datetime.timedelta(days=1)
                fill(index, day)
                for k, term in current.items():
                    if term.start == day:
                        ends[k] = day + datetime.timedelta(days=rng.randint(2 * 365, 6 * 365))
        day += datetime.timedelta(days=30)
    reporters = {}
    for paper in PAPERS:
        crew = []
        for name in make_names(rng, 60, taken):
            first = FIRST_DAY + datetime.timedelta(days=rng.randint(-3000, (LAST_DAY - FIRST_DAY).days - 400))
            crew.append((name, first, first + datetime.timedelta(days=rng.randint(1500, 8000))))
        reporters[paper] = crew
    return Cast(all_posts, terms, reporters, people)


# Vocabulary ----------------------------------------------------------------------------------
@cache
def jieba_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Nouns and verbs of jieba's dictionary (2–4 Chinese characters), most frequent first."""
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    nouns, verbs = [], []
    surnames = set(SURNAMES)
    for line in path.read_text(encoding="utf-8").splitlines():
        word, freq, pos = line.split(" ")
        if not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", word) or int(freq) < 20 or word[0] in surnames \
                or FRAMING.search(word):
            continue
        if pos in ("n", "nz", "vn"):
            nouns.append((int(freq), word))
        elif pos == "v":
            verbs.append((int(freq), word))
    nouns.sort(key=lambda fw: (-fw[0], fw[1]))
    verbs.sort(key=lambda fw: (-fw[0], fw[1]))
    return tuple(w for _, w in nouns[:40000]), tuple(w for _, w in verbs[:8000])


@cache
def seed_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Nouns and verbs of the seed pages, most frequent first: the register of local political news."""
    from collections import Counter

    import jieba.posseg

    counts: dict[str, Counter] = {"n": Counter(), "v": Counter()}
    kinds = {"n": "n", "nz": "n", "vn": "n", "v": "v"}
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for pair in jieba.posseg.cut(path.read_text(encoding="utf-8")):
            if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", pair.word) and pair.flag in kinds \
                    and not FRAMING.search(pair.word):
                counts[kinds[pair.flag]][pair.word] += 1
    return tuple(tuple(w for w, _ in counts[k].most_common()) for k in ("n", "v"))


def zipf(rng: random.Random, words: tuple[str, ...]) -> str:
    """A word drawn log-uniformly by rank: the frequent ones often, the long tail now and then."""
    return words[min(len(words) - 1, int(math.exp(rng.random() * math.log(len(words) + 1))) - 1)]


# Text ---------------------------------------------------------------------------------------
class Writer:
    def __init__(self, rng: random.Random, day: datetime.date) -> None:
        self.rng = rng
        self.day = day
        self.nouns, self.verbs = jieba_words()
        self.seed_nouns, self.seed_verbs = seed_words()

    def n(self) -> str:
        """Half the words in the seeds' register, half from the dictionary's long tail."""
        return zipf(self.rng, self.seed_nouns if self.rng.random() < 0.5 else self.nouns)

    def v(self) -> str:
        return zipf(self.rng, self.seed_verbs if self.rng.random() < 0.5 else self.verbs)

    def slogan(self) -> str | None:
        live = [s for s, first, last in SLOGANS if first <= self.day.year <= last]
        return self.rng.choice(live) if live and self.rng.random() < 0.35 else None

    def phrase(self) -> str:
        r = self.rng
        forms = (
            lambda: f"{self.v()}{self.n()}",
            lambda: f"加快{self.v()}{self.n()}",
            lambda: f"推动{self.n()}{r.choice(('高质量发展', '提质增效', '转型升级', '落地见效'))}",
            lambda: f"全力{self.v()}{self.n()}和{self.n()}",
            lambda: f"切实抓好{self.n()}工作",
            lambda: f"着力{self.v()}{self.n()}{self.n()}",
            lambda: f"不断提升{self.n()}水平",
        )
        text = r.choice(forms)()
        slogan = self.slogan()
        if slogan and r.random() < 0.3:
            text += f"，为“{slogan}”作出新的贡献"
        return text

    def sentence(self, speaker: str | None = None) -> str:
        r = self.rng
        parts = "，".join(self.phrase() for _ in range(r.randint(2, 4)))
        if speaker and r.random() < 0.6:
            verb = r.choice(("强调", "指出", "要求", "表示"))
            return f"{speaker}{verb}，要{parts}。"
        opener = r.choice(("会议强调，要", "会议要求，各级各部门要", "据了解，今年以来全市", "会议指出，",
                           f"{r.choice(COUNTIES)}", "近年来，", "下一步，", ""))
        if r.random() < 0.15:
            amount = f"{r.randint(1, 900)}.{r.randint(0, 9)}"
            return f"{opener}已{self.v()}{self.n()}{r.randint(2, 300)}个，完成投资{amount}亿元。"
        return f"{opener}{parts}。"

    def paragraph(self, speaker: str | None, size: int) -> str:
        text = ""
        while len(text) < size:
            text += self.sentence(speaker)
        return text

    def date_lead(self, page_day: datetime.date) -> str:
        event = page_day - datetime.timedelta(days=self.rng.choice((1, 1, 1, 0, 2)))
        return f"{event.month}月{event.day}日{self.rng.choice(LEADS)}"


def column_break(rng: random.Random, paragraph: str) -> str:
    """Split a paragraph at a column edge (no punctuation before the cut), as the extractor does."""
    first_stop = paragraph.find("。")
    if first_stop < 0 or len(paragraph) < first_stop + 30:
        return paragraph
    cut = rng.randint(first_stop + 10, len(paragraph) - 10)
    while cut < len(paragraph) - 2 and not ("\u4e00" <= paragraph[cut - 1] <= "\u9fff"
                                              and "\u4e00" <= paragraph[cut] <= "\u9fff"):
        cut += 1
    if cut >= len(paragraph) - 2:
        return paragraph
    return paragraph[:cut] + "\n\n" + paragraph[cut:]


@dataclass
class Planned:
    """An item as the page means it: what the parser should find."""

    kind: str
    title: str = ""
    persons: dict[str, list[str]] = field(default_factory=dict)


def short_name(title: str) -> str:
    """The last part of a printed title (市委副书记、市长 → 市长), for a subheadline."""
    return title.split("、")[-1]


def news_item(rng: random.Random, w: Writer, paper: str, day: datetime.date, cast: Cast,
              jump: bool) -> tuple[str, Planned]:
    holders = cast.holders(day)
    lead_post, lead = rng.choices(holders, weights=[post.rank ** 3 for post, _ in holders])[0]
    others = rng.sample([h for h in holders if h[1] != lead], k=min(len(holders) - 1, rng.randint(1, 4)))
    place = rng.choice(COUNTIES + PARKS + VENUES)
    event = f"全市{w.n()}{rng.choice(EVENTS)}"
    planned = Planned("news", persons={lead: lead_post.title.split("、")})
    lines: list[str] = []
    style = rng.random()
    if style < 0.35:
        lines.append(f"{lead}在{event}上强调——")
        title = f"{w.phrase()} {w.phrase()}"
        subtitle = f"{others[0][1]}出席" if others and rng.random() < 0.6 else ""
    elif style < 0.7:
        title = f"{event}召开"
        subtitle = f"{lead}出席并讲话"
    else:
        title = f"{lead}{rng.choice(('调研', '督导', '检查'))}{w.n()}工作"
        subtitle = ""
    if re.fullmatch(r"[\u4e00-\u9fff]{3,4} [\u4e00-\u9fff]{3,4}", title) and len(set(map(len, title.split()))) == 1:
        # Two even groups read as a column label (守初心 担使命), even when marked as a title.
        title = title.replace(" ", "")
    marked = rng.random() < 0.5
    lines.append(("# " if marked else "") + title)
    planned.title = title
    if subtitle:
        lines.append(subtitle)
    journalists = rng.sample(cast.journalists(paper, day), k=min(2, len(cast.journalists(paper, day))))
    crew = " ".join(journalists[: rng.choice((1, 1, 2))])
    body: list[str] = []
    opening = (f"{w.date_lead(day)}，{event}在{place}召开。{lead_post.title}{lead}出席会议并讲话"
               + (f"，{others[0][0].title}{others[0][1]}主持会议" if others else "") + "。")
    if others:
        planned.persons[others[0][1]] = others[0][0].title.split("、")
    if paper == "衡阳晚报":
        dateline = f"衡阳晚报讯 (全媒体记者 {crew})"
        if rng.random() < 0.5:
            bold = f"**衡阳晚报讯** (全媒体记者 {crew})"
            lines.append(f"{bold} {opening}" if rng.random() < 0.5 else f"{dateline} {opening}")
        else:
            lines.append(dateline)
            body.append(opening)
    else:
        lines.append(f"■本报记者 {crew}")
        lines.append(f"本报讯 {opening}")
    for _ in range(rng.randint(1, 6)):
        paragraph = w.paragraph(lead if rng.random() < 0.5 else None, rng.randint(80, 320))
        body.append(column_break(rng, paragraph) if rng.random() < 0.3 else paragraph)
    if jump:
        body[-1] += "（下转第2版）"
    elif len(others) > 1:
        names = "、".join(name for _, name in others[1:])
        body.append(f"市领导{names}出席会议。")
        for _, name in others[1:]:
            planned.persons[name] = ["市领导"]
    return "\n\n".join(lines + body), planned


def photo_item(rng: random.Random, w: Writer, paper: str, day: datetime.date, cast: Cast) -> tuple[str, Planned]:
    caption = (f"{w.date_lead(day)}，{rng.choice(COUNTIES + PARKS)}{w.n()}现场，{w.phrase()}，"
               f"{w.phrase()}。")
    if rng.random() < 0.5:
        role = "衡阳晚报全媒体记者" if paper == "衡阳晚报" else "本报记者"
        credit = f"■{role} {rng.choice(cast.journalists(paper, day))} 摄"
    else:
        credit = f"■通讯员 {make_names(rng, 1, set())[0]} 摄"
    return f"{caption}\n\n{credit}", Planned("photo")


def fragment_item(rng: random.Random, w: Writer, day: datetime.date, cast: Cast) -> tuple[str, Planned]:
    """The end of an article begun on an earlier page: no headline, closed by its list of officials."""
    holders = [h for h in cast.holders(day - datetime.timedelta(days=1))]
    names = [name for _, name in rng.sample(holders, k=min(3, len(holders)))]
    text = w.paragraph(None, rng.randint(60, 200)) + "\n\n" + f"市领导{'、'.join(names)}出席会议。"
    return text, Planned("fragment", persons={name: ["市领导"] for name in names})


def running_head(paper: str, day: datetime.date, page: str) -> str:
    return f"{paper} {day.year}年{day.month}月{day.day}日 星期{WEEKDAYS[day.weekday()]} 第{page}版"


def make_page(rng: random.Random, cast: Cast, paper: str, day: datetime.date, page: str) -> tuple[str, list[Planned]]:
    w = Writer(rng, day)
    blocks = [running_head(paper, day, page)]
    planned: list[Planned] = []
    if rng.random() < 0.25:
        text, item = fragment_item(rng, w, day, cast)
        blocks.append(text)
        planned.append(item)
    count = rng.randint(5, 11)
    jumps = {0} if rng.random() < 0.2 else set()
    for k in range(count):
        if k > 0 and rng.random() < 0.15:
            text, item = photo_item(rng, w, paper, day, cast)
        else:
            text, item = news_item(rng, w, paper, day, cast, jump=k in jumps)
        blocks.append(text)
        planned.append(item)
    blocks.append(f"责任编辑：{rng.choice(cast.journalists(paper, day))}")
    return "\n\n".join(blocks) + "\n", planned


def slots(rng: random.Random, n: int) -> list[tuple[str, datetime.date, str]]:
    """N distinct (paper, date, page) slots over 1995–2025: front pages first, later pages when needed."""
    days = (LAST_DAY - FIRST_DAY).days + 1
    per_page = days * len(PAPERS)
    chosen: list[tuple[str, datetime.date, str]] = []
    page = 1
    while len(chosen) < n:
        take = min(n - len(chosen), per_page)
        for k in sorted(rng.sample(range(per_page), take)):
            chosen.append((PAPERS[k % len(PAPERS)], FIRST_DAY + datetime.timedelta(days=k // len(PAPERS)), str(page)))
        page += 1
    return sorted(chosen, key=lambda s: (s[1], s[0], s[2]))


def generate(n: int, outdir: Path, seed: int = SEED) -> dict:
    """Write N pages, the manifest and the expected items; return a summary."""
    rng = random.Random(seed)
    cast = make_cast(rng)
    outdir.mkdir(parents=True, exist_ok=True)
    articles = 0
    with (outdir / "manifest.csv").open("w", encoding="utf-8", newline="") as manifest, \
            (outdir / "expected.jsonl").open("w", encoding="utf-8") as expected:
        rows = csv.writer(manifest)
        rows.writerow(["file", "paper", "issue_date", "page"])
        for i, (paper, day, page) in enumerate(slots(rng, n)):
            name = f"{i:06d}.txt"
            text, planned = make_page(random.Random(f"{seed}-{i}"), cast, paper, day, page)
            (outdir / name).write_text(text, encoding="utf-8")
            rows.writerow([name, paper, day.isoformat(), page])
            expected.write(json.dumps({"file": name, "items": [p.__dict__ for p in planned]}, ensure_ascii=False)
                           + "\n")
            articles += len(planned)
    return {"pages": n, "articles": articles, "officials": len(cast.people)}


def check(outdir: Path, sample: int, seed: int = SEED) -> dict:
    """Parse a sample of the pages and compare with what they were meant to hold.

    Counts pages whose items (kind and title) came out exactly as planned, and the share
    of planned officials found with their titles.
    """
    sys.path.insert(0, str(ROOT))
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()  # the manifest's checks read the models' constants
    from archive.manifest import read_manifest
    from archive.parsing import parse_page

    entries = read_manifest(outdir / "manifest.csv")
    expected = [json.loads(line) for line in (outdir / "expected.jsonl").read_text(encoding="utf-8").splitlines()]
    picked = random.Random(seed).sample(expected, min(sample, len(expected)))
    exact, people_planned, people_found, mismatches = 0, 0, 0, []
    for row in picked:
        entry = entries[row["file"]]
        page = parse_page((outdir / row["file"]).read_bytes(), row["file"], entry.paper, entry.issue_date)
        got = [(a.kind, a.title) for a in page.articles]
        want = [(item["kind"], item["title"]) for item in row["items"]]
        if got == want:
            exact += 1
        else:
            mismatches.append({"file": row["file"], "want": want, "got": got})
        found = {(p.name, t) for a in page.articles for p in a.persons for t in p.titles}
        for item in row["items"]:
            for name, titles in item["persons"].items():
                people_planned += len(titles)
                people_found += sum((name, t) in found for t in titles)
    return {"pages": len(picked), "layout_exact": exact, "titled_people_found": people_found,
            "titled_people_planned": people_planned, "mismatches": mismatches[:5]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of pages")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--check", type=int, default=0, metavar="K", help="then parse K pages and compare")
    args = parser.parse_args(argv)
    summary = generate(args.n, args.outdir, args.seed)
    print(f"{summary['pages']} pages, {summary['articles']} items, {summary['officials']} officials → {args.outdir}")
    if args.check:
        print(json.dumps(check(args.outdir, args.check, args.seed), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
