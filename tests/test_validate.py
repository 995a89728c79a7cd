"""The data contract: every error code on small bad files, aliases, defaults, collection of all issues."""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from mapping import validate, values
from mapping.formats import import_file
from mapping.issues import ISSUE_CODES, ValidationIssue
from mapping.load import LoadResult
from mapping.model import Actor
from mapping.read import InputFile, RawTable, read_csv
from mapping.validate import validate_actors, validate_relationships
from mapping.values import PartialDate
from tests.conftest import ACTORS_HEADER, RELATIONSHIPS_HEADER, SMALL_ACTORS, SMALL_RELATIONSHIPS
from tests.test_limits import LIMIT_CODES

A, R = "actors.csv", "relationships.csv"


def flat(result: LoadResult) -> list[tuple[str, int | None, str | None, str]]:
    return [(i.file, i.row, i.column, i.code) for i in result.issues]


def with_actor(row: str) -> str:
    return SMALL_ACTORS + row + "\n"


def with_tie(row: str) -> str:
    return SMALL_RELATIONSHIPS + row + "\n"


# (actors text, relationships text, the issue expected among the findings)
BAD_INPUTS = {
    "missing required column": (
        "id,kind\nx,business\n",
        SMALL_RELATIONSHIPS,
        (A, 1, "name", "missing-column"),
    ),
    "missing required value": (
        with_actor("blank_name,,business,,,,,,,,,"),
        SMALL_RELATIONSHIPS,
        (A, 12, "name", "missing-value"),
    ),
    "no kind is given the default": (
        with_actor("blank_kind,Blank Kind,,,,,,,,,,"),
        SMALL_RELATIONSHIPS,
        (A, 12, "kind", "default-kind"),
    ),
    "a misspelt kind is read as the closest": (
        with_actor("x,X,Compnay,,,,,,,,,"),
        SMALL_RELATIONSHIPS,
        (A, 12, "kind", "default-kind"),
    ),
    "unknown stance": (
        with_actor("x,X,business,,,,,hero,,,,"),
        SMALL_RELATIONSHIPS,
        (A, 12, "stance", "unknown-value"),
    ),
    "unknown phase": (
        with_actor("x,X,business,,,,,,,,later,"),
        SMALL_RELATIONSHIPS,
        (A, 12, "phases", "unknown-value"),
    ),
    "unknown business subtype": (
        with_actor("x,X,business,giant,,,,,,,,"),
        SMALL_RELATIONSHIPS,
        (A, 12, "subtype", "unknown-value"),
    ),
    "influence above 5": (
        with_actor("x,X,business,,,,7,,,,,"),
        SMALL_RELATIONSHIPS,
        (A, 12, "influence", "out-of-range"),
    ),
    "integrity below 1": (
        with_actor("x,X,business,,,,,,0,,,"),
        SMALL_RELATIONSHIPS,
        (A, 12, "integrity", "out-of-range"),
    ),
    "influence not a number": (
        with_actor("x,X,business,,,,high,,,,,"),
        SMALL_RELATIONSHIPS,
        (A, 12, "influence", "invalid-number"),
    ),
    "duplicate id": (
        with_actor("bank,Another Bank,business,,,,,,,,,"),
        SMALL_RELATIONSHIPS,
        (A, 12, "id", "duplicate-id"),
    ),
    "unknown parent": (
        with_actor("x,X,person,,nobody,top,,,,,,"),
        SMALL_RELATIONSHIPS,
        (A, 12, "parent", "unknown-actor"),
    ),
    "own parent": (with_actor("x,X,person,,x,top,,,,,,"), SMALL_RELATIONSHIPS, (A, 12, "parent", "self-loop")),
    "parent cycle": (
        with_actor("u1,Unit 1,government,,u2,,,,,,,") + "u2,Unit 2,government,,u1,,,,,,,\n",
        SMALL_RELATIONSHIPS,
        (A, 12, "parent", "parent-cycle"),
    ),
    "ambiguous name": (
        with_actor("twin1,Twin,business,,,,,,,,,") + "twin2,Twin,business,,,,,,,,,\n",
        with_tie("Twin,umbrella,member_of,,,,,,"),
        (R, 10, "source", "ambiguous-actor"),
    ),
    "seniority for an organisation": (
        with_actor("x,X,business,,,top,,,,,,"),
        SMALL_RELATIONSHIPS,
        (A, 12, "seniority", "not-applicable"),
    ),
    "unknown capability tag": (
        with_actor("x,X,business,,,,,,,,,convenning"),
        SMALL_RELATIONSHIPS,
        (A, 12, "capabilities", "unknown-tag"),
    ),
    "misspelt column": (
        SMALL_ACTORS.replace("stance", "stanse", 1),
        SMALL_RELATIONSHIPS,
        (A, 1, "stanse", "unknown-column"),
    ),
    "duplicate column": (
        SMALL_ACTORS.replace(",kind,", ",type,", 1).replace("\n", ",x\n", 1).replace(",x\n", ",kind\n", 1),
        SMALL_RELATIONSHIPS,
        (A, 1, "kind", "duplicate-column"),
    ),
    "empty actors file": ("", SMALL_RELATIONSHIPS, (A, None, None, "empty-file")),
    "actors header only": (ACTORS_HEADER + "\n", "source,target,kind\n", (A, None, None, "no-rows")),
    "unknown actor in tie": (
        SMALL_ACTORS,
        with_tie("umbrella,nobody,dialogue,,,,,,"),
        (R, 10, "target", "unknown-actor"),
    ),
    "self-loop tie": (SMALL_ACTORS, with_tie("umbrella,umbrella,dialogue,,,,,,"), (R, 10, "target", "self-loop")),
    "strength zero is no influence": (
        SMALL_ACTORS,
        with_tie("umbrella,bank,influences,0,,,,,"),
        (R, 10, "strength", "no-influence"),
    ),
    "strength below zero": (
        SMALL_ACTORS,
        with_tie("umbrella,bank,influences,-0.2,,,,,"),
        (R, 10, "strength", "out-of-range"),
    ),
    "strength above one": (
        SMALL_ACTORS,
        with_tie("umbrella,bank,influences,4,,,,,"),
        (R, 10, "strength", "out-of-range"),
    ),
    "unknown relationship kind": (
        SMALL_ACTORS,
        with_tie("umbrella,bank,likes,,,,,,"),
        (R, 10, "kind", "default-kind"),
    ),
    "unknown confidence": (
        SMALL_ACTORS,
        with_tie("umbrella,bank,funds,,,,sure,,"),
        (R, 10, "confidence", "unknown-value"),
    ),
    "invalid date": (SMALL_ACTORS, with_tie("umbrella,bank,funds,,,,,soon,"), (R, 10, "since", "invalid-date")),
    "ambiguous slashed date": (
        SMALL_ACTORS,
        with_tie("umbrella,bank,funds,,,,,03/04/2008,"),
        (R, 10, "since", "invalid-date"),
    ),
    "tie ends before it starts": (
        SMALL_ACTORS,
        with_tie("umbrella,bank,funds,,,,,2010,2009"),
        (R, 10, "until", "date-order"),
    ),
    "actor ends before it starts": (
        SMALL_ACTORS.replace(ACTORS_HEADER, ACTORS_HEADER + ",founded,dissolved", 1).replace(
            ",convening\n", ",convening,2012,2010\n", 1
        ),
        SMALL_RELATIONSHIPS,
        (A, 2, "active_until", "date-order"),
    ),
    "direction contradicts strength_back": (
        SMALL_ACTORS,
        SMALL_RELATIONSHIPS.replace(RELATIONSHIPS_HEADER, RELATIONSHIPS_HEADER + ",strength_back", 1)
        + "umbrella,bank,funds,0.5,directed,,,,,0.2\n",
        (R, 10, "strength_back", "direction-conflict"),
    ),
    "positive opposition": (SMALL_ACTORS, with_tie("ngo,party_a,opposes,,,+,,,"), (R, 10, "sign", "sign-conflict")),
    "duplicate tie": (
        SMALL_ACTORS,
        with_tie("telco,chamber,member_of,0.9,,,,,"),
        (R, 10, None, "duplicate-relationship"),
    ),
    "extra cells": (
        SMALL_ACTORS,
        with_tie("umbrella,bank,funds,0,5,mutual,+,high,2008,2009"),
        (R, 10, None, "extra-cells"),
    ),
    "missing source column": (
        SMALL_ACTORS,
        "from_actor,target,kind\numbrella,bank,funds\n",
        (R, 1, "source", "missing-column"),
    ),
}


