"""Load raw page files (or folders of them) into the archive."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from archive.loading import LoadError, collect_files, load_bytes, read_file, skipped_files
from archive.manifest import ManifestError
from archive.models import Article, Issue, Person


class Command(BaseCommand):
    help = "导入版面文本文件或文件夹；同一文件重复导入不会产生重复，也不会覆盖人工更正。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--manifest", type=Path, help="CSV 清单：file,paper,issue_date,page")

    def handle(self, *args, **options) -> None:
        try:
            files = collect_files(options["paths"], options["manifest"])
        except ManifestError as exc:
            raise CommandError(str(exc)) from exc
        skipped = skipped_files(options["paths"])
        if skipped:
            shown = "、".join(p.name for p in skipped[:20]) + ("…" if len(skipped) > 20 else "")
            self.stderr.write(f"跳过 {len(skipped)} 个非 .txt 文件：{shown}")
        if not files:
            raise CommandError("没有找到可导入的 .txt 文件")
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        failures = 0
        progress = tqdm(files, unit="file", disable=len(files) < 20 or None, file=sys.stderr)
        for path, entry in progress:
            try:
                result = load_bytes(read_file(path), path.name, entry)
            except LoadError as exc:
                failures += 1
                with tqdm.external_write_mode(file=sys.stderr):
                    self.stderr.write(f"失败 {path}: {exc}")
                continue
            counts[result.status] += 1
            if options["verbosity"] > 1:
                with tqdm.external_write_mode(file=sys.stderr):
                    self.stdout.write(f"{result.status} {path}")
        self.stdout.write(
            f"文件 {len(files)}（新建 {counts['created']}，更新 {counts['updated']}，未变 {counts['unchanged']}，"
            f"失败 {failures}，跳过非 .txt 文件 {len(skipped)}）；"
            f"库中共 版面 {Issue.objects.count()}，文章 {Article.objects.count()}，人物 {Person.objects.count()}"
        )
        if failures:
            raise CommandError(f"{failures} 个文件导入失败", returncode=1)
