"""Country context: the Early Warning Project's risk estimate and the R2P Monitor status.

The Early Warning Project (US Holocaust Memorial Museum) publishes each year a CSV
of the estimated probability of a new mass-killing onset per country. Its files
use their own country names ("Burma/Myanmar", "Kyrgystan") and codes (Correlates
of War, or older codes), and their columns change from year to year
(`risk.2025and2026.from2024` in 2025, `risk_in_2022_23` in 2022). So:

- countries are matched by name to ISO 3166 (via `pycountry`, exact names only,
  never fuzzy) and the documented alias table `mapping/reference/country_aliases.csv`;
  rows that match nothing are reported, not dropped silently;
- the risk column is recognised by pattern: the two-year forecast when present
  (`risk.<y1>and<y2>...` or `risk_in_<y1>_<y2>`), else a one-year one; the rank
  column likewise (files without one are ranked by risk, 1 = highest); the data
  year from a `year` column or from the column name.

The Global Centre for R2P's R2P Monitor status is entered by hand (it is a
judgement published in a PDF, not a dataset).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

import pycountry

from mapping.issues import ValidationIssue
from mapping.read import InputFile, read_csv
from mapping.reference import country_aliases
from mapping.schema import normalise_token
from mapping.values import parse_number

__all__ = ["R2P_STATUSES", "CountryRisk", "RiskTable", "country_code", "read_ewp"]

R2P_STATUSES = ("not listed", "serious concern", "imminent risk", "current crisis")

_NAME_COLUMNS = ("ewp_name", "country", "country_name", "sftgname")
_TWO_YEAR_RISK = re.compile(r"^risk(?:\.|_in_)(\d{4})(?:and|_)(\d{2,4})")
_ONE_YEAR_RISK = re.compile(r"^risk(?:\.|_in_)(\d{4})(?:only)?(?:\.|$)")
_RANK = re.compile(r"rank")


@dataclass(frozen=True)
class CountryRisk:
    """One country's estimate: probability of a new mass-killing onset, its rank, and the data year."""

    name: str
    iso3: str
    risk: float
    rank: int | None
    period: str
    year: str


@dataclass(frozen=True)
class RiskTable:
    """An imported risk file: the rows by ISO code and which columns were used."""

    source: str
    risk_column: str
    rank_column: str | None
    rows: dict[str, CountryRisk]

    def for_country(self, country: str) -> CountryRisk | None:
        """The row for a country written any common way ("Kenya", "KEN", "Burma")."""
        code = country_code(country)
        return self.rows.get(code) if code else None


def country_code(name: str) -> str | None:
    """ISO 3166 alpha-3 code for a country name or code, exact matches and aliases only."""
    text = name.strip()
    if not text:
        return None
    aliases = {normalise_token(k): v for k, v in country_aliases().items()}
    if normalise_token(text) in aliases:
        return aliases[normalise_token(text)]
    try:
        return pycountry.countries.lookup(text).alpha_3
    except LookupError:
        return None


def read_ewp(file: InputFile) -> tuple[RiskTable | None, list[ValidationIssue]]:
    """Read an Early Warning Project forecast CSV, matching countries and reporting unmatched rows."""
    table, issues = read_csv(file)
    if table is None:
        return None, issues
    headers = [h.strip() for h in table.headers]
    name_at = next((i for i, h in enumerate(headers) if h.lower() in _NAME_COLUMNS), None)
    risk_at, period = _risk_column(headers)
    if name_at is None or risk_at is None:
        message = (
            f"{file.name} does not look like an Early Warning Project forecast: it needs a country name column "
            f"({', '.join(_NAME_COLUMNS)}) and a risk column such as risk.2025and2026.from2024."
        )
        return None, [*issues, ValidationIssue(file.name, 1, None, "missing-column", message)]
    rank_at = _rank_column(headers, headers[risk_at])
    year_at = next((i for i, h in enumerate(headers) if h.lower() == "year"), None)
    rows: dict[str, CountryRisk] = {}
    for number, cells in table.rows:
        row = _row(file.name, number, cells, name_at, risk_at, rank_at, year_at, period, issues)
        if row is not None:
            rows[row.iso3] = row
    rank_column = headers[rank_at] if rank_at is not None else None
    if rank_column is None:
        rows = _ranked_by_risk(rows)
    return RiskTable(file.name, headers[risk_at], rank_column, rows), issues


def _ranked_by_risk(rows: dict[str, CountryRisk]) -> dict[str, CountryRisk]:
    """Files without a rank column: rank 1 is the highest risk (ties share the better rank)."""
    ordered = sorted(rows.values(), key=lambda r: -r.risk)
    ranked = {}
    for row in ordered:
        rank = 1 + sum(1 for other in ordered if other.risk > row.risk)
        ranked[row.iso3] = replace(row, rank=rank)
    return ranked


def _risk_column(headers: list[str]) -> tuple[int | None, str]:
    """The two-year risk column if there is one, else a one-year one; and the period it covers."""
    for pattern in (_TWO_YEAR_RISK, _ONE_YEAR_RISK):
        for i, header in enumerate(headers):
            match = pattern.match(header.lower())
            if match:
                first = match.group(1)
                if pattern is _ONE_YEAR_RISK:
                    return i, first
                second = match.group(2)
                return i, f"{first}-{second if len(second) == 4 else first[:2] + second}"
    return None, ""


def _rank_column(headers: list[str], risk_header: str) -> int | None:
    """The rank column that goes with the risk column (same years), else the first rank column."""
    years = re.findall(r"\d{4}", risk_header)[:1]
    ranks = [i for i, h in enumerate(headers) if _RANK.search(h.lower())]
    same = [i for i in ranks if years and years[0] in headers[i]]
    return (same or ranks or [None])[0]


def _row(
    file: str,
    number: int,
    cells: tuple[str, ...],
    name_at: int,
    risk_at: int,
    rank_at: int | None,
    year_at: int | None,
    period: str,
    issues: list[ValidationIssue],
) -> CountryRisk | None:
    name = cells[name_at].strip()
    code = country_code(name)
    if code is None:
        message = f"'{name}' matches no ISO country or alias; add it to mapping/reference/country_aliases.csv."
        issues.append(ValidationIssue(file, number, None, "unknown-value", message, "warning"))
        return None
    try:
        risk = _finite_number(cells[risk_at])
        rank = int(_finite_number(cells[rank_at])) if rank_at is not None and cells[rank_at] else None
    except ValueError as err:
        issues.append(ValidationIssue(file, number, None, "invalid-number", f"{name}: {err}.", "warning"))
        return None
    year = cells[year_at] if year_at is not None else period[:4]
    return CountryRisk(name, code, risk, rank, period, year)


def _finite_number(text: str) -> float:
    """A number, refusing one too large to be one (400 digits read as infinity, which no rank can be)."""
    value = parse_number(text)
    if not math.isfinite(value):
        raise ValueError(f"'{text.strip()[:20]}...' is too large a number")
    return value
