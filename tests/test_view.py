"""What a view shows: filters, focus, search, paths and the redaction of people's names."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mapping.model import Actor, Relationship, StakeholderMap
from mapping.values import PartialDate
from mapping.view import (
    ViewFilter,
    date_span,
    describe_view,
    display_name,
    display_names,
    filter_choices,
    neighbourhood,
    path_relationships,
    search_actors,
    visible,
    visible_actor_rows,
)

# The small map's ties, by index: 0 chamber->umbrella member_of high (since 2003), 1 telco->chamber high,
# 2 bank->chamber medium, 3 umbrella->ministry dialogue high (since 2008-01), 4 umbrella->party_a medium
# (since 2008-01-18), 5 umbrella->party_b medium (since 2008-01-18), 6 party_a->party_b rivals high,
# 7 ngo->party_b low; then the implied ties 8 chair->umbrella (leads) and 9 telco->csr (employs).
ALL_SMALL = {"umbrella", "chamber", "telco", "bank", "ministry", "party_a", "party_b", "ngo", "chair", "csr"}


def shown(smap: StakeholderMap, **choices: object) -> tuple[set[str], set[int]]:
    view = visible(smap, ViewFilter(**choices))
    return set(view.actors), set(view.relationships)


def tie_index(smap: StakeholderMap, source: str, target: str) -> int:
    return next(i for i, r in enumerate(smap.relationships) if (r.source, r.target) == (source, target))


def test_the_small_map_has_the_ties_these_tests_assume(small_map: StakeholderMap) -> None:
    assert len(small_map.relationships) == 10
    assert tie_index(small_map, "chair", "umbrella") == 8 and tie_index(small_map, "telco", "csr") == 9


def test_no_filter_shows_everything(small_map: StakeholderMap) -> None:
    assert shown(small_map) == (ALL_SMALL, set(range(10)))


@pytest.mark.parametrize(
    ("choices", "actors", "ties"),
    [
        ({"kinds": frozenset({"association"})}, {"umbrella", "chamber"}, {0}),
        ({"kinds": frozenset({"association", "person"})}, {"umbrella", "chamber", "chair", "csr"}, {0, 8}),
        ({"stances": frozenset({"champion"})}, {"umbrella", "ngo", "chair"}, {8}),
        ({"phases": frozenset({"acute"})}, {"umbrella", "telco", "ministry"}, {3}),
        ({"hide_people": True}, ALL_SMALL - {"chair", "csr"}, set(range(8))),
        ({"coalition": frozenset({"umbrella", "chamber", "telco"})}, {"umbrella", "chamber", "telco"}, {0, 1}),
    ],
)
def test_actor_filters_hide_actors_and_the_ties_that_touch_them(
    small_map: StakeholderMap, choices: dict[str, object], actors: set[str], ties: set[int]
) -> None:
    assert shown(small_map, **choices) == (actors, ties)


@pytest.mark.parametrize(
    ("least", "ties"),
    [
        ("low", set(range(10))),
        ("medium", set(range(10)) - {7}),
        ("high", {0, 1, 3, 6}),  # implied ties take the default confidence, medium
    ],
)
def test_minimum_confidence_hides_weaker_ties_but_no_actor(
    small_map: StakeholderMap, least: str, ties: set[int]
) -> None:
    assert shown(small_map, min_confidence=least) == (ALL_SMALL, ties)


@pytest.mark.parametrize(
    ("as_of", "hidden"),
    [
        (dt.date(2002, 12, 31), {0, 3, 4, 5}),  # before the chamber joined (2003) and before the dialogues
        (dt.date(2003, 1, 1), {3, 4, 5}),  # "since 2003" holds from its first day
        (dt.date(2008, 1, 10), {4, 5}),  # the ministry dialogue started in January 2008, the party ones on the 18th
        (dt.date(2008, 1, 18), set()),
    ],
)
def test_as_of_hides_ties_not_yet_started(small_map: StakeholderMap, as_of: dt.date, hidden: set[int]) -> None:
    assert shown(small_map, as_of=as_of) == (ALL_SMALL, set(range(10)) - hidden)


@pytest.mark.parametrize(
    ("since", "until", "day", "holds"),
    [
        (None, None, dt.date(1900, 1, 1), True),
        (PartialDate(2008), None, dt.date(2007, 12, 31), False),
        (PartialDate(2008), None, dt.date(2008, 1, 1), True),
        (None, PartialDate(2013, 2), dt.date(2013, 2, 28), True),
        (None, PartialDate(2013, 2), dt.date(2013, 3, 1), False),
        (PartialDate(2008, 1, 18), PartialDate(2008, 1, 18), dt.date(2008, 1, 18), True),
    ],
)
def test_a_tie_is_in_force_from_the_first_to_the_last_day_its_dates_cover(
    since: PartialDate | None, until: PartialDate | None, day: dt.date, holds: bool
) -> None:
    assert Relationship("a", "b", "dialogue", 0.4, since=since, until=until).in_force(day) is holds


def test_no_date_keeps_every_tie() -> None:
    assert Relationship("a", "b", "dialogue", 0.4, until=PartialDate(1990)).in_force(None)


@pytest.mark.parametrize(
    ("start", "end", "day", "exists"),
    [
        (None, None, dt.date(1900, 1, 1), True),
        (PartialDate(2012, 1, 30), None, dt.date(2012, 1, 29), False),
        (PartialDate(2012, 1, 30), None, dt.date(2012, 1, 30), True),
        (PartialDate(2010), None, dt.date(2010, 1, 1), True),
        (None, PartialDate(2008, 12), dt.date(2008, 12, 31), True),
        (None, PartialDate(2008, 12), dt.date(2009, 1, 1), False),
        (PartialDate(2008, 5), PartialDate(2008, 10), None, True),
    ],
)
def test_an_actor_exists_from_the_first_to_the_last_day_its_dates_cover(
    start: PartialDate | None, end: PartialDate | None, day: dt.date | None, exists: bool
) -> None:
    actor = Actor("a", "A", "government", active_from=start, active_until=end)
    assert actor.in_force(day) is exists
    # One rule for actors and ties: the same dates give the same answer.
    assert Relationship("a", "b", "dialogue", 0.4, since=start, until=end).in_force(day) is exists


def dated_actors_map() -> StakeholderMap:
    """An umbrella, a commission from May to October 2008, and a campaign launched on 30 January 2012."""
    return StakeholderMap(
        [
            Actor("umbrella", "Umbrella", "association"),
            Actor(
                "inquiry", "Inquiry", "government", active_from=PartialDate(2008, 5), active_until=PartialDate(2008, 10)
            ),
            Actor(
                "campaign", "Campaign", "prevention_network", parent="umbrella", active_from=PartialDate(2012, 1, 30)
            ),
        ],
        [Relationship("inquiry", "umbrella", "oversees", 0.3)],
    )


@pytest.mark.parametrize(
    ("day", "actors", "ties"),
    [
        (None, {"umbrella", "inquiry", "campaign"}, {0, 1}),
        (dt.date(2008, 2, 1), {"umbrella"}, set()),
        (dt.date(2008, 6, 1), {"umbrella", "inquiry"}, {0}),
        (dt.date(2012, 1, 29), {"umbrella"}, set()),
        (dt.date(2012, 1, 30), {"umbrella", "campaign"}, {1}),  # the campaign and the tie its parent implies
    ],
)
def test_as_of_hides_actors_not_yet_founded_or_already_gone_with_their_ties(
    day: dt.date | None, actors: set[str], ties: set[int]
) -> None:
    assert shown(dated_actors_map(), as_of=day) == (actors, ties)


def test_a_focus_on_an_actor_that_did_not_exist_that_day_shows_nothing() -> None:
    assert shown(dated_actors_map(), focus="campaign", as_of=dt.date(2008, 6, 1)) == (set(), set())
    assert shown(dated_actors_map(), focus="inquiry", as_of=dt.date(2008, 6, 1)) == ({"inquiry", "umbrella"}, {0})


@pytest.mark.parametrize(
    ("steps", "actors"),
    [
        (1, {"umbrella", "chamber", "ministry", "party_a", "party_b", "chair"}),
        (2, ALL_SMALL - {"csr"}),
        (3, ALL_SMALL),
    ],
)
def test_focus_keeps_the_neighbourhood_within_n_steps(small_map: StakeholderMap, steps: int, actors: set[str]) -> None:
    focused, ties = shown(small_map, focus="umbrella", focus_steps=steps)
    assert focused == actors
    assert all({small_map.relationships[i].source, small_map.relationships[i].target} <= actors for i in ties)


def test_focus_walks_only_the_ties_on_screen(small_map: StakeholderMap) -> None:
    # With only high-confidence ties, the bank (medium) and the parties (medium dialogues) are out of reach.
    assert shown(small_map, focus="umbrella", focus_steps=3, min_confidence="high") == (
        {"umbrella", "chamber", "telco", "ministry"},
        {0, 1, 3},
    )


def test_the_focused_actor_is_shown_even_when_its_own_fields_are_filtered_out(small_map: StakeholderMap) -> None:
    assert shown(small_map, focus="chair", hide_people=True) == ({"chair", "umbrella"}, {8})
    assert shown(small_map, focus="umbrella", kinds=frozenset({"business"})) == ({"umbrella"}, set())


def test_focus_matches_networkx_neighbourhoods_on_the_kenya_map(kenya_map: StakeholderMap) -> None:
    reference = nx.Graph()
    reference.add_edges_from((r.source, r.target) for r in kenya_map.relationships)
    for steps in (1, 2):
        focused, _ = shown(kenya_map, focus="kepsa", focus_steps=steps)
        assert focused == set(nx.single_source_shortest_path_length(reference, "kepsa", cutoff=steps))


def test_neighbourhood_of_an_unknown_actor_is_an_error(small_map: StakeholderMap) -> None:
    with pytest.raises(KeyError):
        neighbourhood(small_map, "nobody", 1)


def regional_map() -> StakeholderMap:
    actors = [
        Actor("a", "Alpha Bank", "business", sector="banking", region="Nairobi"),
        Actor("b", "Beta Telecom", "business", sector="telecoms", region="Nairobi"),
        Actor("c", "Coast Hoteliers", "association", sector="tourism", region="Coast"),
        Actor("d", "Delta Trust", "civil_society"),
    ]
    ties = [Relationship("a", "b", "supplies", 0.5), Relationship("b", "c", "member_of", 0.5)]
    return StakeholderMap(actors, ties, title="regions")


@pytest.mark.parametrize(
    ("choices", "actors"),
    [
        ({"sectors": frozenset({"banking", "telecoms"})}, {"a", "b"}),
        ({"regions": frozenset({"Coast"})}, {"c"}),
        ({"regions": frozenset({"Nairobi"}), "sectors": frozenset({"telecoms"})}, {"b"}),
    ],
)
def test_sector_and_region_filters_keep_exact_values_and_drop_blanks(
    choices: dict[str, object], actors: set[str]
) -> None:
    assert shown(regional_map(), **choices)[0] == actors


def test_filter_choices_list_the_values_present(small_map: StakeholderMap) -> None:
    assert filter_choices(regional_map())["sectors"] == ["banking", "telecoms", "tourism"]
    assert filter_choices(regional_map())["regions"] == ["Coast", "Nairobi"]
    choices = filter_choices(small_map)
    assert choices["phases"] == ["acute", "recovery", "upstream"]
    assert "person" in choices["kinds"] and choices["sectors"] == []


def test_date_span_covers_every_dated_tie(small_map: StakeholderMap) -> None:
    assert date_span(small_map) == (dt.date(2003, 1, 1), dt.date(2008, 1, 31))
    assert date_span(regional_map()) is None


def test_date_span_covers_the_actors_dates_too() -> None:
    assert date_span(dated_actors_map()) == (dt.date(2008, 5, 1), dt.date(2012, 1, 30))


FILTERS = st.builds(
    ViewFilter,
    kinds=st.frozensets(st.sampled_from(["business", "association", "government", "person", "media"])),
    phases=st.frozensets(st.sampled_from(["upstream", "acute", "recovery"])),
    stances=st.frozensets(st.sampled_from(["champion", "supportive", "neutral", "opposed", "unknown"])),
    min_confidence=st.sampled_from(["low", "medium", "high"]),
    as_of=st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2014, 12, 31))),
    hide_people=st.booleans(),
    focus=st.one_of(st.none(), st.sampled_from(["kepsa", "kam", "safaricom", "chair_kepsa"])),
    focus_steps=st.integers(1, 3),
)


@settings(max_examples=60, deadline=None)
@given(view_filter=FILTERS)
def test_every_shown_tie_joins_two_shown_actors(kenya_map: StakeholderMap, view_filter: ViewFilter) -> None:
    view = visible(kenya_map, view_filter)
    assert view.actors <= {a.id for a in kenya_map.actors}
    for index in view.relationships:
        rel = kenya_map.relationships[index]
        assert {rel.source, rel.target} <= view.actors
    if view_filter.focus is not None:
        existed = kenya_map.actor(view_filter.focus).in_force(view_filter.as_of)
        assert (view_filter.focus in view.actors) == existed
        assert existed or not view.actors


@settings(max_examples=40, deadline=None)
@given(view_filter=FILTERS)
def test_narrowing_a_filter_never_shows_more(kenya_map: StakeholderMap, view_filter: ViewFilter) -> None:
    wide = visible(kenya_map, ViewFilter(**{**view_filter.__dict__, "focus": None}))
    narrow = visible(kenya_map, ViewFilter(**{**view_filter.__dict__, "focus": None, "hide_people": True}))
    assert narrow.actors <= wide.actors and narrow.relationships <= wide.relationships


# --- names and redaction -----------------------------------------------------------------


def named_people_map() -> StakeholderMap:
    """People under their real names, one with the name as id, as a user's upload might have them."""
    actors = [
        Actor("kepsa", "Kenya Private Sector Alliance", "association", notes="Jane Wanjiru chairs it."),
        Actor("Jane Wanjiru", "Jane Wanjiru", "person", parent="kepsa", role="Chair", seniority="top"),
        Actor("otieno", "Peter Otieno", "person", parent="kepsa", notes="Deputy to JANE WANJIRU."),
        Actor("achieng", "Mary Achieng", "person", role="Trustee"),
        Actor("kamau", "John Kamau", "person", role="Chair", parent="kepsa"),
        Actor("x", "Unaffiliated", "person"),
    ]
    ties = [Relationship("otieno", "Jane Wanjiru", "advises", 0.5, notes="Peter Otieno briefs Jane Wanjiru weekly.")]
    return StakeholderMap(actors, ties, title="named")


