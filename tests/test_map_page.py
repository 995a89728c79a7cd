"""The Map page, run headless through Streamlit's AppTest.

AppTest drops the sidebar after `switch_page`, so the map is chosen through
session state and the page keeps its controls in the main area. Each control's
widget has the key "_widget_<key>" and keeps its value under "<key>" (ui.map_controls).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from mapping.samples import load_sample
from tests.conftest import ACTORS_HEADER, RELATIONSHIPS_HEADER, SAMPLE_KEYS, SMALL_ACTORS, SMALL_RELATIONSHIPS

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 60
MAP_PAGE = "views/map.py"

NAMED_ACTORS = f"""{ACTORS_HEADER},role,notes
kepsa,Kenya Private Sector Alliance,association,,,,5,champion,,,,,,Jane Wanjiru chairs it.
jane,Jane Wanjiru,person,,kepsa,top,4,champion,,,,,Chair,
peter,Peter Otieno,person,,kepsa,senior,3,supportive,,,,,Chief Executive,Reports to Jane Wanjiru.
kam,Kenya Association of Manufacturers,association,,,,3,supportive,,,,,,
"""
NAMED_RELATIONSHIPS = f"""{RELATIONSHIPS_HEADER}
kam,kepsa,member_of,,,,,,
peter,jane,advises,0.5,,,,,
"""
NAMES = ("Jane", "Wanjiru", "Peter", "Otieno")


def start(source: str | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=TIMEOUT)
    app.run()
    if source is not None:
        app.session_state["active_map_source"] = source
    app.switch_page(MAP_PAGE).run()
    assert not app.exception, app.exception
    return app


def upload_and_open_map(actors: str, relationships: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=TIMEOUT)
    app.run()
    app.switch_page("views/data.py").run()
    files = [("actors.csv", actors.encode(), "text/csv"), ("relationships.csv", relationships.encode(), "text/csv")]
    app.file_uploader(key="upload_files").set_value(files).run()
    assert app.session_state["active_map_source"] == "upload", [e.value for e in app.error]
    app.switch_page(MAP_PAGE).run()
    assert not app.exception, app.exception
    return app


def page_html(app: AppTest) -> str:
    """What the page shows around and in the map: its text, the legend strip and the drawing's data."""
    page_data(app)  # the map is there
    texts = [m.value for m in app.markdown] + [h.proto.body for h in app.get("html")]
    return "\n".join([*texts, app.get("bidi_component")[0].proto.json])


def page_data(app: AppTest) -> dict:
    """The drawing the interactive map was given (`ui.map_component.interactive_map`'s data)."""
    components = app.get("bidi_component")
    assert len(components) == 1, "the map is missing"
    return json.loads(components[0].proto.json)


def drawn(app: AppTest, kind: str = "nodes") -> list[dict]:
    return page_data(app)[kind]


def widget(app: AppTest, kind: str, key: str) -> Any:
    """The widget of a Map page control (AppTest has one element class per kind)."""
    return getattr(app, kind)(key=f"_widget_{key}")


def act(app: AppTest, kind: str, key: str, value: object) -> AppTest:
    widget(app, kind, key).set_value(value).run()
    assert not app.exception, app.exception
    return app


@pytest.mark.parametrize("key", SAMPLE_KEYS)
def test_the_map_page_draws_every_sample(key: str) -> None:
    app = start(f"sample:{key}")
    smap = load_sample(key).map
    assert len(drawn(app)) == len(smap)
    assert smap.title in page_html(app)
    assert any("How is this computed" in e.proto.label for e in app.expander)
    labels = {button.proto.label for button in app.get("download_button")}
    assert "Download this view (HTML)" in labels


def test_the_map_page_draws_an_uploaded_map() -> None:
    app = upload_and_open_map(SMALL_ACTORS, SMALL_RELATIONSHIPS)
    assert len(drawn(app)) == 10
    assert "Umbrella Business Alliance" in {node["label"] for node in drawn(app)}


