"""The bar chart: gaps filled with zero months, text escaped, values printed, a table with the same numbers."""

import datetime
import re

from archive.charts import bar_chart, monthly_series


def test_series_fills_the_months_between():
    series = monthly_series({datetime.date(2022, 11, 1): 2, datetime.date(2023, 2, 1): 5})
    assert [(b.start.isoformat(), b.count) for b in series] == [
        ("2022-11-01", 2), ("2022-12-01", 0), ("2023-01-01", 0), ("2023-02-01", 5),
    ]


def test_chart_has_one_focusable_bar_per_month_named_by_its_value():
    svg = bar_chart({datetime.date(2023, 3, 1): 3, datetime.date(2023, 5, 1): 1}, "<b>名</b>")
    bars = re.findall(r'<g class="bar[^"]*" tabindex="0" role="img" aria-label="([^"]+)">', svg)
    assert bars == ["2023年3月：3 次", "2023年4月：0 次", "2023年5月：1 次"]
    assert "&lt;b&gt;名&lt;/b&gt;" in svg and "<b>" not in svg
    assert re.findall(r'<text class="value"[^>]*>(\d+)</text>', svg) == ["3", "1"]  # printed on the bars
    assert "viewBox" not in svg  # text keeps its CSS size: readable on a phone


def test_chart_has_a_table_with_the_same_numbers():
    svg = bar_chart({datetime.date(2023, 3, 1): 3, datetime.date(2023, 5, 1): 1}, "每月次数")
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td></tr>', svg)
    assert rows == [("2023年3月", "3"), ("2023年4月", "0"), ("2023年5月", "1")]
    assert "<details" in svg and "<summary>查看数据表</summary>" in svg


def test_long_charts_label_years_and_name_the_density():
    counts = {datetime.date(2000 + m // 12, m % 12 + 1, 1): m % 7 for m in range(60)}
    svg = bar_chart(counts, "x")
    assert 'class="chart many"' in svg
    labels = re.findall(r'<text class="axis"[^>]*>([^<]+)</text>', svg)
    assert labels == ["2000年", "2001年", "2002年", "2003年", "2004年"]  # no month row on a long chart


def test_no_data_no_chart():
    assert bar_chart({}, "x") == ""
