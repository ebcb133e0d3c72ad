"""Load raw page files (or folders of them) into the archive (archive.bulkload does the work)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from archive.bulkload import BATCH_FILES, BATCH_SECONDS, WORKERS, LoadSummary, Outcome, load_files
from archive.loading import collect_files, skipped_files
from archive.manifest import ManifestError
from archive.models import Article, Issue, Person


class Command(BaseCommand):
    help = "导入版面文本文件或文件夹；同一文件重复导入不会产生重复，也不会覆盖人工更正。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--manifest", type=Path, help="CSV 清单：file,paper,issue_date,page")
        parser.add_argument("--workers", type=int, default=WORKERS, help=f"解析用的进程数（默认 {WORKERS}）")
        parser.add_argument("--batch-files", type=int, default=BATCH_FILES,
                            help=f"每导入多少个文件写一次索引（默认 {BATCH_FILES}，至少每 {BATCH_SECONDS:.0f} 秒）")

    def handle(self, *args, **options) -> None:
        try:
            files = collect_files(options["paths"], options["manifest"])
        except ManifestError as exc:
            raise CommandError(str(exc)) from exc
        skipped = skipped_files(options["paths"])
        if skipped:
            shown = "、".join(p.name for p in skipped[:20]) + ("…" if len(skipped) > 20 else "")
            self.stderr.write(f"跳过 {len(skipped)} 个非 .txt/.pdf 文件：{shown}")
        if not files:
            raise CommandError("没有找到可导入的 .txt 或 .pdf 文件")
        progress = tqdm(total=len(files), unit="页", disable=len(files) < 20 or None, file=sys.stderr,
                        dynamic_ncols=True)
        verbose = options["verbosity"] > 1

        def on_file(outcome: Outcome) -> None:
            progress.update()
            if outcome.status == "failed" or verbose:
                with tqdm.external_write_mode(file=sys.stderr):
                    if outcome.status == "failed":
                        self.stderr.write(f"失败 {outcome.path}: {outcome.reason}")
                    else:
                        self.stdout.write(f"{outcome.status} {outcome.path}")

        def on_wait(holder: str) -> None:
            with tqdm.external_write_mode(file=sys.stderr):
                self.stderr.write(f"另一个导入正在进行（进程 {holder}），等它结束后开始……")

        def on_rebuild(segments: int) -> None:
            with tqdm.external_write_mode(file=sys.stderr):
                self.stderr.write(f"索引已有 {segments} 段，重建为整体（期间照常可搜索）……")

        try:
            summary = load_files(files, on_file=on_file, on_wait=on_wait, on_rebuild=on_rebuild,
                                 workers=options["workers"],
                                 batch_files=max(1, options["batch_files"]))
        finally:
            progress.close()
        self.stdout.write(self.summary_line(summary, len(skipped)))
        if summary.counts["failed"]:
            raise CommandError(f"{summary.counts['failed']} 个文件导入失败", returncode=1)

    @staticmethod
    def summary_line(summary: LoadSummary, skipped: int = 0) -> str:
        c = summary.counts
        return (
            f"文件 {summary.files}（新建 {c['created']}，更新 {c['updated']}，未变 {c['unchanged'] + c['skipped']}"
            f"（按哈希跳过 {c['skipped']}），失败 {c['failed']}，跳过非 .txt/.pdf 文件 {skipped}）；"
            f"库中共 版面 {Issue.objects.count()}，文章 {Article.objects.count()}，人物 {Person.objects.count()}；"
            f"用时 {summary.seconds:.1f} 秒，每秒 {summary.rate:.1f} 页；"
            f"索引写入 {summary.index_writes} 次（{summary.documents} 篇）"
            + (f"，段数过多后重建（{summary.rebuilt} 篇）" if summary.rebuilt else "")
        )
