"""The editable state of an article, person, event or topic as JSON: what a ChangeRecord snapshots and diffs."""

from __future__ import annotations

from ..models import Article, Event, Person, ReaderReport, Topic

ARTICLE_TEXT_FIELDS = ("kind", "kicker", "title", "subtitle", "column", "dateline", "place", "byline", "body",
                       "date_text")


def article_state(article: Article) -> dict:
    """Everything staff can correct on an article, as it is in the database now."""
    state: dict = {name: getattr(article, name) for name in ARTICLE_TEXT_FIELDS}
    state["event_date"] = article.event_date.isoformat() if article.event_date else None
    state["position"] = article.position
    state["needs_review"] = article.needs_review
    state["persons"] = [
        {"person_id": a.person_id, "name": a.person.name, "title": a.title, "role": a.role, "roles": list(a.roles)}
        for a in article.appearances.select_related("person").order_by("order", "id")
    ]
    event = getattr(article, "event", None) if article.pk else None
    state["event"] = event_state(event) if event else None
    return state


def person_state(person: Person) -> dict:
    return {
        "name": person.name,
        "kind": person.kind,
        "note": person.note,
        "aliases": sorted(person.aliases.values_list("name", flat=True)),
    }


def event_state(event: Event) -> dict:
    return {"kind": event.kind, "name": event.name, "date": event.date.isoformat() if event.date else None,
            "date_text": event.date_text, "place": event.place}


def topic_state(topic: Topic) -> dict:
    return {"name": topic.name, "slug": topic.slug, "kind": topic.kind, "description": topic.description,
            "hidden": topic.hidden}


def report_state(report: ReaderReport) -> dict:
    return {"status": report.status, "staff_note": report.staff_note}


STATES = {Article: article_state, Person: person_state, Event: event_state, Topic: topic_state,
          ReaderReport: report_state}


def state_of(obj: Article | Person | Event | Topic | ReaderReport) -> dict:
    return STATES[type(obj)](obj)


def diff_states(before: dict, after: dict) -> dict[str, list]:
    """field → [old, new] for every field whose value differs."""
    return {name: [before.get(name), after.get(name)] for name in after if before.get(name) != after.get(name)}
