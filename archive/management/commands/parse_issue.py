"""Print what the parser makes of one raw page, without touching the database."""

import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from archive.loading import LoadError, read_file
from archive.parsing import ParseError, parse_page
from archive.pdf.pages import is_pdf


class Command(BaseCommand):
    help = "解析一个版面文本文件或版面 PDF 并输出结果（不写数据库）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--json", action="store_true", help="输出 parse-output.md 约定的 JSON")
        parser.add_argument("--paper", help="报名（覆盖正文推断）")
        parser.add_argument("--date", type=datetime.date.fromisoformat, help="出版日期 YYYY-MM-DD")

    def handle(self, *args, **options) -> None:
        path: Path = options["path"]
        try:
            data = read_file(path) if is_pdf(path) else path.read_bytes()  # a page PDF: its text layer
        except LoadError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        except OSError as exc:
            raise CommandError(f"{path}: 无法读取文件 ({exc.strerror or exc})") from exc
        try:
            page = parse_page(data, source=str(path), paper=options["paper"], issue_date=options["date"])
        except ParseError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(page.to_contract(), ensure_ascii=False, indent=2))
            return
        date = page.issue_date or "日期未知"
        self.stdout.write(f"{page.source}  {page.paper}  {date} ({page.issue_date_confidence})")
        for warning in page.warnings:
            self.stdout.write(f"  ! {warning}")
        for item in page.articles:
            heading = item.title or (item.paragraphs[0][:30] + "…" if item.paragraphs else "")
            names = "、".join(p.name for p in item.persons)
            self.stdout.write(f"{item.position:>3}. [{item.kind}] {heading}  {item.date or ''}  {names}")