@pytest.mark.parametrize("actors, relationships, expected", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_each_problem_is_reported_at_its_file_row_and_column(
    load_text: Callable[..., LoadResult], actors: str, relationships: str, expected: tuple
) -> None:
    result = load_text(actors, relationships)
    assert expected in flat(result)


def test_a_tie_of_strength_zero_is_kept_on_the_map_and_carries_no_influence(
    load_text: Callable[..., LoadResult],
) -> None:
    from mapping.analysis.influence import influence_network

    result = load_text(SMALL_ACTORS, with_tie("umbrella,bank,influences,0,,,,,"))
    assert result.ok, result.errors
    zero = [r for r in result.map.relationships if r.strength == 0]
    assert [(r.source, r.target, r.kind) for r in zero] == [("umbrella", "bank", "influences")]
    network = influence_network(result.map)
    tie_index = result.map.relationships.index(zero[0])
    assert tie_index not in network.ties


def test_a_self_loop_in_a_file_is_left_out_with_a_warning_and_the_rest_loads(
    load_text: Callable[..., LoadResult],
) -> None:
    result = load_text(SMALL_ACTORS, with_tie("umbrella,umbrella,dialogue,,,,,,"))
    assert result.map is not None and len(result.map.explicit_relationships) == 8  # the other ties, all of them
    loop = next(i for i in result.issues if i.code == "self-loop")
    assert (loop.severity, loop.row, loop.column) == ("warning", 10, "target") and "left out" in loop.message


def test_errors_block_the_map_and_warnings_do_not(load_text: Callable[..., LoadResult]) -> None:
    assert load_text(with_actor("x,X,business,,,,,hero,,,,")).map is None
    warned = load_text(with_actor("x,X,business,,,,,,,,,convenning"))
    assert warned.map is not None
    assert [i.code for i in warned.issues] == ["unknown-tag"]
    assert warned.map.actor("x").capabilities == ("convenning",)


def test_all_problems_are_collected_not_just_the_first(load_text: Callable[..., LoadResult]) -> None:
    actors = with_actor("x,X,business,,,,9,hero,,,,") + "y,Y,business,giant,,,,,,,,\n"
    relationships = with_tie("umbrella,nobody,dialogue,2,,,,,") + "umbrella,bank,likes,,,,,,\n"
    found = {(row, column, code) for _, row, column, code in flat(load_text(actors, relationships))}
    assert {
        (12, "influence", "out-of-range"),
        (12, "stance", "unknown-value"),
        (13, "subtype", "unknown-value"),
        (10, "target", "unknown-actor"),
        (10, "strength", "out-of-range"),
        (11, "kind", "default-kind"),
    } <= found


def test_unknown_value_message_lists_allowed_values_and_closest_match(load_text: Callable[..., LoadResult]) -> None:
    issue = next(i for i in load_text(with_actor("x,X,business,,,,,champoin,,,,")).issues if i.code == "unknown-value")
    assert "Did you mean 'champion'?" in issue.message
    assert "Allowed: champion, supportive, neutral" in issue.message


def test_unknown_actor_message_suggests_the_closest_names(load_text: Callable[..., LoadResult]) -> None:
    result = load_text(relationships=with_tie("Umbrela Business Aliance,bank,funds,,,,,,"))
    issue = next(i for i in result.issues if i.code == "unknown-actor")
    assert "'Umbrella Business Alliance'" in issue.message


def test_missing_column_reported_once_without_a_cascade(load_text: Callable[..., LoadResult]) -> None:
    result = load_text("id,kind\numbrella,association\n")
    assert [i.code for i in result.errors] == ["missing-column"]


# The codes only other tools' formats raise: (file name, file bytes, the issue expected among the findings).
_COMPANY = b'{"id": "c", "schema": "Company", "properties": {"name": ["C"]}}\n'
FOREIGN_BAD_INPUTS = {
    "XML with a DTD": (
        "bomb.gexf",
        b'<?xml version="1.0"?><!DOCTYPE gexf [<!ENTITY a "aaaa">]><gexf>&a;</gexf>',
        ("bomb.gexf", None, None, "unsafe-xml"),
    ),
    "broken JSON line": ("e.jsonl", _COMPANY + b"{oops\n", ("e.jsonl", 2, None, "unreadable-record")),
    "FollowTheMoney schema we cannot map": (
        "e.jsonl",
        _COMPANY + b'{"id": "s", "schema": "Sanction", "properties": {"entity": ["c"]}}\n',
        ("e.jsonl", 2, None, "skipped-record"),
    ),
    "another tool's fields are kept as extra columns": (
        "g.json",
        b'{"nodes": [{"id": "a", "kind": "business", "status": "active"}], "links": []}',
        ("g.json, nodes", None, None, "extra-fields"),
    ),
    "a value that does not fit our column is kept as an extra column": (
        "g.json",
        b'{"nodes": [{"id": "a", "kind": "business", "influence": "High"}], "links": []}',
        ("g.json, nodes", 1, "influence", "kept-as-extra"),
    ),
    "what the map cannot hold is named": (
        "g.json",
        b'{"nodes": [{"id": "a"}, {"id": "b"}], "links": [], "hyperedges": [{"nodes": ["a", "b"]}]}',
        ("g.json", None, None, "dropped-content"),
    ),
    "weights on a 1-5 scale": (
        "w.graphml",
        b'<graphml><key id="k" for="node" attr.name="kind"/><key id="w" for="edge" attr.name="weight"/>'
        b'<graph><node id="a"><data key="k">business</data></node><node id="b"><data key="k">media</data></node>'
        b'<edge source="a" target="b"><data key="w">4</data><data key="k">owns</data></edge></graph></graphml>',
        ("w.graphml, edges", None, "weight", "rescaled-value"),
    ),
}


@pytest.mark.parametrize("name", FOREIGN_BAD_INPUTS)
def test_foreign_format_issue_is_reported_where_it_is(name: str) -> None:
    file_name, data, expected = FOREIGN_BAD_INPUTS[name]
    assert expected in [(i.file, i.row, i.column, i.code) for i in import_file(InputFile(file_name, data)).issues]


def test_every_declared_code_is_exercised_by_a_test() -> None:
    exercised = {expected[3] for _, _, expected in BAD_INPUTS.values()}
    exercised |= {expected[3] for _, _, expected in FOREIGN_BAD_INPUTS.values()}
    exercised |= {"file-not-found", "missing-file", "unsupported-file", "unreadable-file", "missing-sheet"}
    exercised |= {"duplicate-table"}  # see test_load.py
    exercised |= LIMIT_CODES  # see test_limits.py
    assert exercised == set(ISSUE_CODES)


# --- aliases and defaults -------------------------------------------------------------


def test_header_and_value_aliases_are_understood(load_text: Callable[..., LoadResult]) -> None:
    actors = (
        "Label, Type ,Sub Type,Attitude,Phase\n"
        "Umbrella,Business Association,umbrella body,Supportive,all\n"
        "Watchers,NGO,,sceptic,Crisis\n"
        "Telco,Multinational,,,\n"
        "Mill,Company,Local,,\n"
    )
    relationships = 'From,To,Type,Weight,Directed\nTelco,Umbrella,Membership,70%,two-way\nMill,Umbrella,member,"0,4",\n'
    result = load_text(actors, relationships)
    assert result.map is not None, result.errors
    smap = result.map
    assert [a.kind for a in smap.actors] == ["association", "civil_society", "business", "business"]
    assert smap.actor("Telco").subtype == "multinational"
    assert smap.actor("Mill").subtype == "local"
    assert smap.actor("Watchers").stance == "sceptical"
    assert smap.actor("Watchers").phases == ("acute",)
    assert smap.actor("Umbrella").phases == ("upstream", "acute", "recovery")
    first, second = smap.relationships
    assert (first.kind, first.strength, first.direction) == ("member_of", 0.7, "mutual")
    assert second.strength == pytest.approx(0.4)


def test_blank_tie_fields_take_the_kind_defaults(small_map) -> None:
    membership = next(r for r in small_map.relationships if (r.source, r.target) == ("telco", "chamber"))
    assert (membership.strength, membership.strength_back, membership.direction, membership.sign) == (
        0.4,
        0.6,
        "mutual",
        "+",
    )
    rivalry = next(r for r in small_map.relationships if r.kind == "rivals")
    assert (rivalry.sign, rivalry.direction) == ("-", "mutual")
    assert next(r for r in small_map.relationships if r.kind == "influences").confidence == "low"


def test_actor_defaults(small_map) -> None:
    party = small_map.actor("party_a")
    assert (party.stance, party.engagement_status, party.influence, party.integrity) == (
        "neutral",
        "not_contacted",
        4,
        None,
    )


def test_references_by_name_resolve_to_ids(load_text: Callable[..., LoadResult]) -> None:
    result = load_text(relationships=with_tie("national bank,  Umbrella Business Alliance ,member_of,,,,,,"))
    assert result.map is not None, result.errors
    assert result.map.relationships[8].source == "bank"
    assert result.map.relationships[8].target == "umbrella"


def test_id_defaults_to_name(load_text: Callable[..., LoadResult]) -> None:
    actors = "name,kind\nKEPSA,association\nSafaricom,business\n"
    result = load_text(actors, "source,target,kind\nSafaricom,KEPSA,member_of\n")
    assert result.map is not None
    assert [a.id for a in result.map.actors] == ["KEPSA", "Safaricom"]


def test_formula_guard_apostrophe_is_stripped_on_reading(load_text: Callable[..., LoadResult]) -> None:
    result = load_text(with_actor("x,'=1+2,business,,,,,,,,,"))
    assert result.map is not None
    assert result.map.actor("x").name == "=1+2"


def test_custom_columns_are_kept(load_text: Callable[..., LoadResult]) -> None:
    actors = "name,kind,Website\nKEPSA,association,kepsa.or.ke\n"
    result = load_text(actors, "source,target,kind\n")
    assert result.map is not None
    assert result.map.actor("KEPSA").attribute("Website") == "kepsa.or.ke"
    assert not result.issues or all(i.code == "no-rows" for i in result.issues)


def test_relationships_may_be_empty_but_are_warned_about(load_text: Callable[..., LoadResult]) -> None:
    result = load_text(relationships=RELATIONSHIPS_HEADER + "\n")
    assert result.map is not None
    assert [(i.code, i.severity) for i in result.issues] == [("no-rows", "warning")]


def test_risk_factor_tags_are_read_with_their_roles(load_text: Callable[..., LoadResult]) -> None:
    actors = "name,kind,risk_factors\nTelco,business,8.7:mitigator; 7.6 enabler\nArms dealer,business,7.4=Enables\n"
    relationships = "source,target,kind,Risk Factors\nArms dealer,Telco,supplies,7.5:enabler\n"
    result = load_text(actors, relationships)
    assert result.map is not None, result.errors
    assert result.map.actor("Telco").risk_factors == (("8.7", "mitigator"), ("7.6", "enabler"))
    assert result.map.actor("Arms dealer").risk_factors == (("7.4", "enabler"),)
    assert result.map.relationships[0].risk_factors == (("7.5", "enabler"),)


@pytest.mark.parametrize("cell", ["15:enabler", "8.7", "8.7:helps", "x:mitigator"])
def test_bad_risk_factor_tags_say_how_to_write_them(load_text: Callable[..., LoadResult], cell: str) -> None:
    result = load_text(f"name,kind,risk_factors\nTelco,business,{cell}\n", "source,target,kind\n")
    assert [(i.row, i.column, i.code) for i in result.errors] == [(2, "risk_factors", "unknown-value")]
    assert "8.7:mitigator" in result.errors[0].message


def test_a_bad_value_repeated_on_many_rows_is_reported_on_each(load_text: Callable[..., LoadResult]) -> None:
    """Cell readings are cached across rows; the issue must still reach every row that has the text (grouped)."""
    relationships = SMALL_RELATIONSHIPS + "ngo,umbrella,dialogue,lots,,,high,,\nbank,umbrella,dialogue,lots,,,hihg,,\n"
    relationships += "telco,umbrella,dialogue,0.5,,,hihg,,\n"
    result = load_text(relationships=relationships)
    found = sorted((row, i.column, i.code) for i in result.errors for row in (i.rows or (i.row,)))
    assert found == [
        (10, "strength", "invalid-number"),
        (11, "confidence", "unknown-value"),
        (11, "strength", "invalid-number"),
        (12, "confidence", "unknown-value"),
    ]


# --- one parse path, with cached cell readings ---------------------------------------------

_KENYA = Path(__file__).parent.parent / "sample_data" / "kenya_2008_2013"

# Cells a row of the Kenya sample may be given instead of its own, each wrong or unusual in its own way.
# Some texts are right in one column and wrong (or another value) in another, in this table or the
# other ("0" is an influence but no integrity, "member" a partner and a membership, "3" an influence
# but no strength), so that a cache that mixes columns or tables gives itself away.
_ACTOR_CELL_VARIANTS = {
    "kind": ["Compnay", "business", "Multinational", "", "person", "dialogue", "local", "member"],
    "subtype": ["giant", "local", "", "national", "top"],
    "seniority": ["top", "", "CEO", "neutral", "director", "local"],
    "influence": ["0", "5", "7", "high", "", "0,5", "3"],
    "stance": ["hero", "champion", "", "negative", "top", "partner", "?"],
    "integrity": ["0", "5", "7", "", "3"],
    "neutrality": ["0", "1", "x", "", "0,5"],
    "phases": ["later", "all", "acute;later;soon", "", "Crisis"],
    "capabilities": ["convenning", "convening;funding", "xyz;abc", ""],
    "engagement_status": ["neutral", "Partner", "hero", "", "member", "active"],
    "last_verified": ["2013", "soon", "2008-02-30", ""],
    "risk_factors": ["8.7:mitigator", "15:enabler", "8.7", "x:y; 7.5 enabler", ""],
    "interest": ["0", "1", "5", "6", "x", "", "0,5"],
    "active_from": ["2010", "2012-13", "", "soon", "2008-02"],
    "active_until": ["2009", "", "2013-04-09", "x"],
}
_TIE_CELL_VARIANTS = {
    "source": ["Kenya Private Sector Alliance (KEPSA)", "kepsa ", "nobody", "", "KEPSA"],
    "target": ["kam", "Kenya Association of Manufacturers", "nobody", ""],
    "kind": ["membr_of", "", "opposes", "Member Of", "dialogue", "business", "member", "partner"],
    "strength": ["7", "lots", "0", "0.5", "", "0,5", "3"],
    "strength_back": ["0", "0.5", "", "2", "x", "1"],
    "direction": ["mutual", "sideways", "", "negative", "both", "directed"],
    "sign": ["+", "-", "?", "negative", "mutual"],
    "confidence": ["hihg", "low", "", "strong", "negative", "mutual"],
    "since": ["2013", "2013-13", "2008-01", "03/04/2008"],
    "until": ["2008", "", "soon"],
    "risk_factors": ["8.7:mitigator", "15:enabler", ""],
    "notes": ['=HYPERLINK("x")', "a note"],
}


def scrambled_table(name: str, variants: dict[str, list[str]], seed: int) -> RawTable:
    """The Kenya sample's table three times over, a third of the cells replaced by variants (seeded).

    Actors lose their parent and get an id of their own in each copy, so that no
    row depends on another (duplicate ids and parents are checked across rows).
    """
    lines = list(csv.DictReader(io.StringIO((_KENYA / name).read_text(encoding="utf-8"))))
    rng = random.Random(seed)
    rows = []
    for copy in range(3):  # every row several times, so that clean and bad texts repeat
        for line in lines:
            row = {**line, **{column: rng.choice(cells) for column, cells in variants.items() if rng.random() < 0.3}}
            if "parent" in row:
                row["parent"], row["id"] = "", f"{line['id']}-{copy}"
            rows.append({**row, "custom": rng.choice(["", "x"])})
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(dict.fromkeys([*lines[0], *variants, "custom"])))
    writer.writeheader()
    writer.writerows(rows)
    table, issues = read_csv(InputFile(name, text.getvalue().encode()))
    assert table is not None and not issues
    return table


