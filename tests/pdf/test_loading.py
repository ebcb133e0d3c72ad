"""load_issues with page PDFs: the same articles as the text, the PDF and its images kept once,
regions that cover their articles' lines, a scan refused."""

import shutil

import pytest

from archive.models import Article, Issue, PageImage
from archive.pdf import storage
from archive.pdf.pages import NOT_FOUND
from tests.pdf.conftest import run_load
from tests.pdf.pdfmaker import make_scan_pdf

pytestmark = pytest.mark.django_db


def articles_of(issue):
    return [(a.kind, a.title, a.body, a.byline) for a in issue.articles.order_by("position")]


@pytest.fixture
def seed_folder(pdf_pages):
    return next(iter(pdf_pages.values())).pdf.parent


def test_seed_pdfs_load_as_the_seed_texts(seed_folder):
    before = {i.source_name.replace(".txt", ".pdf"): articles_of(i) for i in Issue.objects.all()}
    status, out, err = run_load(seed_folder)
    assert status == 0, err
    assert "失败 0" in out
    for issue in Issue.objects.all():
        assert issue.source_name.endswith(".pdf")
        assert articles_of(issue) == before[issue.source_name]
        assert issue.page_image.image_width > issue.page_image.thumb_width > 0


def test_files_are_kept_by_sha256_and_reloading_changes_nothing(seed_folder):
    run_load(seed_folder)
    page = PageImage.objects.first()
    files = {kind: storage.path_for(page.pdf_sha256, kind) for kind in storage.KINDS}
    assert all(path.exists() for path in files.values())
    assert storage.file_sha256(files["pdf"]) == page.pdf_sha256
    stamps = {kind: path.stat().st_mtime_ns for kind, path in files.items()}
    regions = dict(Article.objects.values_list("pk", "regions"))
    status, out, _ = run_load(seed_folder)
    assert status == 0
    assert "新建 0，更新 0，未变 5" in out
    assert {kind: path.stat().st_mtime_ns for kind, path in files.items()} == stamps
    assert dict(Article.objects.values_list("pk", "regions")) == regions
    assert PageImage.objects.count() == 5


def extracted_line_numbers(source: list[str], extracted: list[str]) -> dict[int, int]:
    """Source text line → the extracted text's line with the same words, in order (lines repeat:
    every byline reads 衡阳晚报讯 (全媒体记者 …))."""
    numbers, at = {}, 0
    for number, line in enumerate(source, start=1):
        if line.strip():
            at = extracted.index(line, at) + 1
            numbers[number] = at
    return numbers


def test_regions_cover_every_line_of_their_article(pdf_pages, seed_folder):
    run_load(seed_folder)
    for name, made in pdf_pages.items():
        if not name[0].isdigit():
            continue
        issue = Issue.objects.get(source_name=made.pdf.name)
        numbers = extracted_line_numbers(made.text_path.read_text(encoding="utf-8").splitlines(),
                                         issue.raw_text.splitlines())
        for article in issue.articles.all():
            assert article.regions, (name, article.title)
            assert NOT_FOUND not in article.parse_warnings
            lines = [p for p in made.placed if article.first_line <= numbers[p.source_line] <= article.last_line]
            assert lines
            for placed in lines:
                x0, top, x1, bottom = placed.box
                middle = (top + bottom) / 2
                assert any(r[0] <= x0 + 1 and x1 - 1 <= r[2] and r[1] < middle < r[3]
                           for r in article.regions), (article.title, placed)


def test_invented_pages_load_from_pdf(pdf_pages, tmp_path):
    names = [n for n in pdf_pages if not n[0].isdigit()]
    for name in names:
        shutil.copy(pdf_pages[name].text_path, tmp_path / name)
    assert run_load(tmp_path)[0] == 0
    from_text = {i.date: articles_of(i) for i in Issue.objects.filter(source_name__in=names)}
    pdfs = tmp_path / "pdf"
    pdfs.mkdir()
    for name in names:
        shutil.copy(pdf_pages[name].pdf, pdfs)
    status, out, err = run_load(pdfs)
    assert status == 0, err
    loaded = Issue.objects.filter(source_name__endswith=".pdf", page_image__isnull=False)
    assert {i.date: articles_of(i) for i in loaded} == from_text
    photos = Article.objects.filter(issue__in=loaded, kind="photo")
    assert photos and all(a.regions for a in photos)


def test_a_scan_is_refused_and_leaves_nothing(tmp_path):
    make_scan_pdf(tmp_path / "scan.pdf")
    issues = Issue.objects.count()
    status, _, err = run_load(tmp_path / "scan.pdf")
    assert status == 1
    assert "失败" in err and "没有文字层" in err and "OCR" in err
    assert Issue.objects.count() == issues
