"""URL converters: the parts of the archive's paths, refused (404) when the archive cannot hold them.

Dates and years outside the archive's range (archive.validation) and page labels that
are not labels never reach a view, so no view has to guard against year 9999 or 0001.
"""

import datetime

from . import validation
from .models import NAME_SLUG_LENGTH
from .permalinks import UID_PATTERN


class IsoDateConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> datetime.date:
        try:  # 2023-02-30 matches the regex but is no date: a 404, not a 500
            day = datetime.date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(value) from exc
        if not validation.in_range(day):
            raise ValueError(value)
        return day

    def to_url(self, value: datetime.date | str) -> str:
        return value if isinstance(value, str) else value.isoformat()


class YearConverter:
    regex = r"\d{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not validation.FIRST_DATE.year <= year <= validation.last_date().year:
            raise ValueError(value)
        return year

    def to_url(self, value: int) -> str:
        return f"{int(value):04d}"


class MonthConverter:
    regex = r"\d{1,2}"

    def to_python(self, value: str) -> int:
        month = int(value)
        if not 1 <= month <= 12:
            raise ValueError(value)
        return month

    def to_url(self, value: int) -> str:
        return str(int(value))


class PageLabelConverter:
    regex = validation.PAGE_LABEL_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class Sha256Converter:
    """A stored page file's name: its PDF's sha256, in lower-case hex."""

    regex = r"[0-9a-f]{64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class UidConverter:
    """An article's permalink id: anything else is no article (a 404, never a query with it)."""

    regex = UID_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class NameSlugConverter:
    """A person's or topic's URL name: printable, no longer than the column holds (a control
    character or an overlong name is no page: a 404 before any query; PostgreSQL refuses a NUL
    in a query parameter)."""

    regex = rf"[^/\x00-\x1f\x7f]{{1,{NAME_SLUG_LENGTH}}}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