@pytest.mark.parametrize(
    ("actor_id", "redacted"),
    [
        ("Jane Wanjiru", "Chair, Kenya Private Sector Alliance"),
        ("otieno", "Person at Kenya Private Sector Alliance"),
        ("achieng", "Trustee"),
        ("x", "Person"),
        ("kepsa", "Kenya Private Sector Alliance"),
    ],
)
def test_a_redacted_person_is_named_by_role_and_organisation(actor_id: str, redacted: str) -> None:
    smap = named_people_map()
    actor = smap.actor(actor_id)
    organisation = smap.actor(actor.parent) if actor.parent else None
    assert display_name(actor, True, organisation) == redacted
    assert display_name(actor, False, organisation) == actor.name


def test_redacted_people_who_look_alike_are_numbered() -> None:
    names = display_names(named_people_map(), redact=True)
    assert names.of("Jane Wanjiru") == "Chair, Kenya Private Sector Alliance"
    assert names.of("kamau") == "Chair, Kenya Private Sector Alliance (2)"


def test_scrubbing_replaces_every_persons_name_in_free_text_in_any_case() -> None:
    smap = named_people_map()
    names = display_names(smap, redact=True)
    text = " ".join([*(a.notes for a in smap.actors), *(r.notes for r in smap.relationships)])
    scrubbed = names.scrub(text)
    for person in smap.actors_of_kind("person"):
        assert person.name.lower() not in scrubbed.lower()
    assert "Deputy to Chair, Kenya Private Sector Alliance." in scrubbed
    assert display_names(smap, redact=False).scrub(text) == text


