"""export_archive / import_archive: a round trip loses nothing, and a restore refuses what it cannot do whole."""

from __future__ import annotations

import io
import json

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command

from archive.backup import MANIFEST_NAME, backup_models, export_archive, import_archive
from archive.models import Article, ChangeRecord, Person, PersonAlias

from .test_database_check import manage

pytestmark = pytest.mark.django_db


def everything() -> dict[str, list[dict]]:
    """Every field of every backed-up row (many-to-many as sorted ids), by model, in id order."""
    snapshot = {}
    for model in backup_models():
        rows = []
        for obj in model._default_manager.order_by("pk"):
            row = {field.attname: field.value_from_object(obj) for field in model._meta.concrete_fields}
            row.update({field.name: sorted(o.pk for o in field.value_from_object(obj))
                        for field in model._meta.many_to_many})
            rows.append(row)
        snapshot[model._meta.label_lower] = rows
    return snapshot


def corrections() -> None:
    """What only a backup can bring back: a staff edit with its history, an alias, an account."""
    editor = User.objects.create_user("editor1", password="x-long-password")
    editor.groups.add(Group.objects.get(name="editor"))
    article = Article.objects.order_by("pk").first()
    article.title, article.corrected_fields = "人工更正的标题", ["title"]
    article.save()
    ChangeRecord.objects.create(
        content_type=ContentType.objects.get_for_model(Article), object_id=article.pk, user=editor,
        action=ChangeRecord.Action.EDIT, changes={"title": ["旧", "人工更正的标题"]},
        snapshot={"title": "人工更正的标题"},
    )
    PersonAlias.objects.create(person=Person.objects.get(name="刘越高"), name="刘书记", slug="liu-old")


def wipe() -> None:
    for model in reversed(backup_models()):
        model._default_manager.all().delete()


def test_round_trip_keeps_every_field_of_every_object(tmp_path):
    corrections()
    before = everything()
    export_archive(tmp_path / "backup")
    wipe()
    assert not any(everything().values())
    import_archive(tmp_path / "backup")
    after = everything()
    assert after == before
    assert after["archive.changerecord"] and after["auth.user"] and after["archive.personalias"]
    assert Article.objects.get(title="人工更正的标题").corrected_fields == ["title"]


def test_manifest_has_counts_and_checksums(tmp_path):
    parts = export_archive(tmp_path)
    manifest = json.loads((tmp_path / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert [f["model"] for f in manifest["files"]] == [m._meta.label_lower for m in backup_models()]
    by_model = {f["model"]: f for f in manifest["files"]}
    assert by_model["archive.article"]["count"] == Article.objects.count() > 0
    assert all(len(f["sha256"]) == 64 for f in manifest["files"]) and len(parts) == len(manifest["files"])


def import_error(directory) -> str:
    with pytest.raises(CommandError) as failure:
        call_command("import_archive", str(directory), stdout=io.StringIO())
    return str(failure.value)


def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    export_archive(tmp_path)
    assert "只能恢复到空数据库" in import_error(tmp_path)


@pytest.mark.parametrize("damage", ["edit", "delete", "truncate"])
def test_restore_checks_every_file_before_writing(tmp_path, damage):
    export_archive(tmp_path)
    wipe()
    target = tmp_path / "archive.article.jsonl"
    if damage == "edit":
        target.write_text(target.read_text(encoding="utf-8").replace("刘越高", "刘越低", 1), encoding="utf-8")
    elif damage == "delete":
        target.unlink()
    else:
        manifest = json.loads((tmp_path / MANIFEST_NAME).read_text(encoding="utf-8"))
        manifest["files"] = [f for f in manifest["files"] if f["model"] != "archive.paper"] + [
            {**f, "count": f["count"] + 1} for f in manifest["files"] if f["model"] == "archive.paper"]
        (tmp_path / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")
    message = import_error(tmp_path)
    assert {"edit": "校验失败", "delete": "备份文件缺失", "truncate": "行数"}[damage] in message
    assert not any(everything().values())


def test_a_folder_without_manifest_is_not_a_backup(tmp_path):
    assert "不是备份目录" in import_error(tmp_path)


def test_commands_restore_into_a_new_database_and_rebuild_the_index(tmp_path):
    corrections()
    export_archive(tmp_path / "a")  # this (test) database: the seeds and a correction
    fresh = tmp_path / "fresh"
    assert manage(fresh, "migrate", "-v0").returncode == 0
    restored = manage(fresh, "import_archive", str(tmp_path / "a"))
    assert restored.returncode == 0, restored.stderr
    assert f"搜索索引已重建：{Article.objects.count()} 篇文章" in restored.stdout
    assert manage(fresh, "export_archive", str(tmp_path / "b")).returncode == 0
    for path in sorted((tmp_path / "a").glob("*.jsonl")):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name
