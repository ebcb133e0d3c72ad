"""The loader: idempotent, encoding-blind, all-or-nothing per file, and it never overwrites a correction."""

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from archive.counts import refresh_person_counts, refresh_topic_counts
from archive.models import Appearance, Article, ChangeRecord, Event, Issue, Paper, Person, Topic
from archive.parsing import parse_page

ROOT = Path(__file__).resolve().parent.parent.parent
SEEDS = ROOT / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))

pytestmark = pytest.mark.django_db


def state() -> dict:
    """Everything a re-load could disturb, by id."""
    return {
        "issues": list(Issue.objects.order_by("pk").values_list("pk", "sha256", "article_count")),
        "articles": list(Article.objects.order_by("pk").values_list("pk", "issue_id", "position", "title", "body")),
        "people": list(Person.objects.order_by("pk").values_list("pk", "name", "appearance_count")),
        "appearances": list(Appearance.objects.order_by("pk").values_list("pk", "person_id", "title", "role")),
        "events": list(Event.objects.order_by("pk").values_list("pk", "kind", "date")),
        "changes": ChangeRecord.objects.count(),
    }


def load(*paths, **options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("load_issues", *map(str, paths), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_seeds_are_loaded_with_every_item():
    assert Issue.objects.count() == len(SEED_FILES) == 5
    assert set(Paper.objects.values_list("slug", flat=True)) == {"hywb", "hyrb"}
    for issue in Issue.objects.all():
        parsed = parse_page(issue.raw_text.encode(), issue.source_name)
        assert issue.articles.count() == issue.article_count == len(parsed.articles)
        assert list(issue.articles.values_list("parse_position", flat=True)) == [a.position for a in parsed.articles]


def test_manifest_gives_paper_and_date():
    daily = Issue.objects.get(source_name="002_25b9b06cbbd2e5b3.txt")
    assert (daily.paper.name, daily.date.isoformat(), daily.date_confidence) == ("衡阳日报", "2021-05-28", "given")
    undated = Issue.objects.get(source_name="000_883bd1d2d72a0bab.txt")
    assert undated.date.isoformat() == "2023-03-23"


def test_article_fields_people_and_event_are_stored():
    article = Article.objects.get(title="衡阳算力中心建设项目签约仪式举行")
    assert article.subtitle == "刘越高出席并致辞 朱健出席"
    assert article.event_date.isoformat() == "2023-03-22"
    assert article.paragraphs[0].startswith("3月22日下午")
    assert "成功跻身全国数字经济百强城市" in article.body
    titles = {a.person.name: a.title for a in article.appearances.select_related("person")}
    assert titles["刘越高"] == "市委书记"
    assert "市长" in titles["朱健"]
    assert article.appearances.get(person__name="陈润").role == Appearance.Role.REPORTED
    assert Person.objects.get(name="刘越高").kind == Person.Kind.OFFICIAL
    assert Person.objects.get(name="陈润").kind == Person.Kind.JOURNALIST
    assert article.event.kind == "signing"


def test_reloading_the_seeds_changes_nothing():
    before = state()
    out, _ = load(SEEDS)
    assert state() == before
    assert "未变 5" in out and "失败 0" in out


def test_gb18030_copy_loads_identically(tmp_path):
    before = state()
    for seed in SEED_FILES:
        (tmp_path / seed.name).write_bytes(seed.read_text(encoding="utf-8").encode("gb18030"))
    shutil.copy(SEEDS / "manifest.csv", tmp_path / "manifest.csv")
    out, _ = load(tmp_path)
    after = state()
    assert "更新 5" in out
    assert after["articles"] == before["articles"]
    assert after["appearances"] == before["appearances"]
    assert after["people"] == before["people"]
    assert Issue.objects.filter(encoding="gb18030").count() == 5


def test_utf8_bom_and_crlf_copy_loads_identically(tmp_path):
    seed = SEEDS / "001_a192f4ec0cc23092.txt"
    before = state()["articles"]
    copy = tmp_path / seed.name
    copy.write_bytes(b"\xef\xbb\xbf" + seed.read_bytes().replace(b"\n", b"\r\n"))
    load(copy, manifest=SEEDS / "manifest.csv")
    assert state()["articles"] == before


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("empty.txt", b"", "空"),
        ("blank.txt", b"  \n\n \r\n", "空"),
        ("binary.txt", bytes(range(256)) * 8, ""),
        ("latin1.txt", "Grüße aus Köln, ça va? ".encode("latin-1") * 20, ""),
        ("noarticle.txt", "今天天气很好。\n\n我们去公园散步。\n".encode(), ""),
    ],
)
def test_bad_file_reports_one_line_adds_nothing_and_others_still_load(tmp_path, name, data, reason):
    Issue.objects.filter(source_name="004_f12e023adc1fa3b0.txt").delete()
    before = state()
    bad = tmp_path / name
    bad.write_bytes(data)
    good = tmp_path / "004_f12e023adc1fa3b0.txt"
    shutil.copy(SEEDS / good.name, good)
    with pytest.raises(CommandError) as failure:
        load(bad, good, manifest=SEEDS / "manifest.csv")
    assert failure.value.returncode == 1
    assert Issue.objects.filter(source_name=good.name).count() == 1
    assert Issue.objects.filter(source_name=name).count() == 0
    after = state()
    assert after["issues"][: len(before["issues"])] == before["issues"]


