"""export_archive DIR: the whole archive as JSON Lines files with a manifest of counts and checksums."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from archive.backup import BackupError, export_archive


class Command(BaseCommand):
    help = "把整个档案（版面原文、文章及人工更正、人物、主题、修改记录、账户）导出为 JSON Lines 备份。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="备份目录（新建或空目录）")

    def handle(self, *args, **options) -> None:
        try:
            parts = export_archive(options["directory"])
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        rows = "，".join(f"{part.model} {part.count}" for part in parts)
        self.stdout.write(f"已导出到 {options['directory']}：{rows}")
