"""ParsedPage → database, idempotently, without ever overwriting a staff correction.

A page is identified by (paper, date, page). Loading the same bytes again is a no-op;
loading changed bytes refreshes what the machine made and leaves every field listed in
an article's `corrected_fields` as the person left it. Each file is one transaction,
so a file that fails leaves nothing behind.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from . import validation
from .counts import add_to_person_counts, refresh_issue_counts, refresh_person_counts
from .manifest import MANIFEST_NAME, ManifestEntry, read_manifest
from .models import Appearance, Article, ChangeRecord, Event, Issue, Paper, Person
from .parsing import ParsedArticle, ParsedPage, ParseError, parse_page
from .pdf import pages as pdf_pages
from .pdf.reader import PdfRefused
from .people import JOURNALIST_ROLES, kind_for_titles, resolve_people

KNOWN_PAPER_SLUGS = {"衡阳晚报": "hywb", "衡阳日报": "hyrb"}
ROLE_PRIORITY = ("presided", "spoke", "met", "visited", "attended", "mentioned")
# Article fields the parser fills directly (name → ParsedArticle attribute or callable).
SIMPLE_FIELDS = ("kind", "kicker", "title", "subtitle", "column", "dateline", "place", "byline")

# Called with the ids of the articles a file created or changed, inside the file's
# transaction (topic detection, then search indexing, register here): a hook that fails
# rolls the file back, and the index is written once, complete, when the file commits.
after_load_hooks: list[Callable[[list[int]], None]] = []


class LoadError(Exception):
    """A file that could not be loaded, with the reason to show the person loading it."""


@dataclass
class LoadResult:
    source: str
    status: str  # created / updated / unchanged
    issue_id: int
    changed_article_ids: list[int] = field(default_factory=list)


def paper_for(name: str) -> Paper:
    paper = Paper.objects.filter(name=name).first()
    if paper:
        return paper
    slug = KNOWN_PAPER_SLUGS.get(name) or "paper-" + hashlib.sha1(name.encode()).hexdigest()[:8]
    return Paper.objects.create(name=name, slug=slug)


def machine_values(parsed: ParsedArticle) -> dict:
    """The editable fields as the parser made them, JSON-ready (kept for 'revert to parse')."""
    values = {name: getattr(parsed, name) for name in SIMPLE_FIELDS}
    iso = parsed.date if parsed.date and not parsed.date.startswith("--") else None
    values.update(
        body="\n\n".join(parsed.paragraphs),
        event_date=iso,
        date_text=parsed.date or "",
        persons=[
            {"name": p.name, "titles": list(p.titles), "roles": list(p.roles)} for p in parsed.persons
        ],
        reporters=[{"name": r.name, "role": r.role} for r in parsed.reporters],
        event=(
            {"kind": parsed.event.kind, "name": parsed.event.name, "date": parsed.event.date,
             "place": parsed.event.place}
            if parsed.event else None
        ),
    )
    return values


def _primary_role(roles: Iterable[str]) -> str:
    ranked = [r for r in ROLE_PRIORITY if r in set(roles)]
    return ranked[0] if ranked else Appearance.Role.MENTIONED


def _iso_or_none(value: str | None) -> datetime.date | None:
    if not value or value.startswith("--"):
        return None
    return datetime.date.fromisoformat(value)


def store_appearances(article: Article, persons: list[dict], reporters: list[dict], fresh: bool = False,
                      people: dict[tuple[str, str], Person] | None = None) -> set[int]:
    """Replace the article's appearances with those of the parse (persons, then credited reporters).

    Returns the ids of every person whose appearances changed (before and after). `fresh`: the
    article was just created (it has none to replace). `people`: see `appearance_rows`.
    """
    touched = set() if fresh else set(article.appearances.values_list("person_id", flat=True))
    if not fresh:
        article.appearances.all().delete()
    rows = appearance_rows(article, persons, reporters, people)
    Appearance.objects.bulk_create(rows)
    return touched | {row.person_id for row in rows}


def mention_keys(persons: list[dict], reporters: list[dict]) -> list[tuple[str, str]]:
    """(name, kind) of each person, then each credited reporter, of an article's machine values:
    what a printed name is resolved by (archive.people.resolve_people)."""
    return [
        *((mention["name"], kind_for_titles(mention["titles"])) for mention in persons),
        *((credit["name"], Person.Kind.JOURNALIST if any(m in credit["role"] for m in JOURNALIST_ROLES)
           else Person.Kind.OTHER) for credit in reporters),
    ]


def resolve_mentions(keys: Iterable[tuple[str, str]], people: dict[tuple[str, str], Person]) -> None:
    """Add to `people` the persons of the (name, kind) keys it lacks, all resolved at once."""
    missing = [key for key in keys if key not in people]
    if missing:
        people.update(resolve_people(missing))


def appearance_rows(article: Article, persons: list[dict], reporters: list[dict],
                    people: dict[tuple[str, str], Person] | None = None,
                    date: datetime.date | None = None) -> list[Appearance]:
    """The article's appearances as the parse gives them (persons, then credited reporters), unsaved.

    `people`: the persons names resolved to so far ((name, kind) → Person), filled as it goes:
    a page names the same people in several articles, and the bulk loader keeps it across
    files. `date`: the issue's date, copied onto each row (archive.counts fills it otherwise).
    """
    people = {} if people is None else people
    keys = mention_keys(persons, reporters)
    resolve_mentions(keys, people)
    by_person: dict[int, Appearance] = {}
    for order, (mention, key) in enumerate(zip(persons, keys[: len(persons)], strict=True)):
        person = people[key]
        roles = mention["roles"] or [Appearance.Role.MENTIONED]
        by_person[person.pk] = Appearance(
            article=article, person=person, title="、".join(mention["titles"]),
            role=_primary_role(roles), roles=roles, order=order, date=date,
        )
    for order, (credit, key) in enumerate(zip(reporters, keys[len(persons):], strict=True), start=len(persons)):
        role = Appearance.Role.PHOTOGRAPHED if "摄" in credit["role"] or article.kind == "photo" else (
            Appearance.Role.REPORTED)
        person = people[key]
        existing = by_person.get(person.pk)
        if existing:
            existing.roles = [*existing.roles, role]
            continue
        by_person[person.pk] = Appearance(
            article=article, person=person, title=credit["role"], role=role, roles=[role], order=order, date=date,
        )
    return list(by_person.values())


def store_event(article: Article, event: dict | None, fresh: bool = False) -> None:
    """Make the article's event the parse's (`fresh`: the article was just created, it has none)."""
    if event is None:
        if not fresh:
            Event.objects.filter(article=article).delete()
        return
    values = event_values(event)
    if fresh:
        Event.objects.create(article=article, **values)
    else:
        Event.objects.update_or_create(article=article, defaults=values)


def event_values(event: dict) -> dict:
    """An Event's fields from the parse's event."""
    return {
        "kind": event["kind"] if event["kind"] in Event.Kind.values else Event.Kind.OTHER,
        "name": event["name"][:300],
        "date": _iso_or_none(event["date"]),
        "date_text": event["date"] or "",
        "place": event["place"][:100],
    }


def apply_machine_values(article: Article, values: dict) -> dict[str, list]:
    """Set every machine field the staff did not correct; returns field → [old, new] of what changed."""
    changes: dict[str, list] = {}
    old_values = article.machine_values or {}
    corrected = set(article.corrected_fields)
    for name in (*SIMPLE_FIELDS, "body", "date_text", "reporters"):
        if name in corrected:
            continue
        if getattr(article, name) != values[name]:
            changes[name] = [getattr(article, name), values[name]]
            setattr(article, name, values[name])
    new_date = _iso_or_none(values["event_date"])
    if "event_date" not in corrected and article.event_date != new_date:
        old_date = article.event_date.isoformat() if article.event_date else None
        changes["event_date"] = [old_date, values["event_date"]]
        article.event_date = new_date
    for name in ("persons", "event"):
        if name not in corrected and old_values.get(name) != values[name]:
            changes[name] = [old_values.get(name), values[name]]
    return changes


def _record(article: Article, action: str, changes: dict) -> ChangeRecord:
    return ChangeRecord(
        content_type=ContentType.objects.get_for_model(Article), object_id=article.pk,
        action=action, changes=changes, snapshot=article.machine_values,
    )


def _free_position(wanted: int, taken: set[int]) -> int:
    position = wanted
    while position in taken:
        position += 1
    return position


def match_parse(
    articles: list[Article], parsed: ParsedPage
) -> tuple[list[tuple[ParsedArticle, dict, Article | None]], list[Article]]:
    """Pair each item of a parse with the article it refreshes (same parse position).

    Items staff merged into another article are left out, so a merge stays merged.
    Returns (item, its machine values, article or None when new) and the articles the
    parse no longer has.
    """
    existing = {a.parse_position: a for a in articles if a.parse_position is not None}
    absorbed = {position for a in articles for position in a.absorbed_parse_positions}
    pairs = [
        (item, machine_values(item), existing.pop(item.position, None))
        for item in parsed.articles
        if item.position not in absorbed
    ]
    return pairs, list(existing.values())


def store_page(parsed: ParsedPage, source_name: str, page: str = "1", force: bool = False,
               people: dict[tuple[str, str], Person] | None = None) -> LoadResult:
    """Write one parsed page. Callers wrap it in a transaction (load_file does).

    `force` re-applies a parse of unchanged bytes (the admin's re-parse from the stored text).
    `people`: names resolved earlier ((name, kind) → Person, see `appearance_rows`), filled as it goes.
    """
    if not parsed.issue_date:
        raise LoadError("出版日期未知：正文没有年份，请用 --manifest 给出 issue_date")
    try:
        parsed, page = validation.clean_page(parsed, page)
    except validation.Refused as exc:
        raise LoadError(exc.reason) from exc
    paper = paper_for(parsed.paper)
    issue_date = datetime.date.fromisoformat(parsed.issue_date)
    issue = Issue.objects.filter(paper=paper, date=issue_date, page=page).first()
    if issue and issue.sha256 == parsed.sha256 and not force:
        return LoadResult(source_name, "unchanged", issue.pk)

    status = "updated" if issue else "created"
    issue = issue or Issue(paper=paper, date=issue_date, page=page)
    issue.date_confidence = parsed.issue_date_confidence
    issue.source_name = source_name
    issue.sha256 = parsed.sha256
    issue.encoding = parsed.encoding
    issue.raw_text = parsed.text
    issue.parse_warnings = list(parsed.warnings)
    issue.furniture = [{"kind": f.kind, "text": f.text, "line": f.line} for f in parsed.furniture]
    if status == "created":  # every item becomes an article: counted here, not recounted below
        issue.article_count = len(parsed.articles)
    issue.save()

    articles = list(issue.articles.all()) if status == "updated" else []  # a new issue has none
    pairs, gone = match_parse(articles, parsed)
    taken = {a.position for a in articles}
    written: list[tuple[Article, bool, str, dict, dict]] = []  # article, fresh, action, changes, values
    for item, values, article in pairs:
        fresh = article is None
        if article is None:
            article = Article(issue=issue, parse_position=item.position,
                              position=_free_position(item.position, taken))
            taken.add(article.position)
            apply_machine_values(article, values)
            action, changes = ChangeRecord.Action.MACHINE, {}
        else:
            changes = apply_machine_values(article, values)
            action = ChangeRecord.Action.RELOAD
            if not changes and article.machine_values == values:
                if (article.first_line, article.last_line) != (item.first_line, item.last_line):
                    # Same article in a new text (a page's PDF after its text): its lines moved.
                    Article.objects.filter(pk=article.pk).update(first_line=item.first_line,
                                                                 last_line=item.last_line)
                continue
        article.first_line, article.last_line = item.first_line, item.last_line
        article.parse_warnings = list(item.warnings)
        article.needs_review = article.needs_review or item.needs_review
        article.machine_values = values
        if not fresh:
            article.save()
        written.append((article, fresh, action, changes, values))
    # New articles, and the rows of every written one, in one insert per table.
    Article.objects.bulk_create([article for article, fresh, *_ in written if fresh])
    people = {} if people is None else people
    # Every name the file prints, resolved at once (a page prints dozens).
    resolve_mentions([key for article, _, _, _, values in written if "persons" not in article.corrected_fields
                      for key in mention_keys(values["persons"], values["reporters"])], people)
    lost_people: set[int] = set()  # persons some of whose appearances this file removes
    appearances: list[Appearance] = []
    events: list[Event] = []
    for article, fresh, _, _, values in written:
        if "persons" not in article.corrected_fields:
            if not fresh:
                lost_people |= set(article.appearances.values_list("person_id", flat=True))
                article.appearances.all().delete()
            appearances += appearance_rows(article, values["persons"], values["reporters"], people, issue_date)
        if "event" not in article.corrected_fields:
            if fresh and values["event"] is not None:
                events.append(Event(article=article, **event_values(values["event"])))
            elif not fresh:
                store_event(article, values["event"])
    Appearance.objects.bulk_create(appearances)
    Event.objects.bulk_create(events)
    ChangeRecord.objects.bulk_create([_record(article, action, changes) for article, _, action, changes, _ in written])
    changed = [article.pk for article, *_ in written]

    # Items the new parse no longer has: drop machine-only ones, keep corrected ones for review.
    for article in gone:
        if article.corrected_fields:
            article.parse_position = None
            article.needs_review = True
            article.parse_warnings = [*article.parse_warnings, "重新导入后解析结果中已无此条，保留人工更正"]
            article.save(update_fields=["parse_position", "needs_review", "parse_warnings", "updated_at"])
        else:
            lost_people |= set(article.appearances.values_list("person_id", flat=True))
            article.delete()
    pdf_pages.attach(issue, parsed)
    if status == "updated":
        refresh_issue_counts([issue.pk])
    refresh_person_counts(lost_people)
    gained = Counter(row.person_id for row in appearances if row.person_id not in lost_people)
    add_to_person_counts(gained, issue_date)
    return LoadResult(source_name, status, issue.pk, changed)


def load_bytes(data: bytes, source_name: str, entry: ManifestEntry | None = None) -> LoadResult:
    """Parse and store one file's bytes in one transaction; raise LoadError with the reason."""
    if entry and entry.refused:
        raise LoadError(entry.refused)
    try:
        validation.check_file_size(len(data))
        parsed = parse_page(
            data, source=source_name,
            paper=entry.paper if entry else None,
            issue_date=entry.issue_date if entry else None,
        )
    except (ParseError, validation.Refused) as exc:
        raise LoadError(exc.reason) from exc
    return store_parsed(parsed, source_name, entry)


def store_parsed(parsed: ParsedPage, source_name: str, entry: ManifestEntry | None = None,
                 people: dict[tuple[str, str], Person] | None = None) -> LoadResult:
    """Store one parsed file and run the after-load hooks, in one transaction (`people`: see store_page;
    it gains the persons this file resolved, which are only real once it commits)."""
    with transaction.atomic():
        result = store_page(parsed, source_name, page=entry.page if entry else "1", people=people)
        run_load_hooks(result.changed_article_ids)
    return result


def already_loaded(sha256: str, entry: ManifestEntry | None, issues: Iterable[tuple]) -> bool:
    """Whether a file with these bytes and manifest entry is stored unchanged, known without parsing.

    `issues`: (paper name, date, page, date confidence) of the stored issues with this sha256.
    Parsing the same bytes with the same manifest values gives the same paper and date, so
    a stored issue of the same page whose paper and date agree with what the manifest gives
    (and whose date was given by a manifest exactly when one gives it now) is this file.
    """
    page = entry.page if entry else "1"
    for paper, date, issue_page, confidence in issues:
        if issue_page != page or (entry and entry.paper and entry.paper != paper):
            continue
        given = Issue.DateConfidence.GIVEN
        if entry and entry.issue_date:
            if date != entry.issue_date or confidence != given:
                continue
        elif confidence == given:
            continue
        return True
    return False


def run_load_hooks(article_ids: list[int]) -> None:
    """Run the after-load hooks; callers run it inside the page's transaction."""
    if article_ids:
        for hook in after_load_hooks:
            hook(article_ids)


def collect_files(paths: Iterable[Path], manifest: Path | None = None) -> list[tuple[Path, ManifestEntry | None]]:
    """Expand folders (their *.txt files, sorted) and pair each file with its manifest entry.

    A folder's own manifest.csv is used when no manifest is named.
    """
    entries: dict[str, ManifestEntry] = read_manifest(manifest) if manifest else {}
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            if not manifest and (path / MANIFEST_NAME).exists():
                entries.update(read_manifest(path / MANIFEST_NAME))
            files.extend(sorted(p for p in path.iterdir() if is_page_file(p)))
        else:
            files.append(path)
    return [(f, entries.get(f.name)) for f in files]


def is_page_file(path: Path) -> bool:
    """A page file in a folder: a .txt file or a page .pdf (any case: notes.TXT too)."""
    return path.is_file() and path.suffix.lower() in (".txt", ".pdf")


def skipped_files(paths: Iterable[Path]) -> list[Path]:
    """The files of the named folders that collect_files leaves out for their extension (the summary lists them)."""
    return sorted(
        p for path in paths if path.is_dir() for p in path.iterdir()
        if p.is_file() and not is_page_file(p) and p.name != MANIFEST_NAME
    )


def read_file(path: Path) -> bytes:
    """The file's bytes (a page PDF's: its text layer in the parser's form); a file over the size
    limit is refused before it is read."""
    try:
        if pdf_pages.is_pdf(path):
            return pdf_pages.read_pdf_text(path)
        validation.check_file_size(path.stat().st_size)
        return path.read_bytes()
    except PdfRefused as exc:
        raise LoadError(exc.reason) from exc
    except validation.Refused as exc:
        raise LoadError(exc.reason) from exc
    except FileNotFoundError as exc:
        raise LoadError("文件不存在") from exc
    except OSError as exc:
        raise LoadError(f"无法读取：{exc.strerror or exc}") from exc
