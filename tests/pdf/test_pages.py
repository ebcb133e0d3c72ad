"""The printed page on the reading pages, its files, its IIIF manifest, and regions through
corrections (edits, split, merge, clearing in the admin)."""

import json
import re
from pathlib import Path

import jsonschema
import pytest
from django.contrib.auth.models import Group, User

from archive.corrections.structure import merge_articles, next_on_page, split_article
from archive.models import Issue
from tests.pdf.conftest import run_load

pytestmark = pytest.mark.django_db
SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "data" / "iiif" / "iiif_3_0.json").read_text())
SEED = "001_a192f4ec0cc23092"


@pytest.fixture
def issue(pdf_pages, tmp_path) -> Issue:
    """The seed page of 2023-08-19 loaded again from its PDF (over its text, loaded by the session)."""
    made = pdf_pages[SEED + ".txt"]
    (tmp_path / made.pdf.name).write_bytes(made.pdf.read_bytes())
    (tmp_path / "manifest.csv").write_text(
        f"file,paper,issue_date,page\n{made.pdf.name},衡阳晚报,2023-08-19,1\n", encoding="utf-8")
    status, _, err = run_load(tmp_path)
    assert status == 0, err
    return Issue.objects.get(source_name=made.pdf.name)


def test_issue_page_links_each_region_to_its_article(client, issue):
    html = client.get(issue.get_absolute_url()).content.decode()
    articles = list(issue.articles.order_by("position"))
    links = re.findall(r'<a class="region" href="([^"]+)" aria-label="([^"]+)">', html)
    assert links == [(a.get_absolute_url(), a.display_title) for a in articles]
    assert f'viewBox="0 0 {issue.page_image.width:.1f} {issue.page_image.height:.1f}"' in html
    assert "原版图像未收录" not in html
    assert 'href="/static/archive/pageview.js"' not in html  # the script is a static file …
    assert re.search(r'<script src="[^"]*pageview[^"]*\.js" defer></script>', html)
    assert "style=" not in html  # … and the page has no inline style
    assert 'href="' + issue.get_absolute_url() + 'iiif/manifest.json"' in html


def test_a_page_loaded_from_text_says_it_has_no_image(client):
    issue = Issue.objects.get(source_name="002_25b9b06cbbd2e5b3.txt")
    html = client.get(issue.get_absolute_url()).content.decode()
    assert "原版图像未收录" in html
    assert "photo-frame" not in html and 'class="region"' not in html


def test_page_files_are_served_for_good(client, issue):
    sha = issue.page_image.pdf_sha256
    for suffix, kind in ((".webp", "image/webp"), (".thumb.webp", "image/webp"), (".pdf", "application/pdf")):
        response = client.get(f"/pages/{sha}{suffix}")
        assert response.status_code == 200
        assert response["Content-Type"] == kind
        assert response["Cache-Control"] == "public, max-age=31536000, immutable"
        body = b"".join(response.streaming_content)
        assert body[:4] in (b"RIFF", b"%PDF")
    assert client.get("/pages/" + "0" * 64 + ".webp").status_code == 404
    assert client.get("/pages/../../settings.py").status_code == 404


def test_article_page_shows_its_clipping(client, issue):
    article = issue.articles.order_by("position")[1]
    html = client.get(article.get_absolute_url()).content.decode()
    boxes = re.findall(r'<svg class="clip" viewBox="([\d. ]+)"', html)
    assert [list(map(float, b.split())) for b in boxes] == [
        [r[0], r[1], round(r[2] - r[0], 1), round(r[3] - r[1], 1)] for r in article.regions]


def test_front_page_thumbnails_on_home_day_and_month(client, issue):
    thumb = f"/pages/{issue.page_image.pdf_sha256}.thumb.webp"
    for url in ("/", "/dates/2023-08-19/", "/dates/2023/08/"):
        html = client.get(url).content.decode()
        assert thumb in html, url


def test_iiif_manifest_is_valid_presentation_3(client, issue):
    response = client.get(issue.get_absolute_url() + "iiif/manifest.json")
    assert response.status_code == 200
    manifest = json.loads(response.content)
    jsonschema.validate(manifest, SCHEMA)
    canvas = manifest["items"][0]
    assert (canvas["width"], canvas["height"]) == (round(issue.page_image.width), round(issue.page_image.height))
    painting = canvas["items"][0]["items"][0]
    assert painting["motivation"] == "painting"
    assert painting["body"]["id"].endswith(f"/pages/{issue.page_image.pdf_sha256}.webp")
    notes = canvas["annotations"][0]["items"]
    assert [n["body"]["value"] for n in notes] == [a.display_title for a in issue.articles.order_by("position")]
    first = issue.articles.order_by("position")[0]
    x0, top, x1, bottom = first.regions[0]
    assert notes[0]["target"] == f"{canvas['id']}#xywh={round(x0)},{round(top)},{round(x1 - x0)},{round(bottom - top)}"
    svg_targets = [n["target"] for n in notes if isinstance(n["target"], dict)]
    assert svg_targets and all(t["selector"]["type"] == "SvgSelector" for t in svg_targets)
    text_only = Issue.objects.get(source_name="002_25b9b06cbbd2e5b3.txt")
    assert client.get(text_only.get_absolute_url() + "iiif/manifest.json").status_code == 404


def test_text_corrections_do_not_move_a_region(issue, tmp_path):
    article = issue.articles.order_by("position")[0]
    region = article.regions
    article.body = "更正后的正文。"
    article.corrected_fields = ["body"]
    article.save()
    issue.sha256 = "0" * 64  # the page stored again from its PDF, over the correction
    issue.save(update_fields=["sha256"])
    status, out, _ = run_load(tmp_path)
    assert status == 0 and "更新 1" in out
    article.refresh_from_db()
    assert article.body == "更正后的正文。"
    assert article.regions == region


def test_split_splits_the_region_and_merge_joins_it(issue):
    article = issue.articles.order_by("position")[1]
    whole = article.regions
    new = split_article(article, 2, None, title="拆出")
    article.refresh_from_db()
    assert article.regions and new.regions
    assert article.regions != whole and new.regions != whole
    pieces = [*article.regions, *new.regions]
    assert min(r[1] for r in pieces if r[0] == whole[0][0]) == whole[0][1]  # the first part starts where it did
    merged = merge_articles(article, next_on_page(article), None)
    assert {tuple(r) for r in merged.regions} == {tuple(r) for r in pieces}


def test_staff_see_and_clear_a_region_and_a_reload_keeps_it_cleared(client, issue, tmp_path):
    user = User.objects.create_user("editor1", password="x-Very-long-pass-42", is_staff=True)
    user.groups.add(Group.objects.get(name="editor"))
    client.force_login(user)
    article = issue.articles.order_by("position")[0]
    form = client.get(f"/admin/archive/article/{article.pk}/change/").content.decode()
    assert 'class="clip"' in form and "版面区域" in form
    response = client.post("/admin/archive/article/", {"action": "clear_regions", "_selected_action": [article.pk]})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.regions == [] and article.region_cleared
    again = tmp_path / "again"
    again.mkdir()
    for name in (issue.source_name, "manifest.csv"):
        (again / name).write_bytes((tmp_path / name).read_bytes())
    issue.sha256 = "0" * 64  # as if the page's text had changed: the loader stores it again
    issue.save(update_fields=["sha256"])
    status, out, _ = run_load(again)
    assert status == 0 and "更新 1" in out
    article.refresh_from_db()
    assert article.regions == [] and article.region_cleared
    assert issue.articles.exclude(pk=article.pk).exclude(regions=[]).count() == issue.articles.count() - 1
