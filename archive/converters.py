"""URL converters: ISO dates in paths (/issues/hywb/2023-03-23/1/)."""

import datetime


class IsoDateConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> datetime.date:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError as exc:  # 2023-02-30 matches the regex but is no date: a 404, not a 500
            raise ValueError(value) from exc

    def to_url(self, value: datetime.date | str) -> str:
        return value if isinstance(value, str) else value.isoformat()
