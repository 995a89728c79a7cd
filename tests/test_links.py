"""Links: the address holds the map and the view, so a reload or a colleague's browser reopens the same view."""

from __future__ import annotations

import datetime as dt
import json

from streamlit.testing.v1 import AppTest

from mapping.links import MapLink, actor_token, link_params, read_link
from mapping.model import StakeholderMap
from mapping.samples import load_sample
from mapping.store import WorkspaceService
from mapping.view import SavedView, ViewFilter
from tests.conftest import SMALL_ACTORS, SMALL_RELATIONSHIPS
from tests.test_map_page import APP, MAP_PAGE, TIMEOUT, act, drawn, start, widget
from tests.test_workspace_pages import service  # noqa: F401 - a fixture: a fresh database per test

KENYA = "sample:kenya_2008_2013"


def as_query(params: dict[str, str | list[str]]) -> dict[str, list[str]]:
    return {key: value if isinstance(value, list) else [value] for key, value in params.items()}


def test_a_link_round_trips_and_names_actors_only_by_token() -> None:
    view = SavedView(
        "",
        ViewFilter(kinds=frozenset({"association"}), min_confidence="medium", focus="kepsa", focus_steps=2),
        "bank",
        ("uwiano", "ncic", "kepsa"),
        "ties",
        "sector",
        "kind",
    )
    link = MapLink("workspace:3", 7, dt.date(2008, 2, 1), "acute", view, "kam", True, us=("uwiano",), target="odm")
    params = link_params(link)
    assert "kepsa" not in json.dumps(params) and params["focus"] == actor_token("kepsa")
    back = read_link(as_query(params)).resolved(["uwiano", "ncic", "kepsa", "kam", "odm", "other"])
    assert back.us == ("uwiano",) and back.target == "odm"
    assert back.view.filter.focus == "kepsa" and back.view.path == ("uwiano", "ncic", "kepsa")
    assert back.selected == "kam" and back.version == 7 and back.as_of == dt.date(2008, 2, 1)
    assert back.view.filter.kinds == {"association"} and back.view.colour_by == "sector" and back.presenting


def test_hidden_names_leave_the_search_out_and_odd_addresses_are_ignored() -> None:
    params = link_params(MapLink(KENYA, view=SavedView("", search="Amina Wanjiru"), redact=True))
    assert "q" not in params and params["redact"] == "1"
    odd = read_link({"map": ["javascript:alert(1)"], "v": ["x"], "conf": ["extreme"], "as_of": ["2008-13-45"]})
    assert odd.source == "" and odd.version is None and odd.view.filter.min_confidence == "low" and odd.as_of is None


def test_a_fresh_session_opened_on_the_address_shows_the_same_view() -> None:
    app = start(KENYA)
    act(app, "multiselect", "map_kinds", ["association", "business", "person"])
    act(app, "selectbox", "map_focus", "kepsa")
    act(app, "selectbox", "map_colour_by", "sector")
    app.session_state["map_selected"] = "kam"
    app.session_state["map_path"] = ("chair_kepsa", "kepsa", "kam")
    app.run()
    address = {key: app.query_params[key] for key in app.query_params}
    shown = sorted(node["id"] for node in drawn(app))
    assert "kepsa" not in json.dumps(address)  # actors travel as tokens

    colleague = AppTest.from_file(APP, default_timeout=TIMEOUT)
    colleague.switch_page(MAP_PAGE)  # the address is the Map page's, opened in a new browser
    for key, value in address.items():
        colleague.query_params[key] = value
    colleague.run()
    assert not colleague.exception, colleague.exception
    assert widget(colleague, "multiselect", "map_kinds").value == ["association", "business", "person"]
    assert colleague.session_state["map_focus"] == "kepsa" and colleague.session_state["map_selected"] == "kam"
    assert colleague.session_state["map_path"] == ("chair_kepsa", "kepsa", "kam")
    assert sorted(node["id"] for node in drawn(colleague)) == shown
    data = json.loads(colleague.get("bidi_component")[0].proto.json)
    assert data["picture"]["legend"][0]["heading"] == "Sector (fill)" and data["selected"]
    assert [step["step"] for step in data["steps"]] == [1, 2]


def test_a_link_to_another_sample_opens_that_sample_on_every_page() -> None:
    app = AppTest.from_file(APP, default_timeout=TIMEOUT)
    app.query_params["map"] = "sample:kenya_private_security_2023"
    app.query_params["phase"] = "acute"
    app.run()
    assert not app.exception
    assert app.session_state["active_map_source"] == "sample:kenya_private_security_2023"
    assert app.session_state["phase"] == "acute"
    title = load_sample("kenya_private_security_2023").map.title
    assert app.subheader[0].value == title


