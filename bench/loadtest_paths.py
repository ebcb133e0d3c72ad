"""The paths the load test requests: every kind of page and search, sampled from the archive's data.

    python bench/loadtest_paths.py OUT   (with ARCHIVE_DATA_DIR set, as bench/loadtest.sh does)

One line per path, "page<TAB>/path" (home, dates, year, month, day, issue, article, people,
person, topics, topic, events, feed, sitemap) or "search<TAB>/path" (the search page and the
JSON API: words and names printed in the archive, sorted, paged, filtered); bench/loadtest.lua
asks for a page 70 % of the time and a search 30 %. Samples are taken at even steps through
each table, so the mix is the same on every run.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
PER_KIND = 60


def spread(queryset, n: int = PER_KIND) -> list:
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    step = max(1, len(ids) // n)
    return list(queryset.model.objects.filter(pk__in=ids[::step][:n]).order_by("pk"))


def page_paths() -> list[str]:
    from archive.models import Article, Issue, Person, Topic

    issues = spread(Issue.objects.all())
    paths = ["/", "/dates/", "/people/", "/topics/", "/events/", "/feeds/latest.atom", "/sitemap.xml"]
    paths += sorted({f"/dates/{issue.date.year}/" for issue in issues})
    paths += sorted({f"/dates/{issue.date.year}/{issue.date.month}/" for issue in issues})
    paths += [f"/dates/{issue.date.isoformat()}/" for issue in issues]
    paths += [issue.get_absolute_url() for issue in issues]
    paths += [article.get_absolute_url() for article in spread(Article.objects.select_related("issue__paper"))]
    paths += [person.get_absolute_url() for person in spread(Person.objects.filter(appearance_count__gt=0))]
    paths += [topic.get_absolute_url() for topic in spread(Topic.objects.filter(article_count__gt=0))]
    return paths


def search_paths() -> list[str]:
    from archive.models import Article, Person

    words = [article.title[:4] for article in spread(Article.objects.exclude(title=""), 40)]
    words += [article.title[2:4] for article in spread(Article.objects.exclude(title=""), 20)]
    words += [person.name for person in spread(Person.objects.filter(appearance_count__gt=0), 20)]
    paths = []
    for n, word in enumerate(w for w in words if len(w) >= 2):
        q = quote(word)
        paths.append([f"/search/?q={q}", f"/api/search/?q={q}", f"/search/?q={q}&sort=newest",
                      f"/search/?q={q}&page=2", f"/search/?q=%22{q}%22&kind=news"][n % 5])
    return paths


def main(out: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    pages, searches = page_paths(), search_paths()
    lines = [f"page\t{path}" for path in pages] + [f"search\t{path}" for path in searches]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(pages)} page paths, {len(searches)} search paths → {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