def test_filters_change_what_is_drawn() -> None:
    app = start("sample:kenya_2008_2013")
    everyone = len(drawn(app))
    act(app, "multiselect", "map_kinds", ["association"])
    associations = drawn(app)
    assert 0 < len(associations) < everyone
    assert all(node["shape"] == "dot" for node in associations)
    act(app, "toggle", "map_hide_people", True)
    assert len(drawn(app)) == len(associations)
    act(app, "multiselect", "map_kinds", [])
    people = len(load_sample("kenya_2008_2013").map.actors_of_kind("person"))
    assert len(drawn(app)) == everyone - people
    assert f"{everyone - people} of {everyone} actors" in page_html(app)


def test_the_table_lists_the_actors_on_screen() -> None:
    app = start("sample:kenya_2008_2013")
    act(app, "multiselect", "map_kinds", ["association"])
    table = app.dataframe[0].value
    assert len(table) == len(drawn(app)) and set(table["kind"]) == {"association"}


def test_focus_and_steps_show_a_neighbourhood_and_search_makes_actors_glow() -> None:
    app = start("sample:kenya_2008_2013")
    act(app, "selectbox", "map_focus", "kepsa")
    one_step = len(drawn(app))
    act(app, "number_input", "map_focus_steps", 2)
    assert one_step < len(drawn(app)) < 91
    act(app, "text_input", "map_search", "safaricom")
    glowing = {node["title"].split("\n")[0] for node in drawn(app) if node.get("shadow")}
    assert "Safaricom" in glowing and "Kenya Private Sector Alliance (KEPSA)" in glowing
    act(app, "text_input", "map_search", "no such actor")
    assert app.warning and "No actor's name contains" in app.warning[0].value


def test_ties_can_be_limited_to_a_date_in_the_sidebar_and_a_confidence() -> None:
    app = start("sample:kenya_2008_2013")
    all_ties = len(drawn(app, "edges"))
    act(app, "toggle", "as_of_on", True)
    act(app, "date_input", "as_of", dt.date(2008, 1, 15))
    dated = len(drawn(app, "edges"))
    assert dated < all_ties and "as of 2008-01-15" in page_html(app)
    act(app, "select_slider", "map_min_confidence", "high")
    assert len(drawn(app, "edges")) < dated


def test_size_can_show_the_number_of_ties() -> None:
    app = start("sample:kenya_2008_2013")
    act(app, "selectbox", "map_size_by", "ties")
    assert "Size: Number of ties" in page_html(app)


def test_redaction_removes_peoples_names_from_the_map_the_table_and_the_download() -> None:
    app = upload_and_open_map(NAMED_ACTORS, NAMED_RELATIONSHIPS)
    assert "Jane Wanjiru" in page_html(app)
    act(app, "toggle", "map_redact", True)
    html = page_html(app).lower()
    assert not [name for name in NAMES if name.lower() in html]
    table = app.dataframe[0].value.to_string().lower()
    assert not [name for name in NAMES if name.lower() in table]
    assert "Chair, Kenya Private Sector Alliance" in {node["title"].split("\n")[0] for node in drawn(app)}
    # Searching a real name finds nobody; focusing is by role.
    act(app, "text_input", "map_search", "Wanjiru")
    assert app.warning
    focus = widget(app, "selectbox", "map_focus")
    assert not [o for o in focus.options if any(name in o for name in NAMES)]
    # The other pages' map previews follow the switch.
    app.switch_page("views/home.py").run()
    assert not [name for name in NAMES if name.lower() in app.get("iframe")[0].proto.srcdoc.lower()]


