"""FollowTheMoney entities: a company, its directors and staff, an association membership, and broken lines."""

from __future__ import annotations

import json

import pytest

from mapping.formats import guess_format, import_file
from mapping.formats.ftm import ACTOR_SCHEMATA, LINK_SCHEMATA
from mapping.load import LoadResult
from tests.formats_maps import ENTITIES, entity, jsonl


@pytest.fixture(scope="module")
def imported() -> LoadResult:
    return import_file(jsonl(ENTITIES))


def test_ftm_file_is_recognised() -> None:
    assert guess_format([jsonl(ENTITIES)]) == "ftm"


def test_ftm_schemata_become_our_actor_kinds(imported: LoadResult) -> None:
    assert imported.map is not None, imported.errors
    kinds = {a.id: a.kind for a in imported.map.actors}
    assert kinds == {
        "co-telco": "business",
        "org-kam": "association",  # its classification names one of our kinds
        "org-watch": "civil_society",  # Organization's documented default
        "pb-cck": "government",
        "p-chair": "person",
        "p-ceo": "person",
    }


def test_ftm_properties_fill_columns_and_the_rest_are_kept(imported: LoadResult) -> None:
    telco = imported.map.actor("co-telco")
    assert (telco.name, telco.country, telco.sector) == ("Telco Kenya PLC", "ke", "Telecommunications")
    assert telco.source == "https://registry.example/telco"
    assert str(telco.last_verified) == "2024-05-01"
    assert telco.attribute("ftm:registrationNumber") == "C.12345"
    assert telco.attribute("ftm:schema") == "Company"
    assert imported.map.actor("org-kam").attribute("ftm:name") == "Kenya Association of Manufacturers; KAM"
    assert imported.map.actor("p-ceo").name == "Jane Doe"
    assert imported.map.actor("p-chair").role == "Chair"


def test_ftm_links_become_ties_with_the_documented_defaults(imported: LoadResult) -> None:
    ties = {dict(r.attributes)["ftm:id"]: r for r in imported.map.relationships}
    director = ties["dir-1"]
    assert (director.source, director.target, director.kind, director.strength) == ("p-chair", "co-telco", "leads", 0.9)
    assert director.notes == "Chairman" and str(director.since) == "2008-01-01"
    employment = ties["emp-1"]  # employee -> employer in FtM; our employs runs employer -> employee
    assert (employment.source, employment.target, employment.kind) == ("co-telco", "p-ceo", "employs")
    membership = ties["mem-1"]
    assert (membership.source, membership.target, membership.kind, membership.direction) == (
        "co-telco",
        "org-kam",
        "member_of",
        "mutual",
    )
    assert ties["own-1"].strength == pytest.approx(0.51)
    assert ties["own-2"].strength == 0.1  # max(0.1, 2/100)
    family = ties["fam-1"]
    assert (family.kind, family.direction, family.confidence) == ("influences", "mutual", "low")
    assert (ties["unk-1"].kind, ties["unk-1"].confidence) == ("influences", "low")


def test_entities_the_map_cannot_hold_are_left_out_with_a_warning(imported: LoadResult) -> None:
    skipped = {(i.row, i.code) for i in imported.warnings}
    assert (14, "skipped-record") in skipped  # the Sanction
    assert (15, "skipped-record") in skipped  # the Vessel
    assert (16, "skipped-record") in skipped  # the Ownership of the Vessel
    assert "ves-1" not in imported.map


def test_malformed_lines_are_reported_by_line_number() -> None:
    result = import_file(
        jsonl(ENTITIES[:2], ("{not json", '["a list"]', "[" * 50_000, "", json.dumps(entity("", "Person"))))
    )
    unreadable = [(i.row, i.code) for i in result.errors]
    assert unreadable == [
        (3, "unreadable-record"),
        (4, "unreadable-record"),
        (5, "nested-too-deeply"),
        (7, "unreadable-record"),
    ]
    assert "not valid JSON" in result.errors[0].message and "Line 3" in result.errors[0].message
    assert "more than 12 levels deep" in result.errors[2].message


def test_nesting_beyond_the_limit_is_refused() -> None:
    deep: object = "x"
    for _ in range(20):
        deep = {"a": deep}
    line = json.dumps({"id": "x", "schema": "Company", "properties": {"name": ["X"], "notes": [deep]}})
    result = import_file(jsonl(ENTITIES[:1], (line,)))
    assert [(i.row, i.code) for i in result.errors] == [(2, "nested-too-deeply")]


def test_incorporation_and_dissolution_dates_date_the_actor() -> None:
    dated = entity(
        "co-old",
        "Company",
        name=["Old Telco"],
        incorporationDate=["1999-07-01T00:00:00"],
        dissolutionDate=["2008-12"],
    )
    result = import_file(jsonl([*ENTITIES[:2], dated]))
    assert result.map is not None, result.errors
    old = result.map.actor("co-old")
    assert (str(old.active_from), str(old.active_until)) == ("1999-07-01", "2008-12")
    assert old.attribute("ftm:incorporationDate") is None


def test_ftm_links_take_each_kind_s_back_strength(imported: LoadResult) -> None:
    ties = {dict(r.attributes)["ftm:id"]: r for r in imported.map.relationships}
    assert ties["dir-1"].strength_back == 0.45  # leads: the organisation moves its director half as hard
    assert ties["mem-1"].strength_back == 0.6  # member_of: the association moves its member more
    assert ties["fam-1"].strength_back == ties["fam-1"].strength  # written mutual: the same both ways
    assert ties["unk-1"].strength_back == 0.0


def test_a_link_to_an_id_not_in_the_file_is_an_unknown_actor_on_its_line() -> None:
    result = import_file(
        jsonl([*ENTITIES[:2], entity("m", "Membership", member=["co-telco"], organization=["org-gone"])])
    )
    assert [(i.row, i.column, i.code) for i in result.errors] == [(3, "target", "unknown-actor")]


@pytest.mark.parametrize(("percentage", "code"), [("150", "out-of-range"), ("about half", "invalid-number")])
def test_a_bad_ownership_percentage_is_an_error(percentage: str, code: str) -> None:
    result = import_file(
        jsonl([*ENTITIES[:2], entity("o", "Ownership", owner=["org-kam"], asset=["co-telco"], percentage=[percentage])])
    )
    assert [(i.row, i.column, i.code) for i in result.errors] == [(3, "percentage", code)]


def test_the_mapping_tables_cover_the_documented_schemata() -> None:
    assert set(ACTOR_SCHEMATA) == {"Company", "Organization", "PublicBody", "LegalEntity", "Person"}
    assert {"Membership", "Directorship", "Ownership", "Employment", "Family", "Associate", "UnknownLink"} <= set(
        LINK_SCHEMATA
    )
