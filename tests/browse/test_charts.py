"""The inline SVG chart: gaps filled with zero months, text escaped, accessible labels."""

import datetime

from archive.charts import bar_chart, monthly_series


def test_series_fills_the_months_between():
    series = monthly_series({datetime.date(2022, 11, 1): 2, datetime.date(2023, 2, 1): 5})
    assert [(b.start.isoformat(), b.count) for b in series] == [
        ("2022-11-01", 2), ("2022-12-01", 0), ("2023-01-01", 0), ("2023-02-01", 5),
    ]


def test_chart_has_one_bar_per_month_and_an_escaped_label():
    svg = bar_chart({datetime.date(2023, 3, 1): 3, datetime.date(2023, 5, 1): 1}, "<b>名</b>")
    assert svg.count("<rect") == 3
    assert 'role="img"' in svg and "&lt;b&gt;名&lt;/b&gt;" in svg and "<b>" not in svg
    assert "2023年4月：0 次" in svg


def test_no_data_no_chart():
    assert bar_chart({}, "x") == ""