def forget_cell_readings() -> None:
    """Empty the caches of validation and of the value parsers, as in a fresh process."""
    for module in (validate, values):
        for function in vars(module).values():
            if callable(getattr(function, "cache_clear", None)):
                function.cache_clear()


Validator = Callable[[RawTable], tuple[list, list[ValidationIssue]]]


def validated_row_by_row(check: Validator, table: RawTable) -> tuple[list, list[ValidationIssue]]:
    """Each row validated alone, as a one-row table with the same header, from empty caches.

    The one-row table keeps the row's number, so its issues are located as in the whole table.
    """
    records, issues = [], []
    for number, cells in table.rows:
        forget_cell_readings()
        found, row_issues = check(RawTable(table.label, table.headers, ((number, cells),)))
        records += found
        issues += [issue for issue in row_issues if issue.row == number]
    return records, issues


def test_a_table_validates_as_its_rows_one_by_one_whatever_was_read_before() -> None:
    """Cell readings are cached; results must not depend on which rows, columns or tables came first.

    On scrambled Kenya tables, validating the whole table (the ties after the actors, so that the
    caches hold both tables' texts) must give the same records and issues as validating each row
    alone from empty caches, and the same again when run a second time with the caches full.
    """
    actors_table = scrambled_table("actors.csv", _ACTOR_CELL_VARIANTS, seed=8)
    ties_table = scrambled_table("relationships.csv", _TIE_CELL_VARIANTS, seed=9)
    kenya, _ = validate_actors(read_csv(InputFile("actors.csv", (_KENYA / "actors.csv").read_bytes()))[0])

    def check_ties(table: RawTable) -> tuple[list, list[ValidationIssue]]:
        return validate_relationships(table, kenya)

    forget_cell_readings()
    whole = {"actors": validate_actors(actors_table), "ties": check_ties(ties_table)}
    assert validate_actors(actors_table) == whole["actors"] and check_ties(ties_table) == whole["ties"]

    for name, check, table in (("actors", validate_actors, actors_table), ("ties", check_ties, ties_table)):
        records, issues = whole[name]
        row_issues = [i for i in issues if i.row != 1 and i.code != "duplicate-relationship"]  # not the headers'
        assert validated_row_by_row(check, table) == (records, row_issues), name
        assert len(records) > len(table.rows) / 4 and len(row_issues) > len(table.rows) / 2, name
    assert any(i.code == "duplicate-relationship" for i in whole["ties"][1])