def test_saved_views_step_like_slides() -> None:
    app = start("sample:kenya_2008_2013")
    act(app, "multiselect", "map_kinds", ["association"])
    app.text_input(key="map_view_name").set_value("Associations").run()
    app.button(key="map_save_view").click().run()
    act(app, "multiselect", "map_kinds", [])
    act(app, "selectbox", "map_focus", "kepsa")
    app.session_state["map_path"] = ("chair_kepsa", "kepsa", "kam")
    app.text_input(key="map_view_name").set_value("KEPSA's circle").run()
    app.button(key="map_save_view").click().run()
    assert not app.exception
    kepsa_circle = len(drawn(app))
    assert app.selectbox(key="map_view_picker").value == "KEPSA's circle"
    assert "KEPSA's circle" in page_html(app)  # the view's name is in the title

    app.button(key="map_previous_view").click().run()
    assert app.selectbox(key="map_view_picker").value == "Associations"
    assert app.session_state["map_kinds"] == ["association"] and app.session_state["map_path"] == ()
    assert app.button(key="map_previous_view").proto.disabled
    app.button(key="map_next_view").click().run()
    assert len(drawn(app)) == kepsa_circle
    assert [step["step"] for step in page_data(app)["steps"]] == [1, 2]
    assert app.info and "Highlighted path" in app.info[0].value

    app.selectbox(key="map_view_picker").set_value("Associations").run()
    assert widget(app, "multiselect", "map_kinds").value == ["association"]
    app.button(key="map_delete_view").click().run()
    assert [view.name for view in app.session_state["saved_views"][_hash("kenya_2008_2013")]] == ["KEPSA's circle"]


def _hash(key: str) -> str:
    return load_sample(key).map.content_hash()


def test_presentation_mode_hides_the_controls_and_keeps_the_settings() -> None:
    app = start("sample:kenya_2008_2013")
    act(app, "multiselect", "map_kinds", ["association"])
    associations = len(drawn(app))
    assert "map_next_view" not in {b.key for b in app.button}  # no saved views: no slide controls
    app.text_input(key="map_view_name").set_value("Associations").run()
    app.button(key="map_save_view").click().run()
    act(app, "toggle", "map_presenting", True)
    assert not app.multiselect and not app.get("download_button")
    assert len(drawn(app)) == associations and page_data(app)["picture"]["label_px"] == 22
    assert app.button(key="map_next_view")  # with saved views, the slides can still be stepped through
    act(app, "toggle", "map_presenting", False)
    assert widget(app, "multiselect", "map_kinds").value == ["association"]


def test_settings_survive_a_visit_to_another_page_and_reset_for_another_map() -> None:
    app = start("sample:kenya_2008_2013")
    act(app, "multiselect", "map_kinds", ["association"])
    app.switch_page("views/home.py").run()
    app.switch_page(MAP_PAGE).run()
    assert widget(app, "multiselect", "map_kinds").value == ["association"]
    app.session_state["active_map_source"] = "sample:kenya_private_security_2023"
    app.run()
    assert not app.exception
    assert widget(app, "multiselect", "map_kinds").value == []
    assert len(drawn(app)) == len(load_sample("kenya_private_security_2023").map)


def test_a_coalition_set_by_another_page_can_be_shown_alone() -> None:
    app = start("sample:kenya_2008_2013")
    app.session_state["map_coalition"] = frozenset({"kepsa", "kam", "safaricom"})
    app.run()
    assert len(drawn(app)) == 3 and "Showing one coalition of 3 actors" in app.info[0].value
    app.button(key="map_clear_coalition").click().run()
    assert len(drawn(app)) == 91


def test_one_coalition_can_be_shown_alone() -> None:
    from mapping.analysis.coalitions import find_coalitions

    app = start("sample:kenya_2008_2013")
    first = find_coalitions(load_sample("kenya_2008_2013").map)[0]
    app.selectbox(key="_widget_map_coalition_pick").set_value(first.index).run()
    assert not app.exception
    assert len(drawn(app)) == len(first.members)
    assert app.session_state["map_coalition"] == frozenset(first.members)


@pytest.mark.parametrize("measure", ["engagement", "brokerage"])
def test_nodes_can_be_sized_by_the_analysis(measure: str) -> None:
    app = start("sample:kenya_2008_2013")
    before = {node["id"]: node["size"] for node in drawn(app)}
    act(app, "selectbox", "map_size_by", measure)
    after = {node["id"]: node["size"] for node in drawn(app)}
    assert after != before
    assert max(after.values()) == 40.0


