"""The seed manifest: which paper, date and page each file is, where the text does not say."""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

MANIFEST_NAME = "manifest.csv"


class ManifestError(Exception):
    pass


@dataclass(frozen=True)
class ManifestEntry:
    paper: str | None
    issue_date: datetime.date | None
    page: str


def read_manifest(path: Path) -> dict[str, ManifestEntry]:
    """file name → entry. Columns: file, paper, issue_date (YYYY-MM-DD), page (optional)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path}: 无法读取清单 ({exc})") from exc
    entries: dict[str, ManifestEntry] = {}
    reader = csv.DictReader(text.splitlines())
    if not reader.fieldnames or "file" not in reader.fieldnames:
        raise ManifestError(f"{path}: 清单缺少 file 列")
    for line_no, row in enumerate(reader, start=2):
        name = (row.get("file") or "").strip()
        if not name:
            continue
        raw_date = (row.get("issue_date") or "").strip()
        try:
            issue_date = datetime.date.fromisoformat(raw_date) if raw_date else None
        except ValueError as exc:
            raise ManifestError(f"{path}:{line_no}: 日期格式应为 YYYY-MM-DD：{raw_date!r}") from exc
        entries[name] = ManifestEntry(
            paper=(row.get("paper") or "").strip() or None,
            issue_date=issue_date,
            page=(row.get("page") or "").strip() or "1",
        )
    return entries