def test_scrubbing_matches_whole_words_only() -> None:
    actors = [Actor("ali", "Ali", "person", role="Driver"), Actor("co", "Alison Transport", "business")]
    names = display_names(StakeholderMap(actors, []), redact=True)
    assert names.scrub("Ali works at Alison Transport.") == "Driver works at Alison Transport."


def test_search_finds_display_names_only(small_map: StakeholderMap) -> None:
    plain = display_names(small_map, redact=False)
    assert search_actors(small_map, "umbrella", plain) == ["umbrella", "chair"]
    assert search_actors(small_map, "  PARTY ", plain) == ["party_a", "party_b"]
    assert search_actors(small_map, "", plain) == []
    smap = named_people_map()
    assert search_actors(smap, "wanjiru", display_names(smap, redact=False)) == ["Jane Wanjiru"]
    assert search_actors(smap, "wanjiru", display_names(smap, redact=True)) == []


def test_a_path_is_drawn_through_the_ties_that_carry_it(small_map: StakeholderMap) -> None:
    assert path_relationships(small_map, ["chamber", "umbrella", "party_a"]) == [0, 4]
    # Mutual ties carry a path both ways; a step with no tie is skipped.
    assert path_relationships(small_map, ["umbrella", "chamber"]) == [0]
    assert path_relationships(small_map, ["telco", "ministry", "umbrella"]) == [3]
    assert path_relationships(small_map, ["chamber", "umbrella"], shown=[1, 2]) == []


