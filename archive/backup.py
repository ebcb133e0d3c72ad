"""Backups: the whole archive as JSON Lines files plus a manifest, and their restore.

One file per model, every concrete field and many-to-many field of every row (Django's
JSON Lines serializer, with full microseconds), so staff corrections, the machine values
kept for "revert", the change history and the raw text of every page come back exactly
as they were. Primary keys are kept: article URLs of the API, and the history's links to
the objects it records, are ids. References to Django's own tables (content types,
groups, permissions, users) go by natural key, since their ids differ between databases.

The manifest lists each file with its row count and SHA-256; a restore checks all of
them, and that the database is empty, before it writes a row. The search index is not
in the backup: it is rebuilt from the restored rows.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model
from django.utils import timezone

from .pdf.storage import file_sha256

FORMAT = "hengyang-archive-backup"
VERSION = 1
MANIFEST_NAME = "manifest.json"

# What a backup holds, in restore order (each model after the ones it refers to).
# Adding a model to the archive's backups is one line here.
BACKUP_MODELS = (
    "auth.User",
    "archive.Paper",
    "archive.Issue",
    "archive.Article",
    "archive.ArticleRedirect",
    "archive.Person",
    "archive.PersonAlias",
    "archive.Appearance",
    "archive.Event",
    "archive.Topic",
    "archive.TopicRedirect",
    "archive.ArticleTopic",
    "archive.ChangeRecord",
    "archive.ReaderReport",
    "admin.LogEntry",
)
CHUNK = 2000


class BackupError(Exception):
    """A backup that cannot be written or restored, with the reason."""


class _Encoder(DjangoJSONEncoder):
    """DjangoJSONEncoder cuts times to milliseconds; a backup keeps every digit."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


@dataclass
class Part:
    model: str
    file: str
    count: int
    sha256: str


def backup_models() -> list[type[Model]]:
    return [apps.get_model(label) for label in BACKUP_MODELS]


def _file_name(model: type[Model]) -> str:
    return f"{model._meta.label_lower}.jsonl"


def _natural_key_relations(model: type[Model]) -> list[str]:
    """Foreign keys written as natural keys: joined, or the serializer fetches each one per row."""
    return [f.name for f in model._meta.concrete_fields if f.is_relation and hasattr(f.related_model, "natural_key")]


def _applied_migrations(alias: str) -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connections[alias]).applied_migrations())


def export_archive(directory: Path, alias: str = DEFAULT_DB_ALIAS) -> list[Part]:
    """Write every backed-up model to DIRECTORY/<app>.<model>.jsonl and the manifest; returns the parts.

    Read in one transaction, so the files agree with each other even while a load runs.
    """
    directory.mkdir(parents=True, exist_ok=True)
    if (directory / MANIFEST_NAME).exists():
        raise BackupError(f"{directory} 里已有备份（{MANIFEST_NAME}），请换一个空目录")
    parts = []
    with transaction.atomic(using=alias):
        for model in backup_models():
            path = directory / _file_name(model)
            rows = model._default_manager.using(alias).order_by("pk").select_related(*_natural_key_relations(model))
            with path.open("w", encoding="utf-8") as stream:
                serializers.serialize(
                    "jsonl", rows.iterator(chunk_size=CHUNK), stream=stream, cls=_Encoder,
                    use_natural_foreign_keys=True,
                )
            parts.append(Part(model._meta.label_lower, path.name, rows.count(), file_sha256(path)))
        migrations = _applied_migrations(alias)
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": timezone.now().isoformat(),
        "migrations": migrations,
        "files": [part.__dict__ for part in parts],
    }
    (directory / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return parts


def read_manifest(directory: Path, alias: str = DEFAULT_DB_ALIAS) -> list[Part]:
    """The backup's parts, each file checked against its size and checksum; BackupError if any differs."""
    path = directory / MANIFEST_NAME
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{directory} 不是备份目录：没有 {MANIFEST_NAME}") from None
    except (OSError, ValueError) as exc:
        raise BackupError(f"{path} 无法读取：{exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError(f"{path} 不是本档案馆第 {VERSION} 版的备份清单")
    parts = [Part(**entry) for entry in manifest["files"]]
    known = {model._meta.label_lower for model in backup_models()}
    for part in parts:
        if part.model not in known:
            raise BackupError(f"备份中的 {part.model} 不是本版本档案的数据")
        file = directory / part.file
        if not file.is_file():
            raise BackupError(f"备份文件缺失：{file}")
        if file_sha256(file) != part.sha256:
            raise BackupError(f"备份文件校验失败（SHA-256 不符），文件已损坏或被改动：{file}")
        with file.open("rb") as f:
            lines = sum(1 for line in f if line.strip())
        if lines != part.count:
            raise BackupError(f"备份文件行数 {lines} 与清单的 {part.count} 不符：{file}")
    missing = ", ".join(sorted(set(manifest.get("migrations", [])) - set(_applied_migrations(alias))))
    if missing:
        raise BackupError(f"备份来自更新的版本，本数据库缺少迁移 {missing}：请先更新代码并运行 migrate")
    return parts


def non_empty_tables(alias: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    counts = {model._meta.label_lower: model._default_manager.using(alias).count() for model in backup_models()}
    return {label: n for label, n in counts.items() if n}


def import_archive(directory: Path, alias: str = DEFAULT_DB_ALIAS) -> list[Part]:
    """Restore a backup into an empty database, in one transaction; returns the parts restored.

    Every file is verified first and the database must be empty, so a restore either
    brings back the whole archive or changes nothing. The caller rebuilds the search index.
    """
    parts = read_manifest(directory, alias)
    filled = non_empty_tables(alias)
    if filled:
        shown = "，".join(f"{label} {n} 行" for label, n in filled.items())
        raise BackupError(f"只能恢复到空数据库，而这个数据库已有数据（{shown}）")
    by_label = {part.model: part for part in parts}
    restored = []
    with transaction.atomic(using=alias):
        for model in backup_models():
            part = by_label.get(model._meta.label_lower)
            if part is None:
                continue
            _restore_file(directory / part.file, alias)
            restored.append(part)
        _reset_sequences(alias)
    return restored


def _restore_file(path: Path, alias: str) -> None:
    with path.open(encoding="utf-8") as stream:
        deferred = []
        for item in serializers.deserialize("jsonl", stream, using=alias, handle_forward_references=True):
            item.save(using=alias)
            if item.deferred_fields:
                deferred.append(item)
        for item in deferred:
            item.save_deferred_fields(using=alias)


def _reset_sequences(alias: str) -> None:
    """After rows with their own ids, the next new row must not reuse one (PostgreSQL sequences)."""
    connection = connections[alias]
    statements = connection.ops.sequence_reset_sql(no_style(), backup_models())
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
