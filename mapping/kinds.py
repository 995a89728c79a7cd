"""Other tools' types, read as our kinds: an import never fails only because of a kind.

Gephi, yEd, networkx and d3 files have no kinds; Kumu maps use their own element
types ("Employee/Founder", "Investor"); a hand-made sheet may say "Bank" or
"Ministry". Before validation, `settle_kinds` reads the kind column of an
actors or a relationships table (ours, or the names other tools give it: `type`,
`category`, `element type`, `schema`; `connection type` for ties) and gives
every row one of our kinds:

1. a type the user chose a kind for (`KindChoices.actors` / `.ties`, from the
   Data page's "their types -> our kinds" table or `--kind "Investor=business"`);
2. a type that is one of our kinds, by name, label or alias: kept as it is;
3. a suggested match (`suggest_kind`): a known word in the type ("Investment
   Bank" -> business, "Ministry of Finance" -> government, "Funding" -> funds),
   or a close spelling of one of our kinds ("bussiness");
4. otherwise, and when the type is blank, the default (`other` for actors,
   `linked` for ties; `--default-kind` changes it).

Whenever the kind is not the type as written, the type is kept in an extra
column `original type`, and one warning per distinct type says what it became
and how to change it. `KindMatch`es list every distinct type with its count and
kind, for the table the user edits before loading.

A tie "type" column whose every value is a direction (`Directed`,
`Undirected`: Gephi's edge table) is the tie's direction, not its kind.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from mapping.issues import ValidationIssue
from mapping.read import RawTable
from mapping.schema import ACTOR_KINDS, DIRECTIONS, RELATIONSHIP_KINDS, Term, normalise_token
from mapping.values import closest_matches, match_term

__all__ = [
    "DEFAULT_ACTOR_KIND",
    "DEFAULT_TIE_KIND",
    "ORIGINAL_TYPE",
    "KindChoices",
    "KindMatch",
    "parse_kind_pairs",
    "settle_kinds",
    "suggest_kind",
]

DEFAULT_ACTOR_KIND = "other"
DEFAULT_TIE_KIND = "linked"
ORIGINAL_TYPE = "original type"
"""The extra column that keeps another tool's type when it was read as one of our kinds."""

Role = Literal["actors", "relationships"]
How = Literal["ours", "chosen", "suggested", "default"]

_KIND_HEADERS: dict[str, tuple[str, ...]] = {
    "actors": ("kind", "type", "actor type", "category", "element type", "schema"),
    "relationships": (
        "kind",
        "type",
        "relationship",
        "relationship type",
        "tie type",
        "relation",
        "connection type",
        "schema",
    ),
}
"""Headers that hold the kind, ours first: other tools' own names for a node's or an edge's type."""

_VOCABULARY: dict[str, tuple[Term, ...]] = {"actors": ACTOR_KINDS, "relationships": RELATIONSHIP_KINDS}

_SUBTYPE_SPELLINGS = {normalise_token(alias) for kind in ACTOR_KINDS for alias, _ in kind.subtype_aliases}


def _words(by_kind: Mapping[str, str]) -> dict[str, str]:
    """{word: kind} from {kind: 'space-separated words'}."""
    return {word: kind for kind, words in by_kind.items() for word in words.split()}


_ACTOR_WORDS = _words(
    {
        "business": "investor investors startup start_up bank business businesses employer manufacturer retailer "
        "insurer telecom telco ltd plc inc llc holding holdings fund",
        "association": "chamber federation guild cooperative association",
        "government": "ministry department agency government county municipality parliament senate assembly court "
        "judiciary authority publicbody public_body state office cabinet",
        "security": "police army military defence defense navy intelligence",
        "political": "party parties politician political campaign",
        "civil_society": "ngo nonprofit non_profit charity foundation union cso cbo community activist university "
        "academic academia research institute network movement club society",
        "faith": "church mosque diocese religious faith temple synod imam clergy",
        "media": "media newspaper radio tv television broadcaster magazine journalist",
        "international": "un embassy donor multilateral international unicef undp eu",
        "armed_group": "militia gang rebel rebels insurgent insurgents",
        "person": "person people individual employee founder director ceo executive official leader chair chairman "
        "chairperson member staff manager minister president",
    }
)
"""Words that, anywhere in another tool's actor type, suggest one of our kinds (the last such word wins:
'Investment Bank' is a bank; 'Ministry of Finance' is a ministry)."""

