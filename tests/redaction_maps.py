"""A map with people's names planted in every free-text field, in every form people write them.

Amina Wanjiru (id `amina_wanjiru`) and Baraka Kiptoo (id `Baraka Kiptoo`: the id
is the name, as when a file has no id column) work at Tumaini Peace Network.
`SENTENCE` writes their names in every form of `FORMS`; it fills every text
column of the contract (found from `mapping.schema`, so a new column is planted
too), the open list `capabilities`, custom columns (one named after Amina), tie
notes and sources, and the map's title; Baraka's role is "Aide to" Amina in every
form (a role that names another person makes a display name). With
redaction on, no export may hold any of `NAME_PARTS`, in any case or accent.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

from mapping.load import load_paths
from mapping.model import StakeholderMap
from mapping.schema import ACTOR_COLUMNS, RELATIONSHIP_COLUMNS

NAME_PARTS = ("amina", "wanjiru", "baraka", "kiptoo")
AMINA_SHOWN = "Chair, Tumaini Peace Network"  # Amina's display name when redacted

# Every form of a name the redaction must catch, by what it tests.
FORMS = {
    "full name": "Amina Wanjiru",
    "upper case": "AMINA WANJIRU",
    "lower case": "amina wanjiru",
    "double space": "Amina  Wanjiru",
    "tab and line break": "Amina\t\nWanjiru",
    "surname alone": "Wanjiru agreed",
    "first name alone": "Met Amina on Monday",
    "initial and surname": "Interview with A. Wanjiru",
    "initial without a dot": "A Wanjiru",
    "initial joined by a dot": "A.Wanjiru",
    "possessive": "Amina's statement",
    "possessive, curly apostrophe": "Wanjiru’s file",
    "surname first": "Wanjiru, Amina",
    "underscore": "Amina_Wanjiru",
    "dot": "amina.wanjiru",
    "hyphen slug": "https://example.org/people/amina-wanjiru",
    "e-mail": "amina.wanjiru@example.org",
    "e-mail, initial and surname": "awanjiru2020@example.org",
    "handle": "@AminaWanjiru",
    "accents": "Amína Wanjirú",
    "file name": "Interview_Amina_Wanjiru.xlsx",
    "the other person's id": "Baraka Kiptoo",
    "the other person, lower case possessive": "baraka kiptoo's",
    "the other person's first name": "Baraka",
    "the other person's surname, upper case": "KIPTOO",
}
SENTENCE = "; ".join(FORMS.values())
AMINA_SENTENCE = "; ".join(text for form, text in FORMS.items() if "other person" not in form)

ACTOR_TEXT = [c.name for c in ACTOR_COLUMNS if c.value_type == "text" and c.name not in ("id", "name")]
TIE_TEXT = [c.name for c in RELATIONSHIP_COLUMNS if c.value_type == "text"]
CUSTOM_ACTOR_COLUMNS = ("Contact", "Notes from Amina Wanjiru")
CUSTOM_TIE_COLUMN = "Interviewer"


def _planted_actor(actor_id: str, name: str, kind: str, parent: str = "", role: str = "") -> dict[str, str]:
    row = {column: SENTENCE for column in ACTOR_TEXT} | {"id": actor_id, "name": name, "kind": kind}
    row |= {"parent": parent, "role": role, "capabilities": "convening;amina_wanjiru_contacts"}
    return row | dict.fromkeys(CUSTOM_ACTOR_COLUMNS, SENTENCE)


def planted_rows() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The actors and relationships rows, every free-text cell holding `SENTENCE`."""
    actors = [
        _planted_actor("tumaini", "Tumaini Peace Network", "civil_society"),
        _planted_actor("kam", "Kenya Association of Manufacturers", "association"),
        _planted_actor("amina_wanjiru", "Amina Wanjiru", "person", "tumaini", role="Chair"),
        _planted_actor("Baraka Kiptoo", "Baraka Kiptoo", "person", "tumaini", role=f"Aide to {AMINA_SENTENCE}"),
    ]
    tie = {column: SENTENCE for column in TIE_TEXT} | {CUSTOM_TIE_COLUMN: SENTENCE}
    ties = [
        tie | {"source": "Baraka Kiptoo", "target": "amina_wanjiru", "kind": "advises"},
        tie | {"source": "amina_wanjiru", "target": "kam", "kind": "dialogue"},
        tie | {"source": "kam", "target": "tumaini", "kind": "funds"},
    ]
    return actors, ties


def csv_text(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(dict.fromkeys(key for row in rows for key in row)))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_planted_map(folder: Path) -> Path:
    """actors.csv and relationships.csv of the planted map, in `folder` (whose name becomes the title)."""
    actors, ties = planted_rows()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "actors.csv").write_text(csv_text(actors), encoding="utf-8")
    (folder / "relationships.csv").write_text(csv_text(ties), encoding="utf-8")
    return folder


def planted_map(folder: Path) -> StakeholderMap:
    """The planted map loaded as a user's files are, titled like the file it often comes from."""
    result = load_paths([write_planted_map(folder)])
    assert result.map is not None, result.errors
    return StakeholderMap(result.map.actors, result.map.explicit_relationships, title=f"Interview {SENTENCE}")


def folded(text: str) -> str:
    """Lower case without accents, so that "Amína" is found as "amina"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def names_in(text: str) -> list[str]:
    """The name parts a text still holds, whatever their case or accents."""
    return [part for part in NAME_PARTS if part in folded(text)]
