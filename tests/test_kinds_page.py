"""The Data page's "their types -> our kinds" tables: shown for another tool's types, and read again with them."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.test_app import open_data_page, start, uploader
from ui.kind_choices import NO_KIND, _kind_choices

PAYPAL = Path(__file__).parent / "data" / "real" / "kumu" / "paypal-mafia.xlsx"


def upload_workbook(app: AppTest) -> AppTest:
    uploader(app).set_value([(PAYPAL.name, PAYPAL.read_bytes(), "application/octet-stream")])
    app.run()
    assert not app.exception, app.exception
    return app


def test_kumus_own_types_are_listed_with_what_they_became_and_can_be_read_again() -> None:
    app = upload_workbook(open_data_page(start()))
    assert app.success and "34 actors" in app.success[0].value
    assert [s.value for s in app.subheader if "our kinds" in s.value] == ["Their types → our kinds"]
    [ties] = [d.value for d in app.dataframe if "Their type" in d.value.columns]
    assert ties.set_index("Their type")["Our kind"].to_dict() == {"Employee/Founder": "leads", "Investor": "owns"}
    button = next(b for b in app.button if b.label == "Read the files again with these kinds")
    button.click()
    app.run()
    assert not app.exception, app.exception
    result = app.session_state["upload_result"]
    assert result.ok and {m.how for m in result.kinds if m.role == "relationships"} == {"chosen"}
    assert app.session_state["upload_round"] == 2  # read again and loaded: the uploader stays empty


def test_the_tables_become_the_users_kinds_and_the_no_kind_row_the_default() -> None:
    choices = _kind_choices(
        {"actors": {NO_KIND: "person", "Investor": "business"}, "relationships": {"Employee/Founder": "leads"}}
    )
    assert (choices.default_actor, choices.default_tie) == ("person", "linked")
    assert dict(choices.actors) == {"Investor": "business"} and dict(choices.ties) == {"Employee/Founder": "leads"}


def test_an_actors_own_fields_from_another_tool_show_in_its_profile() -> None:
    from tests.test_map_page import act

    airports = Path(__file__).parent / "data" / "real" / "gephi" / "US Airports.gexf"
    app = open_data_page(start())
    uploader(app).set_value([(airports.name, airports.read_bytes(), "application/octet-stream")])
    app.run()
    assert app.success and "235 actors" in app.success[0].value
    app.switch_page("views/map.py").run()
    act(app, "text_input", "map_search", "Adams Field")
    extras = next(d.value for d in app.dataframe if "field" in d.value.columns and "Code" in set(d.value["field"]))
    assert extras.set_index("field")["value"].to_dict()["City"] == "Little Rock, AR"


def test_every_page_works_on_a_gephi_file_with_no_kinds_at_all() -> None:
    gexf = Path(__file__).parent / "data" / "real" / "gephi" / "Les Miserables.gexf"
    app = open_data_page(start())
    uploader(app).set_value([(gexf.name, gexf.read_bytes(), "application/octet-stream")])
    app.run()
    assert app.success and "77 actors" in app.success[0].value
    pages = sorted(Path(__file__).parent.parent.joinpath("views").glob("*.py"))
    for page in pages:
        app.switch_page(f"views/{page.name}").run()
        assert not app.exception, (page.name, app.exception)
