"""Time `mapping import` on a generated 5,000-entity FollowTheMoney file, as a whole process.

    python bench/ftm_import.py                        # 5,000 entities, 5 runs; bench/ftm_import_results.json
    python bench/ftm_import.py --entities 20000 --runs 3 --output /tmp/ftm.json

Not part of the test run. The file is generated (seeded) in a temporary folder,
shaped like an OpenSanctions or Aleph export: 40-hex ids, `datasets`,
`first_seen` / `last_seen` and `referents` on every entity, lists of strings for
every property. About a third of the entities are organisations and people
(companies with registration numbers, persons with birth dates and nationalities,
organisations including political parties by `topics`, public bodies); the rest
are the links between them (ownerships with percentages, directorships,
memberships, employments, family ties, payments of donations, several between
the same payer and party) and entities the map leaves out (addresses, sanctions).

Each run is `python -m mapping import <file> --output <folder>`, timed from start
to exit: interpreter start, imports, reading, validation and writing the CSV
pair, as a user meets it. The median and the range are printed and saved; the
target is under 5 s. Two parts are timed apart, to show where the time goes:
starting Python and importing the command's modules (`python -c "import
mapping.cli, mapping.formats.convert"`), and reading the file in this process
(`import_file`, the median of the same number of runs). The import's summary line (actors, relationships, warnings)
is saved too, so a change in what is imported shows beside a change in speed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "bench" / "ftm_import_results.json"
TARGET_S = 5.0
SEED = 20240501

# Shares of the file, by schema (they sum to 1).
SHARES = {
    "Company": 0.16,
    "Person": 0.13,
    "Organization": 0.04,
    "PublicBody": 0.01,
    "Address": 0.08,
    "Sanction": 0.03,
    "Ownership": 0.20,
    "Directorship": 0.12,
    "Membership": 0.05,
    "Employment": 0.04,
    "Family": 0.02,
    "Payment": 0.12,
}
COUNTRIES = ("ke", "ug", "tz", "de", "gb", "ru", "cy", "ae", "us", "za")
DATASETS = ("ke_companies", "us_ofac_sdn", "eu_fsf", "gb_coh_psc", "de_donations")
SECTORS = ("Telecommunications", "Banking", "Mining", "Construction", "Media", "Agriculture", "Logistics")
LEGAL_FORMS = ("Private company limited by shares", "Public limited company", "GmbH", "LLC")
FIRST = ("Jane", "John", "Amina", "Peter", "Grace", "Otieno", "Wanjiru", "Hans", "Olga", "Ahmed")
LAST = ("Doe", "Kamau", "Mwangi", "Schmidt", "Ivanova", "Hassan", "Smith", "Odhiambo", "Njoroge", "Weber")
WORDS = ("Frontier", "Acacia", "Lakeside", "Summit", "Horizon", "Rift", "Savanna", "Coastal", "Unity", "Meridian")


def hex_id(*parts: object) -> str:
    return hashlib.sha1("/".join(map(str, parts)).encode()).hexdigest()


def day(rng: random.Random, start: int = 1990, end: int = 2024) -> str:
    return f"{rng.randint(start, end)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def envelope(rng: random.Random, entity_id: str, schema: str, properties: dict[str, list[str]]) -> dict:
    """An entity as OpenSanctions writes it: properties plus provenance keys."""
    seen = day(rng, 2019, 2024)
    return {
        "id": entity_id,
        "schema": schema,
        "caption": (properties.get("name") or [schema])[0],
        "properties": properties,
        "datasets": [rng.choice(DATASETS)],
        "referents": [hex_id("ref", entity_id)],
        "first_seen": f"{seen}T08:00:00",
        "last_seen": f"{day(rng, 2024, 2024)}T08:00:00",
        "target": schema == "Person" and rng.random() < 0.1,
    }


def company(rng: random.Random, n: int) -> dict[str, list[str]]:
    name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(('Holdings', 'Ltd', 'Trading', 'Group'))} {n}"
    return {
        "name": [name],
        "alias": [name.upper()],
        "jurisdiction": [rng.choice(COUNTRIES)],
        "registrationNumber": [f"C.{rng.randint(10000, 999999)}"],
        "incorporationDate": [day(rng)],
        "legalForm": [rng.choice(LEGAL_FORMS)],
        "sector": [rng.choice(SECTORS)],
        "status": [rng.choice(("Active", "Dissolved", "In liquidation"))],
        "sourceUrl": [f"https://registry.example/{n}"],
        "topics": ["sanction"] if rng.random() < 0.05 else [],
    }


def person(rng: random.Random, n: int) -> dict[str, list[str]]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return {
        "name": [f"{first} {last}"],
        "firstName": [first],
        "lastName": [last],
        "birthDate": [day(rng, 1940, 1995)],
        "nationality": [rng.choice(COUNTRIES)],
        "position": [rng.choice(("Director", "Member of Parliament", "Chief executive", "Governor"))],
        "topics": ["role.pep"] if rng.random() < 0.2 else [],
        "notes": [f"Person {n} from a company register."],
    }


def organization(rng: random.Random, n: int) -> dict[str, list[str]]:
    if n % 5 == 0:
        return {"name": [f"{rng.choice(WORDS)} Democratic Party"], "topics": ["pol.party"], "country": ["ke"]}
    kind = rng.choice(("Foundation", "Association", "Trust", "Network"))
    return {
        "name": [f"{rng.choice(WORDS)} {kind} {n}"],
        "country": [rng.choice(COUNTRIES)],
        "website": [f"https://org{n}.example"],
    }


def public_body(rng: random.Random, n: int) -> dict[str, list[str]]:
    return {"name": [f"Ministry of {rng.choice(SECTORS)} {n}"], "country": ["ke"], "topics": ["gov.national"]}


def address(rng: random.Random, n: int) -> dict[str, list[str]]:
    return {"full": [f"{n} {rng.choice(WORDS)} Road, Nairobi"], "country": ["ke"], "city": ["Nairobi"]}


def generate(total: int, seed: int = SEED) -> list[dict]:
    """`total` entities in the shares of `SHARES`, links only between the actors made before them."""
    rng = random.Random(seed)
    counts = {schema: max(1, round(total * share)) for schema, share in SHARES.items()}
    makers = {"Company": company, "Person": person, "Organization": organization, "PublicBody": public_body}
    entities: list[dict] = []
    ids: dict[str, list[str]] = {}
    for schema, make in makers.items():
        ids[schema] = [hex_id(schema, n) for n in range(counts[schema])]
        entities += [envelope(rng, i, schema, make(rng, n)) for n, i in enumerate(ids[schema])]
    addresses = [hex_id("Address", n) for n in range(counts["Address"])]
    entities += [envelope(rng, i, "Address", address(rng, n)) for n, i in enumerate(addresses)]
    people, companies, bodies = ids["Person"], ids["Company"], ids["Organization"] + ids["PublicBody"]
    parties = [ids["Organization"][n] for n in range(0, counts["Organization"], 5)]
    legal = companies + people
    for n in range(counts["Sanction"]):
        target = rng.choice(legal)
        props = {"entity": [target], "authority": ["OFAC"], "program": ["SDN"], "startDate": [day(rng, 2014)]}
        entities.append(envelope(rng, hex_id("Sanction", n), "Sanction", props))
    links = {
        "Ownership": lambda: {
            "owner": [rng.choice(legal)],
            "asset": [rng.choice(companies)],
            "percentage": [str(rng.choice((5, 10, 25, 50, 51, 100)))],
            "startDate": [day(rng)],
            "role": ["Shareholder"],
        },
        "Directorship": lambda: {
            "director": [rng.choice(people)],
            "organization": [rng.choice(companies + bodies)],
            "role": [rng.choice(("Director", "Chairman", "Secretary"))],
            "startDate": [day(rng)],
        },
        "Membership": lambda: {
            "member": [rng.choice(legal)],
            "organization": [rng.choice(bodies)],
            "role": ["Member"],
        },
        "Employment": lambda: {
            "employee": [rng.choice(people)],
            "employer": [rng.choice(companies)],
            "role": ["Staff"],
        },
        "Family": lambda: {
            "person": [rng.choice(people)],
            "relative": [rng.choice(people)],
            "relationship": ["Sibling"],
        },
        "Payment": lambda: {
            "payer": [rng.choice(legal[: len(legal) // 10])],  # a few donors give often
            "beneficiary": [rng.choice(parties)],
            "amount": [str(rng.randint(1, 200) * 500)],
            "currency": ["KES"],
            "date": [day(rng, 2010, 2023)],
            "purpose": ["Donation"],
        },
    }
    for schema, make in links.items():
        for n in range(counts[schema]):
            props = make()
            if schema == "Family" and props["person"] == props["relative"]:
                props["relative"] = [people[(people.index(props["person"][0]) + 1) % len(people)]]
            entities.append(envelope(rng, hex_id(schema, n), schema, {k: v for k, v in props.items() if v}))
    for entity in entities:
        entity["properties"] = {k: v for k, v in entity["properties"].items() if v}
    rng.shuffle(entities)  # exports are not sorted by schema
    return entities


def time_import(path: Path, folder: Path) -> tuple[float, str]:
    """One whole `python -m mapping import` process: seconds, and its summary line."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mapping", "import", str(path), "--output", str(folder)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"mapping import failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return elapsed, done.stdout.splitlines()[0]


