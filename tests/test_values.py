"""Cell parsers: numbers, dates and lists as people write them; never an unexpected exception."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mapping.values import PartialDate, parse_number, parse_partial_date, split_list, unguard_formula


@pytest.mark.parametrize(
    "raw, expected",
    [("0.5", 0.5), ("0,5", 0.5), (" 3 ", 3.0), ("70%", 0.7), ("1.234,5", 1234.5), ("1,234.5", 1234.5), (".5", 0.5)],
)
def test_numbers(raw: str, expected: float) -> None:
    assert parse_number(raw) == pytest.approx(expected)


@pytest.mark.parametrize("raw", ["high", "1e5x", "", "--1", "0.5.5"])
def test_not_numbers(raw: str) -> None:
    with pytest.raises(ValueError, match="not a number"):
        parse_number(raw)


@pytest.mark.parametrize(
    "raw, expected, start, end",
    [
        ("2008", "2008", dt.date(2008, 1, 1), dt.date(2008, 12, 31)),
        ("2008-02", "2008-02", dt.date(2008, 2, 1), dt.date(2008, 2, 29)),
        ("2008-02-28", "2008-02-28", dt.date(2008, 2, 28), dt.date(2008, 2, 28)),
        ("28 Feb 2008", "2008-02-28", dt.date(2008, 2, 28), dt.date(2008, 2, 28)),
        ("February 2008", "2008-02", dt.date(2008, 2, 1), dt.date(2008, 2, 29)),
        ("Jan 18, 2008", "2008-01-18", dt.date(2008, 1, 18), dt.date(2008, 1, 18)),
        ("2024-05-01 00:00:00", "2024-05-01", dt.date(2024, 5, 1), dt.date(2024, 5, 1)),
    ],
)
def test_partial_dates(raw: str, expected: str, start: dt.date, end: dt.date) -> None:
    date = parse_partial_date(raw)
    assert (str(date), date.start, date.end) == (expected, start, end)


@pytest.mark.parametrize("raw", ["03/04/2008", "2008-13", "2008-02-30", "soon", "99"])
def test_refused_dates(raw: str) -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_partial_date(raw)


def test_partial_dates_order_by_start() -> None:
    assert sorted([PartialDate(2009), PartialDate(2008, 2), PartialDate(2008)]) == [
        PartialDate(2008),
        PartialDate(2008, 2),
        PartialDate(2009),
    ]


def test_lists_split_on_any_separator() -> None:
    assert split_list("upstream; acute|recovery, ,") == ["upstream", "acute", "recovery"]


def test_unguard_only_strips_the_export_apostrophe() -> None:
    assert unguard_formula("'=SUM(A1)") == "=SUM(A1)"
    assert unguard_formula("'tis") == "'tis"


@given(st.text())
def test_parsers_raise_only_value_error(text: str) -> None:
    for parse in (parse_number, parse_partial_date):
        with contextlib.suppress(ValueError):
            parse(text)