def test_the_map_can_show_one_risk_factor() -> None:
    app = start("sample:kenya_2008_2013")
    act(app, "selectbox", "map_risk_factor", "7.5")
    assert [node["label"] for node in drawn(app)] == ["Mungiki (proscribed gang)"]


def test_a_large_map_is_drawn_in_part_and_says_how_many_are_hidden() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "generate", Path(__file__).resolve().parent.parent / "bench" / "generate.py"
    )
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    from mapping.load import load_files
    from mapping.read import InputFile

    actors, ties = generate.generate(1000)
    smap = load_files([InputFile("actors.csv", actors.encode()), InputFile("relationships.csv", ties.encode())]).map
    app = AppTest.from_file(APP, default_timeout=TIMEOUT)
    app.run()
    app.session_state["uploaded_map"] = smap
    app.session_state["active_map_source"] = "upload"
    app.switch_page(MAP_PAGE).run()
    assert not app.exception, app.exception
    assert len(drawn(app)) == 300
    assert any("700 of 1000 actors are hidden" in c.value for c in app.caption)
    app.slider(key="map_detail").set_value(500).run()
    assert len(drawn(app)) == 500


def test_the_profile_shows_the_selected_actor_and_its_actions_work() -> None:
    app = AppTest.from_file(APP, default_timeout=TIMEOUT)
    app.run()
    app.session_state["map_selected"] = "kepsa"  # what a click on the map leaves behind
    app.switch_page(MAP_PAGE).run()
    assert not app.exception, app.exception
    assert app.subheader[0].value.startswith("Kenya Private Sector Alliance")
    assert any("Ranked 1 of" in m.value for m in app.markdown)
    ties = next(df.value for df in app.dataframe if "it moves them" in df.value.columns)
    assert "Kenya Association of Manufacturers (KAM)" in set(ties["with"])
    app.button(key="profile_us").click().run()
    assert app.session_state["us"] == ["kepsa"]
    app.button(key="profile_focus").click().run()
    assert app.session_state["map_focus"] == "kepsa"
    app.button(key="profile_target").click().run()
    assert app.session_state["target"] == "kepsa"
    app.button(key="profile_brief").click().run()
    assert not app.exception, app.exception
    assert app.title[0].value == "Engagement brief"
    assert app.selectbox(key="brief_actor").value == "kepsa"


def test_colour_by_sector_recolours_the_actors_and_the_legend_follows() -> None:
    app = start("sample:kenya_2008_2013")
    by_kind = {node["id"]: node["color"]["background"] for node in drawn(app)}
    act(app, "selectbox", "map_colour_by", "sector")
    data = page_data(app)
    assert data["picture"]["legend"][0]["heading"] == "Sector (fill)"
    sectors = [item["label"] for item in data["picture"]["legend"][0]["items"]]
    assert "telecommunications" in sectors and len(sectors) <= 13  # twelve colours, then "Other"
    by_sector = {node["id"]: node["color"]["background"] for node in data["nodes"]}
    assert by_sector != by_kind and len(set(by_sector.values())) > 4


def test_arranging_in_groups_by_kind_places_each_kind_apart() -> None:
    app = start("sample:kenya_2008_2013")
    act(app, "selectbox", "map_arrange", "kind")
    smap = load_sample("kenya_2008_2013").map
    kind_of = {f"n{i}": actor.kind for i, actor in enumerate(smap.actors)}
    boxes: dict[str, list[float]] = {}
    for node in drawn(app):
        x, y = node["x"], node["y"]
        box = boxes.setdefault(kind_of[node["id"]], [x, y, x, y])
        box[:] = [min(box[0], x), min(box[1], y), max(box[2], x), max(box[3], y)]
    for a, first in boxes.items():
        for b, second in boxes.items():
            apart = first[2] < second[0] or second[2] < first[0] or first[3] < second[1] or second[3] < first[1]
            assert a == b or apart, (a, b)
    assert app.session_state["map_arrange"] == "kind"
