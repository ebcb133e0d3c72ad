"""The correction desk in a browser, as an editor and as a superuser: merge (previous, next, chosen),
split, move, revert, a person's title in many articles, a reader's report; then what readers see,
after a re-load of changed copies of every seed file.
"""

from __future__ import annotations

import datetime
import re
import shutil
from importlib import import_module
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from playwright.sync_api import expect

from archive.models import Article, ReaderReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "x-Very-long-pass-42"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def viewport() -> dict:
    return DESKTOP  # the desk is a desktop tool; the reading pages are checked on phones elsewhere


def editor_group() -> Group:
    """The group the migrations make (a live-server test's flush empties it): the same permissions."""
    codenames = [
        f"{action}_{model}"
        for name in ("0003_editor_group", "0005_permalinks_reports")
        for model, actions in import_module(f"archive.migrations.{name}").EDITOR_PERMISSIONS.items()
        for action in actions
    ]
    group, _ = Group.objects.get_or_create(name="editor")
    group.permissions.set(Permission.objects.filter(content_type__app_label="archive", codename__in=codenames))
    return group


@pytest.fixture
def accounts(live_url) -> dict[str, str]:
    User.objects.create_superuser("chief", "chief@example.org", PASSWORD)
    editor = User.objects.create_user("editor1", password=PASSWORD, is_staff=True)
    editor.groups.add(editor_group())
    return {"chief": "chief", "editor": "editor1"}


def log_in(page, live_url: str, username: str) -> None:
    page.goto(f"{live_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#workbench")).to_be_visible()


def at(date: str, position: int) -> Article:
    return Article.objects.get(issue__date=datetime.date.fromisoformat(date), position=position)


class Clicks:
    """Counts the clicks of one task."""

    def __init__(self, page) -> None:
        self.page, self.count = page, 0

    def __call__(self, locator) -> None:
        locator.click()
        self.count += 1


def test_editor_fixes_fragments_splits_moves_and_reverts(live_url, accounts, page, shoot, tmp_path):
    log_in(page, live_url, accounts["editor"])
    first, fragment, second_fragment = at("2023-10-27", 1), at("2023-10-27", 2), at("2023-10-27", 3)
    fragment_uid = fragment.uid

    # A fragment into the previous article: two clicks from its page, with the result shown first.
    page.goto(f"{live_url}/admin/archive/article/{fragment.pk}/change/")
    click = Clicks(page)
    click(page.get_by_role("link", name="并入上一篇"))
    preview = page.locator("#merge-preview")
    expect(preview).to_contain_text(first.title)
    expect(preview).to_contain_text(fragment.paragraphs[0][:20])
    shoot("merge-preview")
    click(page.locator("#confirm-merge"))
    expect(page.locator(".messagelist")).to_contain_text("已并入")
    assert click.count == 2

    # The second fragment into an article chosen by its title: three clicks.
    page.goto(f"{live_url}/admin/archive/article/{second_fragment.pk}/change/")
    click = Clicks(page)
    click(page.get_by_role("link", name="并入本版其他文章…"))
    click(page.locator("#merge-choices").get_by_role("link", name=re.compile("^坚定信心")))
    expect(page.locator("#merge-preview")).to_contain_text(second_fragment.paragraphs[0][:20])
    click(page.locator("#confirm-merge"))
    expect(page.locator(".messagelist")).to_contain_text("已并入")
    assert click.count == 3
    first.refresh_from_db()
    assert first.body.endswith(second_fragment.body) and first.issue.articles.count() == 3

    # A photo into the next article.
    photo = at("2021-05-28", 5)
    page.goto(f"{live_url}/admin/archive/article/{photo.pk}/change/")
    page.get_by_role("link", name="并入下一篇").click()
    expect(page.locator("#merge-preview")).to_contain_text("学生同跳大型团体操")
    page.locator("#confirm-merge").click()
    expect(page.locator(".messagelist")).to_contain_text("已并入")

    # Split with a preview of both parts; the new part has its own source lines and the byline.
    article = at("2023-08-19", 2)
    page.goto(f"{live_url}/admin/archive/article/{article.pk}/change/")
    page.get_by_role("link", name="拆分", exact=True).click()
    page.locator("input[name=at][value='3']").check()
    page.fill("#id_title", "拆出的新闻")
    page.get_by_role("button", name="预览拆分").click()
    expect(page.locator("#preview-new")).to_contain_text(article.paragraphs[2][:15])
    expect(page.locator("#preview-new")).to_contain_text(article.byline)
    shoot("split-preview")
    page.get_by_role("button", name="确认拆分").click()
    expect(page.locator(".messagelist")).to_contain_text("已拆分")
    new = Article.objects.get(title="拆出的新闻")
    assert new.byline == article.byline and new.first_line > article.first_line
    expect(page.locator("#raw-text h2")).to_contain_text(f"第 {new.first_line}–{new.last_line} 行")

    # Move the new part to the top of the page.
    page.get_by_role("link", name="调整位置").click()
    page.locator("input[name=place][value='1']").check()
    page.get_by_role("button", name="移到所选位置").click()
    expect(page.locator(".messagelist")).to_contain_text("已调整版面位置")
    assert Article.objects.get(pk=new.pk).position == 1

    # Edit a title, then revert to the machine's version from the history, after a preview.
    target = at("2023-03-23", 3)
    page.goto(f"{live_url}/admin/archive/article/{target.pk}/change/")
    expect(page.locator("label[for=id_title]")).to_have_text(re.compile("主标题"))
    page.fill("#id_title", "临时改错的标题")
    page.click("input[name=_save]")
    page.goto(f"{live_url}/admin/archive/article/{target.pk}/history/")
    page.get_by_role("link", name="恢复到此版本…").first.click()
    expect(page.locator("#revert-preview")).to_contain_text("临时改错的标题")
    expect(page.locator("#revert-preview")).to_contain_text("人工更正标记")
    shoot("revert-preview")
    page.get_by_role("button", name="确认恢复为此版本").click()
    expect(page.locator(".messagelist")).to_contain_text("已恢复")
    target.refresh_from_db()
    assert target.title == target.machine_values["title"] and target.corrected_fields == []

    # The recent actions list every correction.
    page.goto(f"{live_url}/admin/")
    actions = page.locator("#recent-actions-module")
    expect(actions).to_contain_text("拆出的新闻")

    # Changed copies of every seed file are loaded again: corrections and old URLs hold.
    for source in (SEEDS / "manifest.csv", *sorted(SEEDS.glob("*.txt"))):
        shutil.copy(source, tmp_path / source.name)
        if source.suffix == ".txt":
            (tmp_path / source.name).write_bytes(source.read_bytes() + b"\n")
    call_command("load_issues", str(tmp_path), verbosity=0)
    assert Article.objects.get(pk=new.pk).position == 1 and Article.objects.get(pk=first.pk).body == first.body

    reader = page.context.browser.new_context(locale="zh-CN", viewport=DESKTOP).new_page()
    reader.goto(f"{live_url}/issues/hywb/2023-10-27/1/2/")  # the fragment's old position URL
    expect(reader).to_have_url(f"{live_url}{first.get_absolute_url()}")
    reader.goto(f"{live_url}/articles/{fragment_uid}/")  # the fragment's permalink
    expect(reader).to_have_url(f"{live_url}{first.get_absolute_url()}")
    expect(reader.locator(".corrected-note")).to_contain_text("合并")
    expect(reader.locator(".corrected-note")).not_to_contain_text("editor1")
    expect(reader.locator(".edit-link")).to_have_count(0)
    reader.goto(f"{live_url}/issues/hywb/2023-08-19/1/2/")
    expect(reader.get_by_role("heading", level=1)).to_have_text(article.title)
    page.goto(f"{live_url}{first.get_absolute_url()}")
    expect(page.locator(".edit-link")).to_be_visible()  # staff see an edit link
    reader.context.close()


