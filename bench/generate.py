"""Realistic synthetic stakeholder maps for benchmarks, at any size, seeded.

Shape (shares of the actors): businesses about 60 % with heavy-tailed membership
of sector associations (a few associations hold most firms, Zipf-like), sector
associations 3 % under a few umbrella bodies, government ministries and agencies,
security, political, civil society, faith, media, international bodies, a few
prevention networks, and people (about 22 %) leading or working in
organisations. About five written ties per actor: memberships, leadership,
dialogue, regulation, supply, funding, partnerships, influence, and some
opposition and rivalry.

    python bench/generate.py 3000 out/      # writes out/actors.csv and out/relationships.csv
"""

from __future__ import annotations

import csv
import io
import random
import sys
from pathlib import Path

SHARES = {
    "government": 0.015,
    "security": 0.005,
    "political": 0.008,
    "civil_society": 0.02,
    "faith": 0.005,
    "media": 0.01,
    "international": 0.005,
    "prevention_network": 0.003,
    "association": 0.03,
    "person": 0.22,
}
SECTORS = ["telecommunications", "banking", "manufacturing", "transport", "tourism", "agriculture", "retail",
           "energy", "mining", "construction", "media", "security services"]  # fmt: skip
REGIONS = ["Capital", "North", "South", "East", "West", "Coast", "Highlands", "Lakes"]
STANCES = ["champion", "supportive", "supportive", "neutral", "neutral", "neutral", "sceptical", "opposed", "unknown"]
CAPABILITIES = ["convening", "private_diplomacy", "peace_messaging", "content_moderation", "logistics",
                "local_data", "funding", "employment", "supply_chain", "security_services"]  # fmt: skip
ACTOR_HEADERS = ["id", "name", "kind", "subtype", "sector", "country", "region", "parent", "role", "seniority",
                 "influence", "stance", "integrity", "neutrality", "phases", "capabilities", "source"]  # fmt: skip
TIE_HEADERS = ["source", "target", "kind", "strength", "confidence", "source_ref"]


def generate(size: int, seed: int = 7) -> tuple[str, str]:
    """The actors and relationships CSV texts of a map with `size` actors."""
    rng = random.Random(seed)
    actors: list[dict[str, str]] = []
    by_kind: dict[str, list[str]] = {}

    def add(kind: str, **fields: str) -> str:
        actor_id = f"{kind[:3]}{len(actors)}"
        row = {h: "" for h in ACTOR_HEADERS} | {"id": actor_id, "kind": kind, "source": "synthetic"} | fields
        row.setdefault("name", "")
        row["name"] = row["name"] or f"{kind.replace('_', ' ').title()} {len(actors)}"
        row["influence"] = str(rng.choice([1, 2, 2, 3, 3, 4, 5]))
        row["stance"] = rng.choice(STANCES)
        row["integrity"], row["neutrality"] = str(rng.randint(1, 5)), str(rng.randint(1, 5))
        row["phases"] = ";".join(sorted(rng.sample(["upstream", "acute", "recovery"], rng.randint(0, 3))))
        row["capabilities"] = ";".join(rng.sample(CAPABILITIES, rng.randint(0, 3)))
        row["region"] = row["region"] or rng.choice(REGIONS)
        row["country"] = "Kenya"
        actors.append(row)
        by_kind.setdefault(kind, []).append(actor_id)
        return actor_id

    umbrellas = [
        add("association", subtype="umbrella body", name=f"Umbrella Alliance {i}") for i in range(max(1, size // 1000))
    ]
    organisations = size - int(size * SHARES["person"]) - len(umbrellas)
    for kind, share in SHARES.items():
        if kind != "person":
            for _ in range(max(1, int(size * share))):
                add(kind, sector=rng.choice(SECTORS))
    scales = ["local", "national", "national", "multinational", "parastatal", "informal"]
    while len(actors) < organisations:
        add("business", subtype=rng.choice(scales), sector=rng.choice(SECTORS))
    orgs = [a["id"] for a in actors]
    while len(actors) < size:
        parent = rng.choice(orgs)
        add("person", parent=parent, role=rng.choice(["Chair", "CEO", "Director", "Manager", "CSR officer"]),
            seniority=rng.choice(["top", "senior", "mid", "csr"]))  # fmt: skip

    ties = _ties(rng, by_kind, umbrellas, size)
    return _csv(ACTOR_HEADERS, actors), _csv(TIE_HEADERS, ties)


def _ties(rng: random.Random, by_kind: dict[str, list[str]], umbrellas: list[str], size: int) -> list[dict[str, str]]:
    ties: dict[tuple[str, str, str], dict[str, str]] = {}

    def tie(source: str, target: str, kind: str, low: float = 0.2, high: float = 0.9) -> None:
        if source != target and (source, target, kind) not in ties:
            confidence = rng.choice(["low", "medium", "medium", "high"])
            strength = f"{rng.uniform(low, high):.2f}"
            ties[(source, target, kind)] = {"source": source, "target": target, "kind": kind, "strength": strength,
                                            "confidence": confidence, "source_ref": "synthetic"}  # fmt: skip

    associations = [a for a in by_kind["association"] if a not in umbrellas]
    popularity = [1 / (rank + 1) ** 1.1 for rank in range(len(associations))]  # heavy-tailed membership
    for firm in by_kind.get("business", []):
        for association in rng.choices(associations, popularity, k=rng.randint(1, 2)):
            tie(firm, association, "member_of", 0.3, 0.7)
    for association in associations:
        tie(association, rng.choice(umbrellas), "member_of", 0.4, 0.8)
    government = by_kind["government"] + by_kind["political"]
    everyone = [a for kind, ids in by_kind.items() if kind != "person" for a in ids]
    for body in associations + umbrellas:
        for official in rng.sample(government, min(3, len(government))):
            tie(body, official, "dialogue", 0.2, 0.8)
    for agency in by_kind["government"]:
        for firm in rng.sample(by_kind["business"], min(20, len(by_kind["business"]))):
            tie(agency, firm, "regulates", 0.3, 0.7)
    while len(ties) < 5 * size:
        kind = rng.choice(["supplies", "supplies", "partners_with", "influences", "dialogue", "funds", "advises",
                           "opposes", "rivals"])  # fmt: skip
        tie(rng.choice(everyone), rng.choice(everyone), kind)
    return list(ties.values())


def _csv(headers: list[str], rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, headers, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write(size: int, folder: Path, seed: int = 7) -> Path:
    """Write the map of `size` actors into `folder` (created) and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    actors, ties = generate(size, seed)
    (folder / "actors.csv").write_text(actors, encoding="utf-8")
    (folder / "relationships.csv").write_text(ties, encoding="utf-8")
    return folder


if __name__ == "__main__":
    print(write(int(sys.argv[1]), Path(sys.argv[2])))
