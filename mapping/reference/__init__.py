"""Domain knowledge as documented tables, each row citing its public source.

The CSV files beside this module are the data; this module only reads them into
frozen records. Edit the CSVs (keeping a source on every row) to adapt the tool
to another context; a test checks that every row has a source.

- risk_factors.csv: the 14 risk factors of the UN Framework of Analysis for Atrocity Crimes (2014).
- business_indicators.csv: the Framework's indicators where business has leverage.
- phase_weights.csv: the ranking's default weights in each prevention phase, with the rationale.
- phase_capabilities.csv: the capabilities that matter in each phase.
- asks.csv: what to ask an actor, by sector, capability, kind or subtype, and phase.
- framing.csv: how to frame the ask in each phase.
- frameworks.csv: international frameworks business can be held to, and whom they apply to.
- country_aliases.csv: country spellings ISO 3166 does not know (the Early Warning Project's among them).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = [
    "Ask",
    "BusinessIndicator",
    "Framework",
    "PhaseCapability",
    "RiskFactor",
    "asks",
    "business_indicators",
    "country_aliases",
    "frameworks",
    "framing",
    "phase_capabilities",
    "phase_rationale",
    "phase_weights",
    "read_table",
    "risk_factors",
]

FOLDER = Path(__file__).resolve().parent


@cache
def read_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of one reference CSV as dicts (cached; the files do not change while running)."""
    with (FOLDER / name).open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


@dataclass(frozen=True)
class RiskFactor:
    number: int
    name: str
    category: str
    crimes: str
    source: str


@dataclass(frozen=True)
class BusinessIndicator:
    indicator: str
    factor: int
    text: str
    business_leverage: str
    source: str


@dataclass(frozen=True)
class PhaseCapability:
    phase: str
    capability: str
    why: str
    source: str


@dataclass(frozen=True)
class Ask:
    match: str  # sector, capability, kind or subtype
    value: str
    phase: str  # upstream, acute, recovery or all
    ask: str
    source: str


@dataclass(frozen=True)
class Framework:
    key: str
    name: str
    applies_to: tuple[str, ...]
    source: str


def risk_factors() -> tuple[RiskFactor, ...]:
    rows = read_table("risk_factors.csv")
    return tuple(RiskFactor(int(r["number"]), r["name"], r["category"], r["crimes"], r["source"]) for r in rows)


def business_indicators() -> tuple[BusinessIndicator, ...]:
    rows = read_table("business_indicators.csv")
    return tuple(
        BusinessIndicator(r["indicator"], int(r["factor"]), r["text"], r["business_leverage"], r["source"])
        for r in rows
    )


def phase_weights() -> dict[str, dict[str, float]]:
    """{phase: {component: weight}} for the ranking (see phase_weights.csv for the rationale)."""
    skip = {"phase", "rationale", "source"}
    return {r["phase"]: {k: float(v) for k, v in r.items() if k not in skip} for r in read_table("phase_weights.csv")}


def phase_rationale(phase: str) -> str:
    return next(r["rationale"] for r in read_table("phase_weights.csv") if r["phase"] == phase)


def phase_capabilities() -> tuple[PhaseCapability, ...]:
    rows = read_table("phase_capabilities.csv")
    return tuple(PhaseCapability(r["phase"], r["capability"], r["why"], r["source"]) for r in rows)


def asks() -> tuple[Ask, ...]:
    return tuple(Ask(r["match"], r["value"], r["phase"], r["ask"], r["source"]) for r in read_table("asks.csv"))


def framing() -> dict[str, tuple[str, str]]:
    """{phase: (how to frame the ask, source)}."""
    return {r["phase"]: (r["framing"], r["source"]) for r in read_table("framing.csv")}


def frameworks() -> tuple[Framework, ...]:
    rows = read_table("frameworks.csv")
    return tuple(Framework(r["key"], r["name"], tuple(r["applies_to"].split(";")), r["source"]) for r in rows)


def country_aliases() -> dict[str, str]:
    """{spelling: ISO 3166 alpha-3 code} for names ISO does not use (EWP's "Burma/Myanmar", "Kosovo")."""
    return {r["name"]: r["iso3"] for r in read_table("country_aliases.csv")}
