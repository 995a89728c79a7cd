"""The UN Framework's risk factors on the map: who mitigates and who enables each.

Actors and ties carry `risk_factors` tags such as ("8.7", "mitigator"). This
module groups them by factor or indicator for the country-context page, and
finds the map's country (the one most of its domestic actors name).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from mapping.model import StakeholderMap
from mapping.reference import business_indicators, risk_factors

__all__ = ["factor_rows", "main_country", "tagged_by_factor", "tagged_ids"]

Tagged = dict[str, dict[str, list[str]]]


def main_country(smap: StakeholderMap) -> str | None:
    """The country named by most actors that are not international bodies (None if none names one)."""
    counts = Counter(a.country.strip() for a in smap.actors if a.country.strip() and a.kind != "international")
    return counts.most_common(1)[0][0] if counts else None


def tagged_by_factor(smap: StakeholderMap) -> Tagged:
    """{code: {"mitigator": [labels], "enabler": [labels]}} for actors and ties ('A → B (kind)')."""
    tagged: Tagged = defaultdict(lambda: {"mitigator": [], "enabler": []})
    for actor in smap.actors:
        for code, role in actor.risk_factors:
            tagged[code][role].append(actor.name)
    for rel in smap.explicit_relationships:
        label = f"{smap.actor(rel.source).name} → {smap.actor(rel.target).name} ({rel.kind.replace('_', ' ')})"
        for code, role in rel.risk_factors:
            tagged[code][role].append(label)
    return dict(tagged)


def tagged_ids(smap: StakeholderMap, code: str) -> set[str]:
    """Ids of actors tagged with the factor or one of its indicators (code '8' matches '8.7'), or on a tagged tie."""

    def matches(tag: str) -> bool:
        return tag == code or ("." not in code and tag.split(".")[0] == code)

    ids = {a.id for a in smap.actors if any(matches(c) for c, _ in a.risk_factors)}
    for rel in smap.explicit_relationships:
        if any(matches(c) for c, _ in rel.risk_factors):
            ids |= {rel.source, rel.target}
    return ids


def factor_rows(tagged: Tagged) -> list[dict[str, str]]:
    """One row per factor and per business-leverage indicator, with what the map tags under it."""
    indicators_by_factor = defaultdict(list)
    for indicator in business_indicators():
        indicators_by_factor[indicator.factor].append(indicator)
    rows = []
    for factor in risk_factors():
        rows.append(_row(str(factor.number), factor.name, "", factor.source, tagged))
        for indicator in indicators_by_factor[factor.number]:
            rows.append(
                _row(indicator.indicator, indicator.text, indicator.business_leverage, indicator.source, tagged)
            )
    known = {row["code"] for row in rows}
    rows += [
        _row(code, "(indicator not in the reference table)", "", "", tagged) for code in sorted(set(tagged) - known)
    ]
    return rows


def _row(code: str, text: str, leverage: str, source: str, tagged: Tagged) -> dict[str, str]:
    roles = tagged.get(code, {"mitigator": [], "enabler": []})
    return {
        "code": code,
        "factor or indicator": text,
        "where business has leverage": leverage,
        "mitigators on the map": "; ".join(roles["mitigator"]),
        "enablers on the map": "; ".join(roles["enabler"]),
        "source": source,
    }
