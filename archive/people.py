"""Finding the one Person behind a printed name, and guessing what kind of person it is."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Person, PersonAlias

# A title containing one of these marks a public official.
OFFICIAL_TITLE_MARKS = (
    "书记", "市长", "县长", "区长", "省长", "主席", "部长", "厅长", "局长", "主任", "秘书长",
    "市领导", "县领导", "区领导", "常委", "委员", "巡视员", "督导组", "组长", "镇长", "乡长",
)
JOURNALIST_ROLES = ("记者", "通讯员", "编辑", "摄")


def kind_for_titles(titles: list[str]) -> str:
    if any(mark in title for title in titles for mark in OFFICIAL_TITLE_MARKS):
        return Person.Kind.OFFICIAL
    return Person.Kind.OTHER


def unique_slug(name: str) -> str:
    """The name itself makes the most readable URL (/people/刘越高/); namesakes get -2, -3 …"""
    slug, n = name, 1
    while Person.objects.filter(slug=slug).exists() or PersonAlias.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{name}-{n}"
    return slug


def resolve_person(name: str, kind: str) -> Person:
    """The person printed as `name`: an alias wins, then the earliest namesake, else a new person.

    The kind is only ever raised (other → journalist/official), and never once staff
    corrected it.
    """
    return resolve_people([(name, kind)])[name, kind]


def resolve_people(mentions: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Person]:
    """resolve_person for each (name, kind), in order, with two queries for all the names
    (a page prints dozens) and one insert per new person."""
    mentions = list(dict.fromkeys(mentions))
    names = {name for name, _ in mentions}
    # Latest first, so that where two share a name, the earliest is the one kept.
    found: dict[str, Person] = {
        alias.name: alias.person
        for alias in PersonAlias.objects.select_related("person").filter(name__in=names).order_by("-id")
    }
    found.update({person.name: person
                  for person in Person.objects.filter(name__in=names - found.keys()).order_by("-id")})
    new = names - found.keys()
    # Slugs the new names would take that are already someone's (asked for all of them at once).
    taken = {*Person.objects.filter(slug__in=new).values_list("slug", flat=True),
             *PersonAlias.objects.filter(slug__in=new).values_list("slug", flat=True)} if new else set()
    resolved = {}
    for name, kind in mentions:
        person = found.get(name)
        if person is None:
            slug = unique_slug(name) if name in taken else name
            person = found[name] = Person.objects.create(name=name, slug=slug, kind=kind)
        elif (person.kind == Person.Kind.OTHER and kind != Person.Kind.OTHER
              and "kind" not in person.corrected_fields):
            person.kind = kind
            person.save(update_fields=["kind"])
        resolved[name, kind] = person
    return resolved
