"""The seed manifest: which paper, date and page each file is, where the text does not say."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass
from pathlib import Path

from . import validation

MANIFEST_NAME = "manifest.csv"


class ManifestError(Exception):
    pass


@dataclass(frozen=True)
class ManifestEntry:
    paper: str | None
    issue_date: datetime.date | None
    page: str
    # Why the row was refused ("manifest.csv 第 3 行：…"): its file is then refused too, not
    # loaded with values the manifest did not mean.
    refused: str = ""


def read_manifest(path: Path) -> dict[str, ManifestEntry]:
    """file name → entry. Columns: file, paper, issue_date (YYYY-MM-DD), page (optional).

    Each row is validated (archive.validation); a bad row refuses only its own file.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path}: 无法读取清单 ({exc})") from exc
    entries: dict[str, ManifestEntry] = {}
    first_line: dict[str, int] = {}
    # csv's own line splitting: str.splitlines() would also break at \x85 and U+2028 inside a value.
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames or "file" not in reader.fieldnames:
        raise ManifestError(f"{path}: 清单缺少 file 列")
    for row in reader:
        line_no = reader.line_num
        name = (row.get("file") or "").strip()
        if not name:
            continue
        try:
            if name in first_line:  # which of the two rows was meant is not for the loader to guess
                raise validation.Refused(f"文件 {name} 已在第 {first_line[name]} 行列出")
            first_line[name] = line_no
            entries[name] = _entry(row)
        except validation.Refused as exc:
            entries[name] = ManifestEntry(None, None, "1", refused=f"清单 {path.name} 第 {line_no} 行：{exc.reason}")
    return entries


def _entry(row: dict) -> ManifestEntry:
    paper, raw_date, page = ((row.get(column) or "").strip() for column in ("paper", "issue_date", "page"))
    return ManifestEntry(
        paper=validation.paper_name(paper) if paper else None,
        issue_date=validation.parse_date(raw_date) if raw_date else None,
        page=validation.page_label(page) if page else "1",
    )