def time_startup() -> float:
    """Starting Python and importing what `mapping import` imports, as a process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    code = "import mapping.cli, mapping.formats.convert"
    subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True)
    return time.perf_counter() - started


def time_reading(data: bytes, runs: int) -> float:
    """The median of `runs` in-process reads of the file (`import_file`: parse, map, validate)."""
    sys.path.insert(0, str(ROOT))
    from mapping.formats import import_file
    from mapping.read import InputFile

    times = []
    for _ in range(runs):
        started = time.perf_counter()
        import_file(InputFile("entities.ftm.json", data))
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--entities", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args()
    entities = generate(args.entities)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "entities.ftm.json"
        path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entities), encoding="utf-8")
        size = path.stat().st_size
        runs, summary = [], ""
        for run in range(args.runs):
            seconds, summary = time_import(path, Path(tmp) / f"out{run}")
            runs.append(seconds)
            print(f"run {run + 1}: {seconds:.2f} s")
        startup = statistics.median(time_startup() for _ in range(args.runs))
        reading = time_reading(path.read_bytes(), args.runs)
    result = {
        "command": "python bench/ftm_import.py " + " ".join(sys.argv[1:]),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.platform()},
        "file": {"entities": len(entities), "bytes": size, "by_schema": dict(Counter(e["schema"] for e in entities))},
        "runs": args.runs,
        "runs_s": [round(s, 2) for s in runs],
        "median_s": round(statistics.median(runs), 2),
        "range_s": [round(min(runs), 2), round(max(runs), 2)],
        "target_s": TARGET_S,
        "startup_and_imports_median_s": round(startup, 2),
        "reading_in_process_median_s": round(reading, 2),
        "import_summary": summary,
    }
    print(f"median {result['median_s']} s, range {result['range_s'][0]}-{result['range_s'][1]} s (target {TARGET_S} s)")
    print(f"of which: starting Python and imports {startup:.2f} s, reading the file {reading:.2f} s")
    print(summary)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