# --- the columns for time, interest and influence back ------------------------------------


def with_actor_column(header: str, cell: str, second: tuple[str, str] | None = None) -> str:
    """The small actors table with one more column (two with `second`), filled on the first actor's row (row 2)."""
    headers, cells = [header], [cell]
    if second is not None:
        headers.append(second[0])
        cells.append(second[1])
    head, first, *rest = SMALL_ACTORS.split("\n")
    quoted = ",".join(f'"{c}"' for c in cells)
    return "\n".join([f"{head},{','.join(headers)}", f"{first},{quoted}", *rest])


def with_tie_column(header: str, cell: str, direction: str = "") -> str:
    """The small ties with one more column, filled on the first tie (row 2: chamber -> umbrella, member_of 0.6)."""
    head, first, *rest = SMALL_RELATIONSHIPS.split("\n")
    first = first.replace("member_of,0.6,,", f"member_of,0.6,{direction},", 1)
    return "\n".join([f"{head},{header}", f'{first},"{cell}"', *rest])


_RANGE_HINT = (
    "How much the actor cares about the prevention question, from 1 (indifferent) to 5 (a priority). "
    "Blank: not rated. With influence, it places the actor on a power-interest grid."
)
# (header as written, cell) -> the value read, on the umbrella's row.
GOOD_ACTOR_CELLS = {
    "interest": (("interest", "3"), "interest", 3.0),
    "interest, top of the scale": (("interest", "5"), "interest", 5.0),
    "interest by alias": (("Interest Level", "1"), "interest", 1.0),
    "interest, another alias": (("salience", "4,0"), "interest", 4.0),
    "active_from, a day": (("active_from", "2012-01-30"), "active_from", PartialDate(2012, 1, 30)),
    "active_from as founded": (("Founded", "2003"), "active_from", PartialDate(2003)),
    "active_from as established": (("established", "2008-05"), "active_from", PartialDate(2008, 5)),
    "active_from as start": (("Start date", "28 Feb 2008"), "active_from", PartialDate(2008, 2, 28)),
    "active_until": (("active_until", "2013-04-09"), "active_until", PartialDate(2013, 4, 9)),
    "active_until as dissolved": (("dissolved", "2008-12"), "active_until", PartialDate(2008, 12)),
    "active_until as end": (("End", "2013"), "active_until", PartialDate(2013)),
}
# (header as written, cell) -> (column, code, message) reported on row 2.
BAD_ACTOR_CELLS = {
    "interest below 1": (
        ("interest", "0"),
        ("interest", "out-of-range", "0 is out of range for interest: use a number from 1 up to 5."),
    ),
    "interest above 5": (
        ("interest level", "6"),
        ("interest", "out-of-range", "6 is out of range for interest: use a number from 1 up to 5."),
    ),
    "interest in words": (
        ("interest", "high"),
        ("interest", "invalid-number", f"'high' is not a number; write it like 0.5 or 0,5. {_RANGE_HINT}"),
    ),
    "founded not a date": (
        ("founded", "soon"),
        (
            "active_from",
            "invalid-date",
            "'soon' is not a date; write dates as YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2008-02-28).",
        ),
    ),
    "dissolved in month 13": (
        ("dissolved", "2012-13"),
        (
            "active_until",
            "invalid-date",
            "'2012-13' is not a real date; write dates as YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2008-02-28).",
        ),
    ),
}


