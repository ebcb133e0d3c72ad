"""Hardening fixtures: hostile files written to a temporary folder and loaded with load_issues."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parent.parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "001_a192f4ec0cc23092.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")
GOOD_ROW = "衡阳晚报,2023-08-19,1"


def run_load(*paths, **options) -> tuple[int, str, str]:
    """load_issues → (exit status, stdout, stderr); a failed file is status 1, not an exception."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("load_issues", *map(str, paths), stdout=out, stderr=err, **options)
        status = 0
    except CommandError as exc:
        status = exc.returncode
        err.write(str(exc))
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def folder(tmp_path):
    """A folder to fill with pages and a manifest.csv (header written; rows via add_row)."""
    (tmp_path / "manifest.csv").write_text("file,paper,issue_date,page\n", encoding="utf-8")
    return tmp_path


def add_page(folder: Path, name: str, data: bytes | str, row: str = GOOD_ROW) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    with (folder / "manifest.csv").open("a", encoding="utf-8") as f:
        f.write(f"{name},{row}\n")
    return path