_TIE_WORDS = _words(
    {
        "funds": "funding funds funded donation donor grant payment pays sponsor",
        "member_of": "member membership affiliate affiliation",
        "owns": "owner owns ownership shareholder investment invests investor",
        "leads": "director directorship board board_member chair chairs ceo heads founder cofounder co_founder",
        "supplies": "supplier supplies vendor contractor customer client",
        "advises": "advises advisor adviser consultant consults representation representative agent",
        "influences": "family relative associate friend",
        "linked": "unknownlink unknown_link",
        "partners_with": "partner partners partnership collaboration collaborates alliance",
        "regulates": "regulates regulator regulation licenses",
        "employs": "employs employment employer",
        "mediates": "mediates mediation mediator",
        "opposes": "opposes opposition conflict hostile enemy",
        "rivals": "rival rivals rivalry competitor competes",
    }
)
"""Words that, in another tool's tie type, suggest one of our tie kinds (the whole type first: 'Board member')."""

_WORDS: dict[str, dict[str, str]] = {"actors": _ACTOR_WORDS, "relationships": _TIE_WORDS}


@dataclass(frozen=True)
class KindChoices:
    """What to give actors and ties whose kind is blank or not ours.

    `actors` and `ties` map another tool's type (any spelling: compared after
    `normalise_token`) to one of our kinds; they win over our own matching, so a
    user can say that their "Partner" is a business, not a tie kind.
    """

    default_actor: str = DEFAULT_ACTOR_KIND
    default_tie: str = DEFAULT_TIE_KIND
    actors: Mapping[str, str] = field(default_factory=dict)
    ties: Mapping[str, str] = field(default_factory=dict)

    def chosen(self, role: Role, their: str) -> str | None:
        """The kind the user chose for this type, if any."""
        table = self.actors if role == "actors" else self.ties
        wanted = normalise_token(their)
        return next((ours for theirs, ours in table.items() if normalise_token(theirs) == wanted), None)

    def default(self, role: Role) -> str:
        return self.default_actor if role == "actors" else self.default_tie


@dataclass(frozen=True)
class KindMatch:
    """One distinct type of a file, and the kind its rows were given.

    `their` is the type as first written ('' when the rows had none); `how` says
    why: it was one of our kinds, the user chose it, it was suggested, or it is
    the default.
    """

    role: Role
    their: str
    count: int
    kind: str
    how: How


def suggest_kind(their: str, role: Role) -> str | None:
    """Our kind that another tool's type most likely means, or None when nothing suggests one.

    >>> [suggest_kind(t, "actors") for t in ("Investment Bank", "Ministry of Finance", "bussiness", "Project")]
    ['business', 'government', 'business', None]
    >>> suggest_kind("Funding", "relationships"), suggest_kind("Board member", "relationships")
    ('funds', 'leads')
    >>> [suggest_kind(s, "relationships") for s in ("Ownership", "Directorship", "Family", "UnknownLink")]
    ['owns', 'leads', 'influences', 'linked']
    """
    token = normalise_token(their)
    words = [word for word in token.split("_") if word]
    vocabulary = _VOCABULARY[role]
    for word in (token, *reversed(words)):
        found = _WORDS[role].get(word) or match_term(word, vocabulary)
        if found:
            return found
    spellings = {s: term.name for term in vocabulary for s in (term.name, term.label, *term.aliases)}
    close = closest_matches(their, spellings, 1, cutoff=0.85)
    return spellings[close[0]] if close else None


def parse_kind_pairs(pairs: Sequence[str]) -> tuple[dict[str, str], list[str]]:
    """'Their type=our kind' pairs (the command line's --kind, or lines of a --kinds file) as a mapping.

    Returns the mapping and a message for each pair that cannot be used.

    >>> parse_kind_pairs(["Investor=business", "Funding = funds", "oops", "X=nonsense"])[0]
    {'Investor': 'business', 'Funding': 'funds'}
    """
    known = {kind.name for kind in (*ACTOR_KINDS, *RELATIONSHIP_KINDS)}
    mapping: dict[str, str] = {}
    problems = []
    for pair in pairs:
        their, sep, ours = pair.partition("=")
        their, ours = their.strip(), ours.strip()
        kind = match_term(ours, (*ACTOR_KINDS, *RELATIONSHIP_KINDS)) if ours else None
        if not sep or not their or kind is None or kind not in known:
            kinds = ", ".join(sorted(known))
            problems.append(f"'{pair}' is not 'their type=our kind' with one of our kinds ({kinds}).")
            continue
        mapping[their] = kind
    return mapping, problems