def _issues_at(result: LoadResult, row: int, column: str) -> list[tuple[str, str]]:
    return [(i.code, i.message) for i in result.issues if (i.row, i.column) == (row, column)]


@pytest.mark.parametrize(("written", "field", "value"), GOOD_ACTOR_CELLS.values(), ids=GOOD_ACTOR_CELLS.keys())
def test_new_actor_columns_read_good_values_under_any_accepted_header(
    load_text: Callable[..., LoadResult], written: tuple[str, str], field: str, value: object
) -> None:
    result = load_text(with_actor_column(*written))
    assert result.map is not None, result.errors
    assert not result.issues
    assert getattr(result.map.actor("umbrella"), field) == value
    assert getattr(result.map.actor("chamber"), field) is None  # blank: not rated, not dated


@pytest.mark.parametrize(("written", "expected"), BAD_ACTOR_CELLS.values(), ids=BAD_ACTOR_CELLS.keys())
def test_new_actor_columns_refuse_bad_values_with_a_message_saying_what_to_write(
    load_text: Callable[..., LoadResult], written: tuple[str, str], expected: tuple[str, str, str]
) -> None:
    column, code, message = expected
    result = load_text(with_actor_column(*written))
    assert result.map is None
    assert _issues_at(result, 2, column) == [(code, message)]