def test_a_link_to_a_workspace_the_reader_may_not_open_shows_nothing_of_it(
    service: WorkspaceService,  # noqa: F811 - the fixture imported above
    small_map: StakeholderMap,
) -> None:
    owner = service.for_user("amina")
    workspace = owner.create("Amina's private map", small_map, author="Amina")
    reader = AppTest.from_file(APP, default_timeout=TIMEOUT)
    reader.session_state["signed_in_user"] = "carol"
    reader.switch_page(MAP_PAGE)
    reader.query_params["map"] = f"workspace:{workspace.id}"
    reader.query_params["sel"] = actor_token("umbrella")
    reader.run()
    assert not reader.exception, reader.exception
    assert any("cannot open here" in w.value for w in reader.warning)
    shown = json.dumps(json.loads(reader.get("bidi_component")[0].proto.json))
    kenya = json.dumps([a.name for a in load_sample("kenya_2008_2013").map.actors])
    private = [actor.name for actor in small_map.actors if actor.name not in kenya]
    assert private and not any(name in shown for name in private)  # none of its actors reach the page
    assert reader.session_state["active_map_source"] == f"workspace:{workspace.id}"  # asked for, not shown
    assert len(drawn(reader)) == len(load_sample("kenya_2008_2013").map)


def upload_small_map(app: AppTest) -> None:
    """Open the Data page and upload the small map's two CSV files."""
    app.switch_page("views/data.py")
    app.run()
    files = [("actors.csv", SMALL_ACTORS, "text/csv"), ("relationships.csv", SMALL_RELATIONSHIPS, "text/csv")]
    app.file_uploader(key="upload_files").set_value([(name, text.encode(), kind) for name, text, kind in files])
    app.run()


def test_an_upload_survives_a_reload_through_its_token_and_only_for_its_owner() -> None:
    app = AppTest.from_file(APP, default_timeout=TIMEOUT)
    upload_small_map(app)
    assert not app.exception, app.exception
    token = app.query_params["upload"]
    assert token and app.session_state["active_map_source"] == "upload"

    reloaded = AppTest.from_file(APP, default_timeout=TIMEOUT)  # a reload is a new session on the same address
    reloaded.query_params["upload"] = token
    reloaded.run()
    assert not reloaded.exception, reloaded.exception
    assert reloaded.session_state["active_map_source"] == "upload"
    assert reloaded.session_state["uploaded_map"].content_hash() == app.session_state["uploaded_map"].content_hash()

    stranger = AppTest.from_file(APP, default_timeout=TIMEOUT)
    stranger.session_state["signed_in_user"] = "someone else"
    stranger.query_params["upload"] = token
    stranger.run()
    assert "uploaded_map" not in stranger.session_state and any("no longer kept" in w.value for w in stranger.warning)


def test_an_upload_is_saved_as_a_workspace_in_one_click(service: WorkspaceService) -> None:  # noqa: F811
    app = AppTest.from_file(APP, default_timeout=TIMEOUT)
    app.session_state["author_name"] = "Amina"
    upload_small_map(app)
    assert any("kept while the app runs" in i.value for i in app.info)
    app.text_input(key="upload_workspace_name").set_value("Nairobi roundtable").run()
    app.button(key="upload_save_workspace").click().run()
    assert not app.exception, app.exception
    assert any("Created 'Nairobi roundtable'" in s.value for s in app.success)
    saved, uploaded = service.export("Nairobi roundtable"), app.session_state["uploaded_map"]
    assert [a.id for a in saved.actors] == [a.id for a in uploaded.actors] and len(uploaded) == 10
    assert saved.relationships == uploaded.relationships
    assert not any(h.value.startswith("Bring your map into") for h in app.header)  # it already is the workspace


def test_the_analysis_pages_reopen_with_the_same_us_and_target() -> None:
    app = AppTest.from_file(APP, default_timeout=TIMEOUT)
    app.session_state["us"] = ["uwiano"]
    app.session_state["target"] = "odm"
    app.switch_page("views/paths.py")
    app.run()
    address = {key: app.query_params[key] for key in app.query_params}
    assert "odm" not in json.dumps(address) and address["target"] == actor_token("odm")

    colleague = AppTest.from_file(APP, default_timeout=TIMEOUT)
    colleague.switch_page("views/paths.py")
    for key, value in address.items():
        colleague.query_params[key] = value
    colleague.run()
    assert not colleague.exception, colleague.exception
    assert colleague.session_state["us"] == ["uwiano"] and colleague.session_state["target"] == "odm"
    assert any(md.value.startswith("The strongest route") for md in colleague.markdown)
