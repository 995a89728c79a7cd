"""The profile panel's data: who an actor is and every tie, both ways, with names hidden on request."""

from __future__ import annotations

import datetime as dt

from mapping.model import Actor, Relationship, StakeholderMap
from mapping.profile import profile_fields, tie_rows
from mapping.store.edits import pin_actors
from mapping.values import PartialDate
from mapping.view import display_names


def small_map() -> StakeholderMap:
    actors = [
        Actor("kepsa", "KEPSA", "association", influence=4, stance="champion", source="Seed note"),
        Actor("kam", "KAM", "association", influence=3),
        Actor("jane", "Jane Wanjiru", "person", parent="kepsa", seniority="top", role="Chair"),
        Actor("later", "Founded later", "business", active_from=PartialDate(2012)),
    ]
    ties = [
        Relationship("kam", "kepsa", "member_of", 0.4, strength_back=0.6, confidence="high"),
        Relationship("kepsa", "later", "partners_with", 0.5),
        Relationship("kepsa", "kam", "rivals", 0.5, sign="-", since=PartialDate(2008)),
    ]
    return StakeholderMap(actors, ties)


def test_fields_name_the_actor_and_leave_blanks_out() -> None:
    smap = small_map()
    fields = dict(profile_fields(smap, smap.actor("kepsa"), display_names(smap, redact=False)))
    assert fields["Influence"] == "4/5" and fields["Stance"] == "Champion" and fields["Source"] == "Seed note"
    assert "Role" not in fields and "Interest" not in fields


def test_ties_read_from_the_actor_both_ways() -> None:
    smap = small_map()
    rows = {(r["with"], r["tie"]): r for r in tie_rows(smap, "kepsa", display_names(smap, redact=False))}
    membership = rows[("KAM", "Member of")]
    # KAM is the member: KEPSA moves it at the back strength 0.6 and is moved by it at 0.4.
    assert (membership["it moves them"], membership["they move it"]) == (0.6, 0.4)
    assert membership["written"] == "to this actor" and membership["confidence"] == "high"
    rivalry = rows[("KAM", "Rivals (negative)")]
    assert rivalry["it moves them"] is None and rivalry["dates"] == "2008"
    assert ("Jane Wanjiru", "Leads (implied)") in rows


def test_ties_follow_the_date_and_names_stay_hidden() -> None:
    smap = small_map()
    names = display_names(smap, redact=True)
    rows = tie_rows(smap, "kepsa", names, as_of=dt.date(2008, 6, 1))
    assert all(r["with"] != "Founded later" for r in rows)
    assert not [r for r in rows if "Jane" in str(r["with"])]


def test_the_profile_names_the_short_label_and_a_pinned_place(kenya_map: StakeholderMap) -> None:
    pinned = pin_actors(kenya_map, {"kepsa": (120, -40)})
    fields = dict(profile_fields(pinned, pinned.actor("kepsa"), display_names(pinned, redact=False)))
    assert fields["On the map as"] == "KEPSA" and fields["Pinned at"] == "120, -40"