@pytest.mark.parametrize(
    ("start", "end", "error"),
    [
        (("founded", "2012"), ("dissolved", "2010"), "The actor ends (2010) before it starts (2012)."),
        (("active_from", "2012-02-01"), ("active_until", "2012-01-31"), "The actor ends (2012-01-31) before it"),
        (("active_from", "2012-05"), ("active_until", "2012"), None),  # 2012 runs to 31 December: no conflict
        (("start", "2012-01-30"), ("end", "2012-01-30"), None),  # founded and gone the same day
    ],
)
def test_an_actor_may_not_end_before_it_starts(
    load_text: Callable[..., LoadResult], start: tuple[str, str], end: tuple[str, str], error: str | None
) -> None:
    result = load_text(with_actor_column(*start, second=end))
    found = _issues_at(result, 2, "active_until")
    if error is None:
        assert result.map is not None and not found
    else:
        assert result.map is None
        assert [code for code, _ in found] == ["date-order"]
        assert found[0][1].startswith(error) and found[0][1].endswith("Swap or fix the dates.")


# (header as written, cell) -> the back strength read for chamber -> umbrella (member_of, strength 0.6).
GOOD_BACK_CELLS = {
    "zero: no influence back": (("strength_back", "0"), 0.0),
    "a number": (("strength_back", "0.3"), 0.3),
    "as 'strength back'": (("strength back", "0.25"), 0.25),
    "as 'back strength', decimal comma": (("Back Strength", "0,4"), 0.4),
    "as 'reverse strength', percentage": (("reverse strength", "90%"), 0.9),
    "one": (("strength_back", "1"), 1.0),
}
BAD_BACK_CELLS = {
    "above one": (
        "1.5",
        ("out-of-range", "1.5 is out of range for strength_back: use a number from 0 up to 1."),
    ),
    "negative": (
        "-0.2",
        ("out-of-range", "-0.2 is out of range for strength_back: use a number from 0 up to 1."),
    ),
    "in words": ("strong", ("invalid-number", "'strong' is not a number; write it like 0.5 or 0,5. How strongly")),
}


