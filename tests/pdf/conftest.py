"""Page PDFs made once per test session from the seeds and a few invented pages (tests/pdf/pdfmaker.py).

The CJK font comes from Debian's fonts-wqy-microhei, which `make browser` installs with chromium.
"""

import io
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.parsing import parse_page

from .pdfmaker import FONT_FILE, Placed, make_page_pdf

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
INVENTED = ROOT / "tests" / "data" / "invented"
INVENTED_PAGES = ("wanbao_2012_photos.txt", "ribao_2019_furniture.txt", "wanbao_2015_two_column.txt")


@dataclass
class MadePdf:
    text_path: Path
    pdf: Path
    placed: list[Placed]


def _ensure_font() -> None:
    if FONT_FILE.exists():
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "fonts-wqy-microhei"], check=False)
    if not FONT_FILE.exists():
        pytest.fail(f"the CJK font for the test PDFs is missing: {FONT_FILE} (fonts-wqy-microhei)")


def _make(text_path: Path, folder: Path, columns: int) -> MadePdf:
    text = text_path.read_text(encoding="utf-8")
    photos = frozenset(a.first_line for a in parse_page(text.encode(), text_path.name).articles if a.kind == "photo")
    pdf = folder / (text_path.stem + ".pdf")
    return MadePdf(text_path, pdf, make_page_pdf(text, pdf, columns=columns, photos_before=photos))


@pytest.fixture(scope="session")
def pdf_pages(tmp_path_factory) -> dict[str, MadePdf]:
    """Text file name → the PDF made from it; the seeds in seeds_pdf/ with their manifest."""
    _ensure_font()
    seeds = tmp_path_factory.mktemp("seeds_pdf")
    invented = tmp_path_factory.mktemp("invented_pdf")
    made = {p.name: _make(p, seeds, 4) for p in sorted(SEEDS.glob("*.txt"))}
    made.update({name: _make(INVENTED / name, invented, 5) for name in INVENTED_PAGES})
    manifest = (SEEDS / "manifest.csv").read_text(encoding="utf-8").replace(".txt,", ".pdf,")
    (seeds / "manifest.csv").write_text(manifest, encoding="utf-8")
    return made


def run_load(*paths) -> tuple[int, str, str]:
    """load_issues → (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("load_issues", *map(str, paths), stdout=out, stderr=err, verbosity=2)
        status = 0
    except CommandError as exc:
        status = exc.returncode
        err.write(str(exc))
    return status, out.getvalue(), err.getvalue()
