"""Pages of a long sorted list read in two steps: the page's ids by a narrow sort, then its rows.

Sorting a person's or a topic's rows by issue date carries every selected column through
the sort; with tens of thousands of rows (an article's body among them) that is most of
a page's time. Sorting only the ids and then reading the page's rows by primary key keeps
the sort small and the fetch at one page of rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db.models import Model, QuerySet


class SortedByIds(Sequence):
    """A sliceable, countable list for Django's Paginator over `ordered` (a sorted queryset).

    `rows(ids)` reads the full rows of a page's ids (select_related, defer …); they come
    back in the order of the ids. `ordered` must be a total order (end it with the pk), so
    that read backwards it is the exact mirror; `count`, when given, must be exact.
    """

    def __init__(self, ordered: QuerySet, rows: Callable[[list[int]], QuerySet], count: int | None = None) -> None:
        self._sorted = ordered
        self.rows = rows
        self._count = count

    def count(self) -> int:
        if self._count is None:
            self._count = self._sorted.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Model]:
        """The rows of a page; one past the middle is read from the end, so the last page is as quick as the first."""
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("SortedByIds is read a page (a slice) at a time")
        total = self.count()
        start, stop = index.start or 0, min(total if index.stop is None else index.stop, total)
        if start >= stop:
            return []
        if start > total - stop:
            backwards = self._sorted.reverse().values_list("pk", flat=True)[total - stop : total - start]
            ids = list(backwards)[::-1]
        else:
            ids = list(self._sorted.values_list("pk", flat=True)[start:stop])
        found = {row.pk: row for row in self.rows(ids)}
        return [found[pk] for pk in ids if pk in found]