@pytest.mark.parametrize(("written", "back"), GOOD_BACK_CELLS.values(), ids=GOOD_BACK_CELLS.keys())
def test_strength_back_is_read_under_any_accepted_header(
    load_text: Callable[..., LoadResult], written: tuple[str, str], back: float
) -> None:
    result = load_text(relationships=with_tie_column(*written))
    assert result.map is not None, result.errors
    tie = next(r for r in result.map.relationships if (r.source, r.target) == ("chamber", "umbrella"))
    assert (tie.strength, tie.strength_back, tie.is_mutual) == (0.6, pytest.approx(back), back > 0)


@pytest.mark.parametrize(("cell", "expected"), BAD_BACK_CELLS.values(), ids=BAD_BACK_CELLS.keys())
def test_strength_back_refuses_bad_values(
    load_text: Callable[..., LoadResult], cell: str, expected: tuple[str, str]
) -> None:
    result = load_text(relationships=with_tie_column("strength_back", cell))
    assert result.map is None
    [(code, message)] = _issues_at(result, 2, "strength_back")
    assert code == expected[0] and message.startswith(expected[1])


@pytest.mark.parametrize(
    ("direction", "back", "warned"),
    [("directed", "0.2", "says no influence back"), ("mutual", "0", "says influence back"), ("mutual", "0.2", None)],
)
def test_a_direction_that_contradicts_strength_back_is_a_warning_and_strength_back_holds(
    load_text: Callable[..., LoadResult], direction: str, back: str, warned: str | None
) -> None:
    result = load_text(relationships=with_tie_column("strength_back", back, direction))
    assert result.map is not None, result.errors
    tie = next(r for r in result.map.relationships if (r.source, r.target) == ("chamber", "umbrella"))
    assert tie.strength_back == float(back)
    found = _issues_at(result, 2, "strength_back")
    if warned is None:
        assert found == []
    else:
        [(code, message)] = found
        assert code == "direction-conflict"
        assert message == (
            f"direction '{direction}' {warned}, but strength_back is {back}; strength_back holds. "
            "Clear one of the two cells, or make them agree."
        )