def test_chief_fixes_a_title_in_six_articles_and_handles_a_report(live_url, accounts, page, shoot, browser):
    # A reader reports an error.
    reader = browser.new_context(locale="zh-CN", viewport=DESKTOP).new_page()
    article = at("2023-03-23", 2)
    reader.goto(f"{live_url}{article.get_absolute_url()}")
    reader.get_by_role("link", name="报告错误").click()
    reader.fill("#id_message", "于新凡的职务应为副市长")
    reader.get_by_role("button", name="提交").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("谢谢，报告已收到")
    reader.context.close()

    log_in(page, live_url, accounts["chief"])
    expect(page.locator("#workbench")).to_contain_text("读者报告（待处理）：1 条")
    page.get_by_role("link", name="读者报告（待处理）").click()
    page.get_by_role("link", name=re.compile("待处理")).first.click()
    expect(page.locator("body")).to_contain_text("于新凡的职务应为副市长")

    # Fix the title everywhere: the person page lists each appearance; one form changes all six.
    page.goto(f"{live_url}/admin/archive/person/?q=于新凡")
    page.get_by_role("link", name="于新凡").first.click()
    rows = page.locator("#appearances tbody tr")
    expect(rows).to_have_count(6)
    expect(page.locator("#appearances")).to_contain_text("第1版")
    page.select_option("#id_from_title", "*")
    page.fill("#id_new_title", "副市长")
    page.get_by_role("button", name="批量修改职务").click()
    expect(page.locator(".messagelist")).to_contain_text("已把 6 篇文章")
    expect(page.locator("#appearances .printed-title")).to_have_text(["副市长"] * 6)
    shoot("person-titles")

    report = ReaderReport.objects.get()
    page.goto(f"{live_url}/admin/archive/readerreport/{report.pk}/change/")
    page.select_option("#id_status", "fixed")
    page.fill("#id_staff_note", "已批量更正职务")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_be_visible()
    report.refresh_from_db()
    assert report.status == "fixed" and report.handled_by.username == "chief"
    page.goto(f"{live_url}/admin/archive/article/{article.pk}/history/")
    expect(page.locator("#change-history")).to_contain_text("处理读者报告")
    expect(page.locator("#change-history")).to_contain_text("副市长")

    # What readers see: the new title on the person page and the article, and in a search.
    page.goto(f"{live_url}/people/于新凡/")
    expect(page.locator("table.titles")).to_contain_text("副市长")
    page.goto(f"{live_url}/search/?q=于新凡")
    expect(page.locator("main")).to_contain_text("于新凡")
    page.goto(f"{live_url}{article.get_absolute_url()}")
    expect(page.locator(".people-list")).to_contain_text("副市长")
    expect(page.locator(".corrected-note")).to_contain_text("人物")
    assert Path(shoot("article-corrected")).exists()
