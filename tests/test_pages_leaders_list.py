"""The Leaders page's read-on-screen lists: the first rows with their reasons, beside the sortable tables."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from mapping.lens.brief import escape_markdown
from mapping.samples import load_sample
from mapping.view import display_names
from tests.test_pages_analysis import frame, open_page


def lists(app: AppTest) -> dict[str, list[str]]:
    """The first Markdown table shown under each second heading ("organisation", "person"), as its rows."""
    found: dict[str, list[str]] = {}
    for md in app.markdown:
        if md.value.startswith("| "):
            table = md.value.splitlines()
            found.setdefault(table[0].split(" | ")[1], table[2:])
    return found


def test_the_lists_show_the_first_organisations_and_people_with_their_reasons() -> None:
    app = open_page("views/leaders.py", us=["uwiano"])
    shown = lists(app)
    organisations, people = shown["organisation"], shown["person"]
    assert len(organisations) == 10 < len(frame(app, "includes"))  # the rest are in the sortable table
    assert "Kenya Private Sector Alliance \\(KEPSA\\)" in organisations[0] and "broker on" in organisations[0]
    assert organisations[0].startswith("| 1st ")  # the rank range, when known, stands for the rank
    assert "Chair, KEPSA" in people[0] and "top in Kenya Private Sector Alliance" in people[0]


def test_the_lists_follow_the_hide_names_switch() -> None:
    app = open_page("views/leaders.py", us=["uwiano"], map_redact=True)
    people = lists(app)["person"]
    kenya = load_sample("kenya_2008_2013").map
    names = display_names(kenya, redact=True)
    real = {p.name for p in kenya.actors_of_kind("person")} - {names.of(p.id) for p in kenya.actors_of_kind("person")}
    shown = {row.split(" | ")[1] for row in people}
    assert real and "CEO, Safaricom" in real
    assert shown and not shown & {escape_markdown(name) for name in real}
