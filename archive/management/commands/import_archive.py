"""import_archive DIR: restore an export_archive backup into an empty database, then rebuild the index."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from archive.backup import BackupError, import_archive


class Command(BaseCommand):
    help = "把 export_archive 的备份恢复到空数据库（先校验全部文件），然后重建搜索索引。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="export_archive 写出的备份目录")

    def handle(self, *args, **options) -> None:
        from archive.search.dictionary import update_userdict

        try:
            parts = import_archive(options["directory"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = "，".join(f"{part.model} {part.count}" for part in parts)
        self.stdout.write(f"已恢复：{rows}")
        update_userdict()  # the learned names, before the index that is segmented with them
        call_command("rebuild_index", verbosity=options["verbosity"], stdout=self.stdout._out)
