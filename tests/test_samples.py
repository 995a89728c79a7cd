"""The bundled sample maps and templates: valid, sourced, large enough, and current."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from mapping.dictionary import data_dictionary_markdown, template_files
from mapping.load import load_paths
from mapping.samples import SAMPLE_DATA_DIR, TEMPLATES_DIR, list_samples, load_sample
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
    assert book.sheetnames == fresh.sheetnames == ["Actors", "Relationships", "Allowed values (ignore)"]
    for name in book.sheetnames:
        assert list(book[name].values) == list(fresh[name].values)


def test_blank_template_is_reported_as_empty_not_broken() -> None:
    result = load_paths([TEMPLATES_DIR])
    assert [i.code for i in result.issues] == ["no-rows", "no-rows"]


def test_data_dictionary_documents_every_column_and_code() -> None:
    from mapping.issues import ISSUE_CODES
    from mapping.schema import ACTOR_COLUMNS, RELATIONSHIP_COLUMNS

    text = data_dictionary_markdown()
    for column in (*ACTOR_COLUMNS, *RELATIONSHIP_COLUMNS):
        assert f"`{column.name}`" in text
    for code in ISSUE_CODES:
        assert f"`{code}`" in text
    assert SAMPLE_DATA_DIR.is_dir()