def test_bad_file_message_names_file_and_reason(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("load_issues", str(bad), stdout=io.StringIO(), stderr=err)
    lines = [line for line in err.getvalue().splitlines() if line.strip()]
    assert len(lines) == 1
    assert "empty.txt" in lines[0]


def test_changed_file_keeps_staff_corrections(tmp_path):
    seed = SEEDS / "001_a192f4ec0cc23092.txt"
    issue = Issue.objects.get(source_name=seed.name)
    first, second = issue.articles.order_by("position")[:2]
    first.title = "人工更正的标题"
    first.corrected_fields = ["title"]
    first.save()
    ids = set(issue.articles.values_list("pk", flat=True))

    changed = seed.read_text(encoding="utf-8").replace("携手同心开创合作共赢发展的新局面", "携手同心开创合作共赢新局面")
    (tmp_path / seed.name).write_text(changed, encoding="utf-8")
    load(tmp_path / seed.name, manifest=SEEDS / "manifest.csv")

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.title == "人工更正的标题"
    assert first.machine_values["title"].startswith("坚决扛牢")
    assert second.title == "携手同心开创合作共赢新局面"
    assert set(issue.articles.values_list("pk", flat=True)) == ids
    record = ChangeRecord.objects.filter(object_id=second.pk, action="reload").latest("id")
    assert record.changes["title"] == ["携手同心开创合作共赢发展的新局面", "携手同心开创合作共赢新局面"]


def test_corrected_people_survive_reload(tmp_path):
    seed = SEEDS / "003_9a563783e87df881.txt"
    article = Article.objects.get(issue__source_name=seed.name, title__startswith="深入推进")
    article.appearances.filter(person__name="朱春光").update(title="常务副市长")
    article.corrected_fields = ["persons"]
    article.save()
    text = seed.read_text(encoding="utf-8") + "\n\n"
    (tmp_path / seed.name).write_text(text.replace("副市长朱春光主持会议", "副市长朱春光主持会议。"), encoding="utf-8")
    load(tmp_path / seed.name, manifest=SEEDS / "manifest.csv")
    assert article.appearances.get(person__name="朱春光").title == "常务副市长"


def test_manifest_with_bad_date_refuses_its_file_with_one_clear_line(tmp_path):
    seed = SEEDS / "001_a192f4ec0cc23092.txt"
    manifest = tmp_path / "m.csv"
    manifest.write_text(f"file,paper,issue_date\n{seed.name},衡阳晚报,2023-13-45\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("load_issues", str(seed), manifest=manifest, stdout=io.StringIO(), stderr=err)
    reason = "清单 m.csv 第 2 行：日期格式应为 YYYY-MM-DD：'2023-13-45'"
    assert err.getvalue().strip().splitlines() == [f"失败 {seed}: {reason}"]


def test_undated_page_without_manifest_is_refused(tmp_path):
    seed = SEEDS / "000_883bd1d2d72a0bab.txt"
    copy = tmp_path / "undated.txt"
    shutil.copy(seed, copy)
    before = state()
    with pytest.raises(CommandError):
        load(copy)
    assert state() == before


def run_manage(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=120,
    )


def test_parse_issue_prints_the_contract():
    result = run_manage("parse_issue", "seeds/001_a192f4ec0cc23092.txt", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"source", "sha256", "paper", "issue_date", "issue_date_confidence", "event_dates", "warnings",
            "articles"} <= set(data)
    assert data["paper"] == "衡阳晚报"
    assert data["issue_date"] == "2023-08-19"
    first = data["articles"][0]
    assert {"position", "kind", "kicker", "title", "subtitle", "column", "dateline", "place", "reporters", "date",
            "paragraphs", "persons", "event", "warnings"} <= set(first)
    assert first["reporters"] == [{"name": "陈润", "role": "全媒体记者"}]


def test_parse_issue_bad_file_exits_nonzero_with_one_line(tmp_path):
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\x01\x02\xff" * 100)
    result = run_manage("parse_issue", str(bad), "--json")
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "broken.txt" in lines[0]


# An invented page with furniture around one article: masthead, running head, staff line.
FURNISHED = """\
衡阳日报

2019年5月8日 星期三 · 第一版 · 要闻

# 全市重点项目建设推进会召开

本报讯（记者 覃小林）5月7日，全市重点项目建设推进会召开。副市长张建平出席并讲话。

张建平强调，要抓进度、抓质量，确保项目早日建成见效。

责任编辑 罗明 美编 李娟 校对 王芳
"""


def test_furniture_is_stored_on_the_issue_and_shown_as_running_head(tmp_path, client):
    page = tmp_path / "furnished.txt"
    page.write_text(FURNISHED, encoding="utf-8")
    load(page)
    issue = Issue.objects.get(source_name__endswith="furnished.txt")
    assert [(f["kind"], f["line"]) for f in issue.furniture] == [("masthead", 1), ("running_head", 3),
                                                                ("staff", 11)]
    article = issue.articles.get()
    assert "责任编辑" not in article.body and "要闻" not in article.title
    assert not article.needs_review and article.parse_warnings == []
    assert not set(article.appearances.values_list("person__name", flat=True)) & {"罗明", "李娟", "王芳"}
    html = client.get(issue.get_absolute_url()).content.decode()
    assert '<p class="running-head">2019年5月8日 星期三 · 第一版 · 要闻</p>' in html
    assert html.count("责任编辑") == 0


def test_parse_issue_json_has_furniture_and_review_flags(tmp_path):
    page = tmp_path / "furnished.txt"
    page.write_text(FURNISHED, encoding="utf-8")
    result = run_manage("parse_issue", str(page), "--json")
    data = json.loads(result.stdout)
    assert data["furniture"][1] == {"kind": "running_head", "text": "2019年5月8日 星期三 · 第一版 · 要闻", "line": 3}
    assert {"continues_on", "continued_from", "needs_review"} <= set(data["articles"][0])


def test_a_page_of_furniture_only_is_refused(tmp_path):
    page = tmp_path / "only.txt"
    page.write_text("衡阳日报\n\n2019年5月8日 星期三 · 第一版 · 要闻\n\n责任编辑 罗明\n", encoding="utf-8")
    result = run_manage("parse_issue", str(page), "--json")
    assert result.returncode != 0 and "no article found" in result.stderr and not result.stdout


def counts() -> dict:
    return {
        "people": list(Person.objects.order_by("pk").values_list("pk", "appearance_count", "first_seen", "last_seen")),
        "topics": list(Topic.objects.order_by("pk").values_list("pk", "name", "article_count")),
    }


def test_the_counts_the_loader_adds_are_the_counts_a_recount_gives(tmp_path):
    """The loader moves person and topic counts by what each file adds and removes (archive.counts):
    after new pages on other dates, a page whose people and topics changed, and a page loaded again
    with an article gone, every count and date is the one counting the rows afresh gives."""
    seed = SEEDS / "003_9a563783e87df881.txt"
    text = seed.read_text(encoding="utf-8")
    before = counts()
    manifest = ["file,paper,issue_date,page"]
    for n, (date, old, new) in enumerate([("1999-01-04", "朱春光", "王建新"), ("2024-06-01", "经济", "冷链物流")]):
        (tmp_path / f"extra{n}.txt").write_text(text.replace(old, new), encoding="utf-8")
        manifest.append(f"extra{n}.txt,衡阳日报,{date},1")
    (tmp_path / "manifest.csv").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    load(tmp_path)
    # The same page again, without its first article: its people and topics lose their rows there.
    first = Article.objects.filter(issue__source_name="extra0.txt").order_by("position").first()
    (tmp_path / "extra0.txt").write_text(text.replace(first.title, "").replace("朱春光", "李四光"), encoding="utf-8")
    load(tmp_path)
    assert Issue.objects.filter(source_name__startswith="extra").count() == 2
    loaded = counts()
    assert Person.objects.get(name="李四光").first_seen.isoformat() == "1999-01-04"
    assert Person.objects.get(name="王建新").appearance_count == 0
    assert loaded["topics"] != before["topics"] and loaded["people"] != before["people"]
    refresh_person_counts(Person.objects.values_list("pk", flat=True))
    refresh_topic_counts(Topic.objects.values_list("pk", flat=True))
    assert counts() == loaded