def test_a_path_prefers_the_strongest_positive_tie() -> None:
    actors = [Actor("a", "A", "business"), Actor("b", "B", "business")]
    ties = [
        Relationship("a", "b", "rivals", 0.9, sign="-"),
        Relationship("a", "b", "supplies", 0.3),
        Relationship("a", "b", "owns", 0.7),
    ]
    assert path_relationships(StakeholderMap(actors, ties), ["a", "b"]) == [2]


def test_describe_view_says_what_is_shown(small_map: StakeholderMap) -> None:
    view_filter = ViewFilter(focus="umbrella", as_of=dt.date(2008, 1, 10), min_confidence="medium")
    view = visible(small_map, view_filter)
    text = describe_view(small_map, view_filter, view, display_names(small_map, redact=False))
    assert text.startswith(f"{len(view.actors)} of 10 actors, {len(view.relationships)} of 10 ties")
    assert "focus: Umbrella Business Alliance, 1 step" in text
    assert "as of 2008-01-10" in text and "medium confidence or more" in text


def test_the_actor_table_uses_display_names_and_sorts_by_the_measure() -> None:
    smap = named_people_map()
    view = visible(smap)
    rows = visible_actor_rows(smap, view, display_names(smap, redact=True), ("Ties", {"kepsa": 3.0, "otieno": 2.0}))
    assert [row["name"] for row in rows[:2]] == [
        "Kenya Private Sector Alliance",
        "Person at Kenya Private Sector Alliance",
    ]
    assert not {"Jane Wanjiru", "Peter Otieno", "Mary Achieng", "John Kamau"} & {row["name"] for row in rows}


def test_risk_factor_filter_keeps_tagged_actors_and_tie_ends(kenya_map) -> None:
    from mapping.view import ViewFilter, filter_choices, visible

    shown = visible(kenya_map, ViewFilter(risk_factor="8.7")).actors
    assert shown == {"safaricom", "vernacular_fm", "ncic", "sisi_ni_amani", "nmg"}
    whole_factor = visible(kenya_map, ViewFilter(risk_factor="8")).actors
    assert {"kepsa", "eck", "safaricom"} <= whole_factor and "mungiki" not in whole_factor
    assert filter_choices(kenya_map)["risk_factors"] == ["7.5", "7.6", "8.7", "8.8", "8.9"]
