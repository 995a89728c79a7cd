"""Reading single cell values the way people write them in spreadsheets.

Each parser takes the raw text of one cell and returns a typed value or raises
`ValueError` with a message that tells the user what to write instead. Validation
turns those messages into located issues.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache, total_ordering

from mapping.schema import Term, normalise_token

__all__ = [
    "FORMULA_PREFIXES",
    "PartialDate",
    "closest_matches",
    "format_number",
    "match_term",
    "parse_number",
    "parse_partial_date",
    "split_list",
    "unguard_formula",
]

# Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def unguard_formula(text: str) -> str:
    """Undo the apostrophe our exports put before formula-like cells.

    Exports write `'=cmd` so spreadsheets show it as text; reading it back strips
    the apostrophe so a map survives export and re-import unchanged.
    """
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_PREFIXES:
        return text[1:]
    return text


def closest_matches(value: str, candidates: Iterable[str], count: int = 3, cutoff: float = 0.6) -> list[str]:
    """The candidates most like `value`, best first (for 'did you mean' hints).

    Similarity is difflib's ratio on the normalised forms; `cutoff` is the least
    ratio worth suggesting.
    """
    options = list(dict.fromkeys(candidates))
    return closest_of(value, {normalise_token(option): option for option in options}, count, cutoff)


def closest_of(value: str, by_token: Mapping[str, str], count: int = 3, cutoff: float = 0.6) -> list[str]:
    """`closest_matches` over candidates already normalised: {normalised form: spelling} (built once, asked often)."""
    hits = difflib.get_close_matches(normalise_token(value), list(by_token), n=count, cutoff=cutoff)
    return [by_token[hit] for hit in hits]


def match_term(raw: str, vocabulary: Iterable[Term]) -> str | None:
    """The canonical name of the term that `raw` names (by name, label or alias), or None.

    Exact spellings are tried first, then the normalised form; spellings made only
    of symbols ('+', '-', '->') are compared as written, since normalising would
    reduce them all to nothing.

    >>> from mapping.schema import SIGNS
    >>> match_term(" - ", SIGNS), match_term("Negative", SIGNS)
    ('-', '-')
    """
    exact, folded = _spellings(vocabulary if isinstance(vocabulary, tuple) else tuple(vocabulary))
    text = raw.strip()
    if text in exact:
        return exact[text]
    token = normalise_token(text)
    return folded.get(token) if token else None


@lru_cache(maxsize=64)
def _spellings(vocabulary: tuple[Term, ...]) -> tuple[dict[str, str], dict[str, str]]:
    """{exact spelling: name} and {normalised spelling: name}; the first term wins a clash.

    Cached by the vocabulary's value: the contract has a dozen vocabularies, and
    validation calls this only for cell texts it has not read before.
    """
    exact: dict[str, str] = {}
    folded: dict[str, str] = {}
    for term in vocabulary:
        for spelling in (term.name, term.label, *term.aliases):
            exact.setdefault(spelling, term.name)
            token = normalise_token(spelling)
            if token:
                folded.setdefault(token, term.name)
    return exact, folded


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def parse_number(raw: str) -> float:
    """A number written with a decimal point or a decimal comma, or as a percentage.

    >>> parse_number("0,7"), parse_number("70%"), parse_number(" 3 ")
    (0.7, 0.7, 3.0)
    """
    text = raw.strip().replace("\u00a0", "").replace(" ", "")
    percent = text.endswith("%")
    if percent:
        text = text[:-1]
    if "," in text and "." in text:
        # 1.234,5 (European) or 1,234.5 (English): the last mark is the decimal one.
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        text = text.replace(thousands, "").replace(decimal, ".")
    else:
        text = text.replace(",", ".")
    if not _NUMBER.match(text):
        raise ValueError(f"'{raw.strip()}' is not a number; write it like 0.5 or 0,5")
    value = float(text)
    return value / 100 if percent else value


def format_number(value: float) -> str:
    """A number as the shortest text that reads back to the same value (3 not 3.0)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def split_list(raw: str) -> list[str]:
    """Items of a multi-value cell: separated by ';', '|' or ','; blanks dropped."""
    if not raw:
        return []
    return [item.strip() for item in re.split(r"[;|,]", raw) if item.strip()]


@total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day, as sources usually give them.

    `start` and `end` are the first and last days it covers, so "2008" covers the
    whole year when filtering ties by an "as of" date.
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __lt__(self, other: object) -> bool:
        """Earlier start first; at the same start, the less precise date first."""
        if not isinstance(other, PartialDate):
            return NotImplemented
        return (self.start, -self.end.toordinal()) < (other.start, -other.end.toordinal())

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> dt.date:
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)


_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_ISO = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DAY_MONTH_NAME = re.compile(r"^(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([A-Za-z]+)\.?,?\s+(\d{4})$")
_MONTH_NAME_DAY = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
_SLASHED = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$")

_DATE_HELP = "write dates as YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2008-02-28)"


def parse_partial_date(raw: str) -> PartialDate:
    """A date in ISO form (YYYY, YYYY-MM, YYYY-MM-DD) or with a month name.

    Day-first and month-first slashed dates (03/04/2008) are refused rather than
    guessed: the two conventions disagree and a wrong guess is silent.

    >>> str(parse_partial_date("28 Feb 2008")), str(parse_partial_date("2013"))
    ('2008-02-28', '2013')
    """
    text = raw.strip()
    if _SLASHED.match(text):
        raise ValueError(f"'{text}' is ambiguous (day or month first?); {_DATE_HELP}")
    iso = _ISO.match(text)
    if iso:
        year, month, day = (int(g) if g else None for g in iso.groups())
        return _checked_date(text, year, month, day)
    named = _DAY_MONTH_NAME.match(text)
    if named:
        day_text, month_text, year_text = named.groups()
        return _named_month_date(text, year_text, month_text, day_text)
    named = _MONTH_NAME_DAY.match(text)
    if named:
        month_text, day_text, year_text = named.groups()
        return _named_month_date(text, year_text, month_text, day_text)
    raise ValueError(f"'{text}' is not a date; {_DATE_HELP}")


def _named_month_date(text: str, year: str, month_name: str, day: str | None) -> PartialDate:
    month = _MONTHS.get(month_name.lower())
    if month is None:
        raise ValueError(f"'{text}' has no month we recognise; {_DATE_HELP}")
    return _checked_date(text, int(year), month, int(day) if day else None)


def _checked_date(text: str, year: int, month: int | None, day: int | None) -> PartialDate:
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        raise ValueError(f"'{text}' is not a real date; {_DATE_HELP}") from None
    if not 1800 <= year <= 2200:
        raise ValueError(f"'{text}' has an implausible year; {_DATE_HELP}")
    return PartialDate(year, month, day)