def settle_kinds(
    table: RawTable, role: Role, choices: KindChoices
) -> tuple[RawTable, tuple[KindMatch, ...], list[ValidationIssue]]:
    """The table with one of our kinds on every row, the distinct types found, and one warning per type changed.

    See the module docstring for the order of the rules. The kind column is
    found under our name or another tool's (it is then renamed `kind`); a table
    with none gets one, every row at the default.
    """
    table = _direction_column(table) if role == "relationships" else table
    at = _kind_position(table, role)
    headers = list(table.headers)
    if at is None:
        headers.append("kind")
        at = len(headers) - 1
        rows = [(number, (*cells, "")) for number, cells in table.rows]
    else:
        headers[at] = "kind"
        rows = list(table.rows)
    settled: dict[str, tuple[str, How]] = {}
    counts: dict[str, int] = {}
    first_spelling: dict[str, str] = {}
    issues: list[ValidationIssue] = []
    new_rows = []
    kept_any = False
    for number, cells in rows:
        their = cells[at].strip()
        key = normalise_token(their)
        if key not in settled:
            settled[key] = _kind_for(their, role, choices)
            first_spelling[key] = their
        counts[key] = counts.get(key, 0) + 1
        kind, how = settled[key]
        row = list(cells)
        row[at] = kind
        original = their if how != "ours" and their else ""
        kept_any = kept_any or bool(original)
        new_rows.append((number, [*row, original]))
        if how not in ("ours", "chosen"):
            issues.append(_changed(table.label, number, role, their, kind, how))
    if kept_any:
        headers.append(ORIGINAL_TYPE)
    else:
        new_rows = [(number, row[:-1]) for number, row in new_rows]
    matches = tuple(
        KindMatch(role, first_spelling[key], counts[key], kind, how) for key, (kind, how) in settled.items()
    )
    return RawTable(table.label, tuple(headers), tuple((n, tuple(r)) for n, r in new_rows)), matches, issues


def _kind_position(table: RawTable, role: Role) -> int | None:
    tokens = [normalise_token(h) for h in table.headers]
    for name in _KIND_HEADERS[role]:
        if normalise_token(name) in tokens:
            return tokens.index(normalise_token(name))
    return None


def _direction_column(table: RawTable) -> RawTable:
    """Gephi's edge table calls the direction `Type` (Directed, Undirected): read it as the direction."""
    tokens = [normalise_token(h) for h in table.headers]
    if "type" not in tokens or "direction" in tokens or "kind" in tokens:
        return table
    at = tokens.index("type")
    values = {cells[at] for _, cells in table.rows if cells[at]}
    if not values or any(match_term(value, DIRECTIONS) is None for value in values):
        return table
    headers = list(table.headers)
    headers[at] = "direction"
    return RawTable(table.label, tuple(headers), table.rows)


def _kind_for(their: str, role: Role, choices: KindChoices) -> tuple[str, How]:
    chosen = choices.chosen(role, their) if their else None
    if chosen:
        return chosen, "chosen"
    if not their:
        return choices.default(role), "default"
    if match_term(their, _VOCABULARY[role]) or (role == "actors" and normalise_token(their) in _SUBTYPE_SPELLINGS):
        return their, "ours"
    suggested = suggest_kind(their, role)
    return (suggested, "suggested") if suggested else (choices.default(role), "default")


_WHAT = {"actors": "actor", "relationships": "tie"}
_KIND_LABELS = {term.name: term.label for term in (*ACTOR_KINDS, *RELATIONSHIP_KINDS)}


def _changed(label: str, row: int, role: Role, their: str, kind: str, how: How) -> ValidationIssue:
    """The warning for one row whose kind is not its type as written (identical per type, so they group)."""
    what = _WHAT[role]
    ours = f"'{_KIND_LABELS.get(kind, kind)}' ({kind})"
    change = "choose another on the Data page, or give --kind"
    if not their:
        message = f"No kind: the {what} was given {ours}, the default. To give kinds, {change} / --default-kind."
    elif how == "suggested":
        message = (
            f"'{their}' is not one of our kinds; it was read as {ours}, the closest match, and kept in the column "
            f"'{ORIGINAL_TYPE}'. If that is wrong, {change} \"{their}=<our kind>\"."
        )
    else:
        message = (
            f"'{their}' is not one of our kinds and suggests none; the {what} was given {ours}, the default, and its "
            f"type is kept in the column '{ORIGINAL_TYPE}'. To give it a kind, {change} \"{their}=<our kind>\"."
        )
    return ValidationIssue(label, row, "kind", "default-kind", message, "warning")
