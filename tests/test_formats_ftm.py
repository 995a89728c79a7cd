"""FollowTheMoney entities: a company, its directors and staff, an association membership, party donations, broken lines."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mapping.formats import guess_format, import_file
from mapping.formats.ftm import ACTOR_SCHEMATA, FUNDS_FLOOR, FUNDS_SPAN, LINK_SCHEMATA
from mapping.load import LoadResult
from mapping.read import InputFile
from tests.formats_maps import ENTITIES, entity, jsonl


@pytest.fixture(scope="module")
def imported() -> LoadResult:
    return import_file(jsonl(ENTITIES))


def test_ftm_file_is_recognised() -> None:
    assert guess_format([jsonl(ENTITIES)]) == "ftm"


@pytest.mark.parametrize("suffix", ["jsonl", "ndjson", "ijson", "ftm"])
def test_entity_stream_files_are_recognised_by_their_suffix(suffix: str) -> None:
    streamed = InputFile(f"donations.{suffix}", jsonl(ENTITIES).data)
    assert guess_format([streamed]) == "ftm"
    assert import_file(streamed).map is not None


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
    links = {"Membership", "Directorship", "Ownership", "Employment", "Family", "Associate", "UnknownLink", "Payment"}
    assert links <= set(LINK_SCHEMATA)


# --- political parties and other kinds by topic and name ---------------------------------


@pytest.mark.parametrize(
    ("schema", "properties", "kind"),
    [
        ("Organization", {"name": ["SPD"], "topics": ["pol.party"]}, "political"),
        ("Company", {"name": ["Christlich-Soziale Union in Bayern"], "topics": ["pol.party"]}, "political"),
        ("Organization", {"name": ["Sozialdemokratische Partei Deutschlands"]}, "political"),
        ("Organization", {"name": ["Piratenpartei Deutschland"]}, "political"),
        ("LegalEntity", {"name": ["Partido Revolucionario Institucional"]}, "political"),
        ("Organization", {"name": ["Parti socialiste"]}, "political"),
        ("Organization", {"name": ["PD"], "alias": ["Partito Democratico"]}, "political"),
        ("Organization", {"name": ["Orange Democratic Movement Party"]}, "political"),
        ("Organization", {"name": ["Partners for Peace"]}, "civil_society"),  # a word, not a prefix
        ("Organization", {"name": ["Counterparty Risk Forum"]}, "civil_society"),
        ("Company", {"name": ["Party Supplies Ltd"]}, "business"),  # a company's name says nothing of politics
        ("Organization", {"name": ["Kenya Defence Forces"], "topics": ["mil"]}, "security"),
        ("PublicBody", {"name": ["National Intelligence Service"], "topics": ["gov.security", "gov"]}, "security"),
        ("Organization", {"name": ["Nairobi City County"], "topics": ["gov.muni"]}, "government"),
        ("Company", {"name": ["Kenya Power"], "topics": ["gov.soe", "gov"]}, "business"),
        ("Organization", {"name": ["IGAD"], "topics": ["gov.igo"]}, "international"),
        ("Organization", {"name": ["COTU"], "topics": ["pol.union"]}, "civil_society"),
        ("Organization", {"name": ["Supreme Council of Kenya Muslims"], "topics": ["rel"]}, "faith"),
        ("Organization", {"name": ["Watchlisted Org"], "topics": ["sanction", "crime.fin"]}, "civil_society"),
        ("PublicBody", {"name": ["Ministry of Interior"]}, "government"),
        ("Person", {"name": ["A Politician"], "topics": ["role.pol", "role.pep"]}, "person"),
    ],
)
def test_parties_and_topics_name_our_kinds(schema: str, properties: dict[str, list[str]], kind: str) -> None:
    result = import_file(jsonl([entity("x", schema, **properties)]))
    assert result.map is not None, result.errors
    assert result.map.actor("x").kind == kind


# --- payments -----------------------------------------------------------------------------

DONORS = [
    entity("party-a", "Organization", name=["Unity Party"]),
    entity("party-b", "Organization", name=["PB"], topics=["pol.party"]),
    entity("donor-1", "Company", name=["Acacia Holdings"]),
    entity("donor-2", "Person", name=["Jane Doe"]),
    entity("ves-1", "Vessel", name=["MV Example"]),
]


def payment(payment_id: str, payer: str, beneficiary: str, **properties: list[str]) -> dict:
    return entity(payment_id, "Payment", payer=[payer], beneficiary=[beneficiary], **properties)


PAYMENTS = [
    payment("pay-1", "donor-1", "party-a", amountEur=["100000"], date=["2011-12-29"], purpose=["Donation"]),
    payment("pay-2", "donor-1", "party-a", amountEur=["50000"], date=["2009-03-01T00:00:00"], purpose=["Donation"]),
    payment("pay-3", "donor-1", "party-a", amountEur=["150000"], date=["2010-06-30"], purpose=["Campaign"]),
    payment("pay-4", "donor-2", "party-a", amountEur=["100000"], date=["2012-01-15"], transactionNumber=["T-9"]),
    payment("pay-5", "donor-2", "party-b", amount=["5000"], currency=["kes"], startDate=["2015"], endDate=["2018"]),
    payment("pay-6", "donor-1", "ves-1", amountUsd=["1000"]),
]


@pytest.fixture(scope="module")
def donations() -> LoadResult:
    return import_file(jsonl([*DONORS, *PAYMENTS]))


def funds_ties(result: LoadResult) -> dict[tuple[str, str], object]:
    return {(tie.source, tie.target): tie for tie in result.map.relationships if tie.kind == "funds"}


def test_payments_between_one_pair_make_one_funds_tie(donations: LoadResult) -> None:
    assert donations.map is not None, donations.errors
    ties = funds_ties(donations)
    assert set(ties) == {("donor-1", "party-a"), ("donor-2", "party-a"), ("donor-2", "party-b")}
    repeated = ties[("donor-1", "party-a")]
    assert repeated.notes == "3 payments, total 300,000 EUR, 2009-03-01 to 2011-12-29; Donation; Campaign"
    assert dict(repeated.attributes)["ftm:payments"] == "3"
    assert (str(repeated.since), repeated.until) == ("2009-03-01", None)  # a payment does not end a tie
    assert not [issue for issue in donations.warnings if issue.code == "duplicate-relationship"]


def test_funds_strength_grows_with_the_payer_s_share_of_what_the_beneficiary_received(donations: LoadResult) -> None:
    ties = funds_ties(donations)
    # party-a received 400,000 EUR: 300,000 from donor-1, 100,000 from donor-2.
    assert ties[("donor-1", "party-a")].strength == pytest.approx(FUNDS_FLOOR + FUNDS_SPAN * 0.75)
    assert ties[("donor-2", "party-a")].strength == pytest.approx(FUNDS_FLOOR + FUNDS_SPAN * 0.25)
    assert ties[("donor-2", "party-b")].strength == pytest.approx(FUNDS_FLOOR + FUNDS_SPAN)  # its only funder
    assert ties[("donor-1", "party-a")].strength_back == pytest.approx(0.25 * ties[("donor-1", "party-a")].strength)


def test_a_lone_payment_keeps_its_own_dates_currency_and_properties(donations: LoadResult) -> None:
    ties = funds_ties(donations)
    grant = ties[("donor-2", "party-b")]
    assert (str(grant.since), str(grant.until)) == ("2015", "2018")
    assert grant.notes == "1 payment, 5,000 KES, 2015 to 2018"
    assert dict(ties[("donor-2", "party-a")].attributes)["ftm:transactionNumber"] == "T-9"
    assert dict(ties[("donor-2", "party-a")].attributes)["ftm:id"] == "pay-4"


def test_a_payment_to_an_entity_left_out_is_left_out_too(donations: LoadResult) -> None:
    assert ("donor-1", "ves-1") not in funds_ties(donations)
    assert any(i.code == "skipped-record" and "Payment" in i.message for i in donations.warnings)


def test_payments_in_several_currencies_keep_the_kind_default_strength() -> None:
    mixed = [
        payment("p1", "donor-1", "party-a", amount=["100"], currency=["EUR"]),
        payment("p2", "donor-2", "party-a", amount=["100"], currency=["USD"]),
    ]
    result = import_file(jsonl([*DONORS[:4], *mixed]))
    ties = funds_ties(result)
    assert {tie.strength for tie in ties.values()} == {0.6}  # funds' default: shares across currencies are unknown
    assert ties[("donor-1", "party-a")].notes == "1 payment, 100 EUR"


@pytest.mark.parametrize(("amount", "code"), [("a lot", "invalid-number"), ("-500", "out-of-range")])
def test_a_bad_payment_amount_is_a_warning_and_the_payment_still_counts(amount: str, code: str) -> None:
    result = import_file(jsonl([*DONORS[:4], payment("p1", "donor-1", "party-a", amount=[amount])]))
    assert result.map is not None, result.errors
    found = [(i.row, i.column, i.code) for i in result.warnings if i.code != "extra-fields"]
    assert found == [(5, "amount", code)]
    assert funds_ties(result)[("donor-1", "party-a")].notes == "1 payment"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["donor-1", "donor-2", "party-b"]), st.integers(min_value=1, max_value=10**6)),
        min_size=1,
        max_size=12,
    )
)
def test_every_payment_counts_once_and_the_shares_of_one_beneficiary_add_up(payments: list[tuple[str, int]]) -> None:
    lines = [payment(f"p{n}", payer, "party-a", amount=[str(amount)]) for n, (payer, amount) in enumerate(payments)]
    result = import_file(jsonl([*DONORS[:4], *lines]))
    ties = list(funds_ties(result).values())
    assert sum(int(dict(tie.attributes)["ftm:payments"]) for tie in ties) == len(payments)
    assert len(ties) == len({payer for payer, _ in payments})
    # sum of (floor + span x share) over the payers = floor x payers + span, each rounded to 0.01
    expected = FUNDS_FLOOR * len(ties) + FUNDS_SPAN
    assert sum(tie.strength for tie in ties) == pytest.approx(expected, abs=0.005 * len(ties))


# --- self-loops ---------------------------------------------------------------------------


def test_the_self_loops_a_merged_link_implies_are_not_ties() -> None:
    merged = entity("own-m", "Ownership", owner=["co-telco", "org-kam"], asset=["org-kam", "co-telco"])
    result = import_file(jsonl([*ENTITIES[:2], merged]))
    assert result.map is not None, result.errors
    assert {(t.source, t.target) for t in result.map.relationships} == {
        ("co-telco", "org-kam"),
        ("org-kam", "co-telco"),
    }
    assert not [issue for issue in result.issues if issue.code == "self-loop"]


def test_a_self_loop_the_file_states_is_left_out_with_one_warning() -> None:
    stated = entity("own-s", "Ownership", owner=["co-telco"], asset=["co-telco"], percentage=["10"])
    result = import_file(jsonl([*ENTITIES[:2], stated]))
    assert result.map is not None, result.errors
    assert not result.map.relationships
    assert [(i.row, i.code, i.severity) for i in result.issues if i.code == "self-loop"] == [
        (3, "self-loop", "warning")
    ]