@pytest.mark.parametrize(
    ("kind", "repeated"), [("dialogue", True), ("partners_with", True), ("funds", False), ("member_of", False)]
)
def test_a_reversed_row_repeats_a_tie_only_when_the_tie_reads_the_same_both_ways(
    load_text: Callable[..., LoadResult], kind: str, repeated: bool
) -> None:
    """b -> a repeats a -> b for a dialogue; for a funding (0.6 back 0.15) it is the other side's funding."""
    result = load_text(relationships=with_tie(f"umbrella,bank,{kind},,,,,,") + f"bank,umbrella,{kind},,,,,,\n")
    assert result.map is not None
    assert [(i.row, i.code) for i in result.warnings] == ([(11, "duplicate-relationship")] if repeated else [])


# --- short names and the two meanings of `label` ---------------------------------------------------


@pytest.mark.parametrize("header", ["short_name", "Short Name", "acronym", "Abbreviation", "short label"])
def test_the_short_name_is_read_under_any_accepted_header(header: str) -> None:
    table = RawTable(
        "actors.csv", ("id", "name", "kind", header), ((2, ("ncic", "National Cohesion", "government", "NCIC")),)
    )
    actors, issues = validate_actors(table)
    assert issues == []
    assert (actors[0].name, actors[0].short_name) == ("National Cohesion", "NCIC")


@pytest.mark.parametrize(
    ("headers", "row", "name", "short_name"),
    [
        # Beside a name column, `label` is the short name, wherever it stands.
        (
            ("id", "name", "label", "kind"),
            ("ncic", "National Cohesion", "NCIC", "government"),
            "National Cohesion",
            "NCIC",
        ),
        (("Label", "Actor name", "Type"), ("NCIC", "National Cohesion", "government"), "National Cohesion", "NCIC"),
        # Alone, as Gephi writes nodes (`Id,Label`), `label` is the name.
        (("Id", "Label", "Type"), ("ncic", "National Cohesion", "government"), "National Cohesion", ""),
        (("label", "kind", "short name"), ("National Cohesion", "government", "NCIC"), "National Cohesion", "NCIC"),
    ],
)
def test_label_is_the_short_name_beside_a_name_column_and_the_name_alone(
    headers: tuple[str, ...], row: tuple[str, ...], name: str, short_name: str
) -> None:
    actors, issues = validate_actors(RawTable("actors.csv", headers, ((2, row),)))
    assert issues == []
    assert (actors[0].name, actors[0].short_name) == (name, short_name)


def test_a_gephi_like_nodes_file_loads_with_its_label_as_the_name(load_text: Callable[..., LoadResult]) -> None:
    result = load_text(
        "Id,Label,Type\nkepsa,Kenya Private Sector Alliance (KEPSA),association\n", "source,target,kind\n"
    )
    assert result.map is not None, result.errors
    kepsa = result.map.actor("kepsa")
    assert (kepsa.name, kepsa.short_name, kepsa.short_label) == ("Kenya Private Sector Alliance (KEPSA)", "", "KEPSA")


def test_label_beside_a_short_name_column_and_a_name_is_a_duplicate_short_name() -> None:
    table = RawTable(
        "actors.csv", ("name", "label", "acronym", "kind"), ((2, ("National Cohesion", "NCIC", "NC", "government")),)
    )
    _, issues = validate_actors(table)
    assert [(i.row, i.column, i.code) for i in issues] == [(1, "acronym", "duplicate-column")]


def test_label_of_a_relationships_table_is_still_the_kind() -> None:
    table = RawTable("relationships.csv", ("source", "target", "label"), ((2, ("a", "b", "funds")),))
    ties, issues = validate_relationships(table, [Actor("a", "A", "business"), Actor("b", "B", "business")])
    assert ([t.kind for t in ties], issues) == (["funds"], [])
