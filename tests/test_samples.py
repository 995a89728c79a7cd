"""The bundled sample maps and templates: valid, sourced, large enough, and current."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

from mapping.analysis.influence import InfluenceOptions, kept_actors
from mapping.dictionary import data_dictionary_markdown, template_files
from mapping.load import load_paths
from mapping.samples import SAMPLE_DATA_DIR, TEMPLATES_DIR, list_samples, load_sample
from mapping.view import ViewFilter, visible
from tests.conftest import SAMPLE_KEYS

MINIMUM_SIZES = {"kenya_2008_2013": (60, 120), "kenya_private_security_2023": (30, 50)}


def test_both_samples_are_bundled() -> None:
    assert set(MINIMUM_SIZES) <= set(SAMPLE_KEYS)
    assert SAMPLE_KEYS[0] == "kenya_2008_2013", "the default sample comes first"


@pytest.mark.parametrize("key", SAMPLE_KEYS)
def test_sample_loads_with_no_issue_at_all(key: str) -> None:
    result = load_sample(key)
    assert result.map is not None, result.errors[:5]
    assert list(result.issues) == []


@pytest.mark.parametrize("key", SAMPLE_KEYS)
def test_sample_is_large_enough_and_every_row_has_a_source(key: str) -> None:
    smap = load_sample(key).map
    min_actors, min_ties = MINIMUM_SIZES.get(key, (1, 1))
    assert len(smap) >= min_actors
    assert len(smap.explicit_relationships) >= min_ties
    assert [a.id for a in smap.actors if not a.source.strip()] == []
    assert [(r.source, r.target) for r in smap.explicit_relationships if not r.source_ref.strip()] == []


@pytest.mark.parametrize("key", SAMPLE_KEYS)
def test_sample_names_roles_not_private_individuals(key: str) -> None:
    people = load_sample(key).map.actors_of_kind("person")
    assert people, "samples show leaders, as roles"
    assert all(person.role and person.parent for person in people)


@pytest.mark.parametrize("key", SAMPLE_KEYS)
def test_sample_estimates_are_marked(key: str) -> None:
    smap = load_sample(key).map
    rated = [a for a in smap.actors if a.influence is not None]
    marked = [a for a in rated if re.search(r"estimat", a.notes, re.I)]
    assert len(marked) == len(rated), [a.id for a in rated if a not in marked][:5]


# Actors public facts date after 1 February 2008 (the commissions of the Accord, the 2010 platforms, the 2012
# campaign and the 2013 coalitions, and the roles that came with them), and actors of the 2008 crisis.
FOUNDED_AFTER_FEBRUARY_2008 = {
    "office_pm",
    "cipev",
    "chair_cipev",
    "ncic",
    "chair_ncic",
    "tjrc",
    "vision2030",
    "iebc",
    "elog",
    "uwiano",
    "sisi_ni_amani",
    "mkenya_daima",
    "jubilee",
    "cord",
    "jubilee_leader",
}
ON_THE_MAP_IN_2008 = {"kepsa", "au_panel", "chair_au_panel", "pnu", "odm", "eck", "ccp", "kptj", "ushahidi", "nsc"}
ON_THE_MAP_IN_2013 = {"jubilee", "cord", "jubilee_leader", "iebc", "mkenya_daima", "sisi_ni_amani", "uwiano", "ncic"}
GONE_BY_2013 = {"eck", "cipev", "chair_cipev"}


@pytest.mark.parametrize(
    ("day", "present", "absent"),
    [
        (dt.date(2008, 2, 1), ON_THE_MAP_IN_2008, FOUNDED_AFTER_FEBRUARY_2008),
        (dt.date(2013, 2, 15), ON_THE_MAP_IN_2013 | {"kepsa", "office_pm", "tjrc"}, GONE_BY_2013),
    ],
    ids=["2008-02-01", "2013-02-15"],
)
def test_the_kenya_sample_shows_the_actors_of_each_moment(day: dt.date, present: set[str], absent: set[str]) -> None:
    smap = load_sample("kenya_2008_2013").map
    in_analyses = kept_actors(smap, InfluenceOptions(as_of=day))
    on_the_map = visible(smap, ViewFilter(as_of=day)).actors
    assert in_analyses == on_the_map
    assert present <= in_analyses
    assert not absent & in_analyses
    assert all(a.active_from is None or a.active_from.start <= day for a in smap.actors if a.id in in_analyses)


def test_every_kenya_actor_date_says_where_it_comes_from() -> None:
    dated = [a for a in load_sample("kenya_2008_2013").map.actors if a.active_from or a.active_until]
    assert len(dated) >= len(FOUNDED_AFTER_FEBRUARY_2008)
    assert [a.id for a in dated if "Dates:" not in a.notes or not a.source.strip()] == []


def test_kenya_sample_holds_the_seed_story() -> None:
    smap = load_sample("kenya_2008_2013").map
    kinds = smap.actor_counts_by_kind()
    for kind in (
        "business",
        "association",
        "government",
        "security",
        "political",
        "civil_society",
        "faith",
        "media",
        "international",
        "prevention_network",
        "person",
    ):
        assert kinds[kind] >= 1, kind
    umbrella = smap.find("kepsa")
    assert umbrella is not None and umbrella.kind == "association"
    assert len(smap.members_of(umbrella.id)) >= 5
    subtypes = {a.subtype for a in smap.actors_of_kind("business")}
    assert {"multinational", "national", "parastatal"} <= subtypes
    assert any(a.seniority == "csr" for a in smap.actors_of_kind("person"))


def test_each_sample_has_a_readme_with_a_title_and_description() -> None:
    for sample in list_samples():
        assert (sample.folder / "README.md").is_file()
        assert sample.title != sample.key and len(sample.description) > 80


def test_templates_are_current_with_the_contract() -> None:
    generated = template_files()
    for name in ("actors.csv", "relationships.csv", "DATA_DICTIONARY.md"):
        assert (TEMPLATES_DIR / name).read_bytes() == generated[name], f"run: mapping templates {TEMPLATES_DIR}"
    book = load_workbook(io.BytesIO((TEMPLATES_DIR / "stakeholder_map_template.xlsx").read_bytes()))
    fresh = load_workbook(io.BytesIO(generated["stakeholder_map_template.xlsx"]))
    assert (
        book.sheetnames
        == fresh.sheetnames
        == [
            "Actors",
            "Relationships",
            "Allowed values (ignore)",
            "Tie defaults (ignore)",
        ]
    )
    for name in book.sheetnames:
        assert list(book[name].values) == list(fresh[name].values)


def test_blank_template_is_reported_as_empty_not_broken() -> None:
    result = load_paths([TEMPLATES_DIR])
    assert [i.code for i in result.issues] == ["no-rows", "no-rows"]


def test_data_dictionary_documents_every_column_and_code() -> None:
    from mapping.issues import ISSUE_CODES
    from mapping.schema import ACTOR_COLUMNS, RELATIONSHIP_COLUMNS, RELATIONSHIP_KINDS

    text = data_dictionary_markdown()
    for column in (*ACTOR_COLUMNS, *RELATIONSHIP_COLUMNS):
        assert f"`{column.name}`" in text
    for kind in RELATIONSHIP_KINDS:  # every kind's defaults come with the reason for them
        assert kind.rationale and kind.rationale in text
    for code in ISSUE_CODES:
        assert f"`{code}`" in text
    assert SAMPLE_DATA_DIR.is_dir()
