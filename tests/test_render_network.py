"""The map page HTML: offline, safe with hostile data, and drawing what the view asks for."""

from __future__ import annotations

import html as html_lib
import json
import re
from html.parser import HTMLParser

import pytest

from mapping.layout import layout_positions
from mapping.model import Actor, Relationship, StakeholderMap
from mapping.render.map_page import fill_template, page_template, vis_network_files
from mapping.render.network import PRESENTATION_STYLE, NetworkStyle, map_data, network_html
from mapping.render.palette import HIGHLIGHT_COLOUR, PATH_COLOUR, STANCE_STYLES
from mapping.render.sizes import LARGEST_PX, SMALLEST_PX, UNRATED_PX, node_sizes, tie_counts
from mapping.view import ViewFilter, display_names, visible

SCRIPT_LABEL = "<script>window.__xss=1</script>"
IMG_LABEL = '<img src=x onerror="window.__xss=1">'
BREAKOUT_LABEL = "</script><img src=x onerror=alert(1)>"
PLACEHOLDER = re.compile(r"\{\{ ?[a-z_]+ ?\}\}")


def page_data(page: str) -> dict:
    """The page's drawing data: what vis-network and the PNG export read."""
    match = re.search(r'<script type="application/json" id="map-data">(.*?)</script>', page, re.S)
    assert match, "no map data in the page"
    return json.loads(match.group(1))


def drawn(page: str, kind: str) -> list[dict]:
    """The node or edge data that vis-network receives."""
    return page_data(page)[kind]


class Elements(HTMLParser):
    """The elements a browser would see: start tags, and the text of each <script> (raw text, as browsers read it)."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None


def outside_scripts(page: str) -> str:
    """The page with every <script> element's content removed: what the browser parses as HTML."""
    return re.sub(r"<script\b[^>]*>.*?</script>", "<script></script>", page, flags=re.S | re.I)


def draw(smap: StakeholderMap, **kwargs: object) -> str:
    return network_html(smap, layout_positions(smap), **kwargs)


@pytest.fixture
def hostile_map() -> StakeholderMap:
    actors = [
        Actor("s", SCRIPT_LABEL, "business", stance="champion", notes="see href=javascript:alert(1)"),
        Actor("i", IMG_LABEL, "association", stance="opposed", source="<b>bold</b> &amp;"),
        Actor("h", "Visit href://example", "media", role="</script><script>window.__xss=1</script>"),
    ]
    ties = [Relationship("s", "i", "funds", 0.6, notes=IMG_LABEL), Relationship("i", "h", "opposes", 0.5, sign="-")]
    return StakeholderMap(actors, ties, title="hostile")


# --- offline ------------------------------------------------------------------------------


@pytest.mark.parametrize("style", [NetworkStyle(), PRESENTATION_STYLE])
def test_the_page_references_no_external_host(kenya_map: StakeholderMap, style: NetworkStyle) -> None:
    page = draw(kenya_map, style=style, title="Kenya")
    assert not re.findall(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.findall(r"""@import|url\(\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert "vis.Network" in page and "cdnjs.cloudflare" not in page and "cdn.jsdelivr" not in page


SVG_NAMESPACE = '"http://www.w3.org/2000/svg"'


def test_the_page_names_no_other_host_outside_the_inlined_vis_network(kenya_map: StakeholderMap) -> None:
    page = draw(kenya_map, style=PRESENTATION_STYLE, title="Kenya", caption="all actors", highlight={"kepsa"})
    ours = page
    for library in vis_network_files():  # its licence header names its authors' sites; nothing loads them
        text = library.read_text(encoding="utf-8")
        assert page.count(text) == 1  # inlined, not linked
        ours = ours.replace(text, "")
    assert len(ours) < len(page) // 2
    # The SVG namespace names the SVG language (the picture export); it is an identifier, never loaded.
    assert ours.count(SVG_NAMESPACE) == 1
    ours = ours.replace(SVG_NAMESPACE, "")
    assert not re.findall(r"https?:|//[a-z0-9.-]+\.[a-z]{2,}", ours, re.I)


def test_physics_is_off_and_actors_stay_where_the_layout_put_them(small_map: StakeholderMap) -> None:
    positions = layout_positions(small_map)
    whole = network_html(small_map, positions)
    part = network_html(small_map, positions, visible={"umbrella", "chamber", "ministry"})
    assert page_data(whole)["options"]["physics"] == {"enabled": False}
    assert all(node["physics"] is False for node in drawn(whole, "nodes"))
    by_label = {node["label"]: (node["x"], node["y"]) for node in drawn(whole, "nodes")}
    for node in drawn(part, "nodes"):
        assert (node["x"], node["y"]) == by_label[node["label"]]
    assert len(drawn(part, "nodes")) == 3


# --- hostile data -------------------------------------------------------------------------


def test_hostile_labels_reach_the_page_only_as_escaped_json(hostile_map: StakeholderMap) -> None:
    style = NetworkStyle(max_label_chars=100)
    page = draw(hostile_map, style=style, title=SCRIPT_LABEL, caption=IMG_LABEL, size_label="<i>size</i>")
    for payload in (SCRIPT_LABEL, IMG_LABEL, "<b>bold</b>", "<script>window.__xss", "<i>size</i>"):
        assert payload not in page
    html_part = outside_scripts(page)
    assert "<img" not in html_part.lower() and 'onerror="' not in html_part
    assert html_lib.escape(SCRIPT_LABEL) in html_part  # the title, escaped
    assert {node["label"] for node in drawn(page, "nodes")} >= {SCRIPT_LABEL, IMG_LABEL}
    assert page_data(page)["title"] == SCRIPT_LABEL


def test_a_label_that_closes_the_script_stays_text_in_the_data(hostile_map: StakeholderMap) -> None:
    actors = [Actor("b", BREAKOUT_LABEL, "business", notes=BREAKOUT_LABEL), Actor("o", "Other", "media")]
    smap = StakeholderMap(actors, [Relationship("b", "o", "funds", 0.5, notes=BREAKOUT_LABEL)], title="t")
    page = draw(smap, style=NetworkStyle(max_label_chars=100), title=BREAKOUT_LABEL, caption=BREAKOUT_LABEL)
    elements = Elements(page)
    assert "img" not in elements.tags  # the browser never sees the label as markup
    data = [text for attrs, text in elements.scripts if attrs.get("id") == "map-data"]
    assert len(data) == 1 and "</script" not in data[0].lower()
    parsed = json.loads(data[0])  # the element holds the whole JSON: it was not cut short
    assert parsed["nodes"][0]["label"] == BREAKOUT_LABEL and parsed["title"] == BREAKOUT_LABEL
    assert parsed["nodes"][0]["title"].endswith(f"Notes: {BREAKOUT_LABEL}")
    assert parsed["edges"][0]["title"].endswith(f"Notes: {BREAKOUT_LABEL}")
    assert len(elements.scripts) == len(Elements(draw(hostile_map)).scripts)  # no element added or cut


def test_tooltips_keep_the_users_words_and_the_page_has_no_html_popup(hostile_map: StakeholderMap) -> None:
    page = draw(hostile_map)
    titles = [item["title"] for kind in ("nodes", "edges") for item in drawn(page, kind)]
    assert "Notes: see href=javascript:alert(1)" in titles[0].split("\n")  # as written: vis-network shows text
    assert "innerHTML" not in page.replace(vis_network_files()[0].read_text(encoding="utf-8"), "")
    assert "popup" not in page_template().lower()


def test_every_placeholder_of_the_template_is_filled(small_map: StakeholderMap) -> None:
    placeholders = set(PLACEHOLDER.findall(page_template()))
    assert {"{{ map_data }}", "{{ vis_network_js }}", "{{ legend }}", "{{ heading }}"} <= placeholders
    for style in (NetworkStyle(), NetworkStyle(export_button=False)):
        for title in ("", "Day 1"):
            page = draw(small_map, style=style, title=title)
            assert not PLACEHOLDER.search(page), PLACEHOLDER.search(page)


def test_text_that_looks_like_a_placeholder_stays_text() -> None:
    smap = StakeholderMap([Actor("a", "{{ legend }}", "business", notes="{{ map_data }}")], [], title="t")
    page = draw(smap, title="{{ map_data }}", caption="{{ vis_network_js }}")
    assert page.count('id="map-legend"') == 1 and page.count('id="map-data"') == 1
    assert drawn(page, "nodes")[0]["label"] == "{{ legend }}"
    assert '<b>{{ map_data }}</b> <span style="color:#555">· {{ vis_network_js }}</span>' in page


@pytest.mark.parametrize(
    "values",
    [{"a": "1"}, {"a": "1", "b": "2", "c": "3"}],
    ids=["a placeholder left unfilled", "a value with no placeholder"],
)
def test_filling_the_template_refuses_values_that_do_not_match_its_placeholders(values: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="placeholders"):
        fill_template("{{ a }} and {{ b }}", values)


def test_tooltips_are_plain_text_lines_wrapped_for_reading(kenya_map: StakeholderMap) -> None:
    node = next(n for n in drawn(draw(kenya_map), "nodes") if n["title"].startswith("Kenya Private Sector Alliance"))
    assert node["label"] == "KEPSA"  # the map shows the short label, the tooltip the whole name
    lines = node["title"].split("\n")
    assert lines[0] == "Kenya Private Sector Alliance (KEPSA)"
    assert "Stance: Champion" in lines and max(len(line) for line in lines) <= 82


# --- encodings ----------------------------------------------------------------------------


@pytest.mark.parametrize("stance", list(STANCE_STYLES))
def test_stance_is_the_border(stance: str) -> None:
    smap = StakeholderMap([Actor("a", "A", "business", stance=stance)], [])
    node = drawn(draw(smap), "nodes")[0]
    look = STANCE_STYLES[stance]
    assert node["color"]["border"] == look.colour and node["borderWidth"] == look.width
    assert node["shapeProperties"]["borderDashes"] == (list(look.dashes) or False)


def test_champions_and_opponents_differ_without_colour() -> None:
    champion, opposed = STANCE_STYLES["champion"], STANCE_STYLES["opposed"]
    assert champion.width >= 5 and opposed.width >= 5
    assert not champion.dashes and opposed.dashes


def test_the_legend_names_kinds_stances_and_ties_on_screen(small_map: StakeholderMap) -> None:
    page = draw(small_map, sizes=tie_counts(small_map), size_label="Number of ties")
    legend = re.search(r'<details id="map-legend".*?</details>', page, re.S).group(0)
    for text in (
        "Business association",
        "Person",
        "Champion",
        "Sceptical",
        "Member of",
        "Rivals",
        "Size: Number of ties",
    ):
        assert text in legend
    assert "Negative tie" in legend and "Opposed" not in legend  # no opposed actor on this map
    headings = [section["heading"] for section in page_data(page)["legend"]]
    assert headings == ["Actor kind (fill)", "Stance (border)", "Tie kind (colour)", "Reading the map"]


def test_ties_are_coloured_by_kind_sized_by_strength_and_dashed_when_negative(small_map: StakeholderMap) -> None:
    edges = {edge["id"]: edge for edge in drawn(draw(small_map), "edges")}
    rivals = edges["e6"]
    assert rivals["dashes"] is True and rivals["width"] == pytest.approx(1 + 5 * 0.9)
    assert edges["e0"]["dashes"] is False and edges["e0"]["color"]["color"] != rivals["color"]["color"]
    assert edges["e0"]["arrows"] == "to, from"  # member_of is mutual by default


def test_node_ids_are_opaque(small_map: StakeholderMap) -> None:
    nodes = drawn(draw(small_map), "nodes")
    assert [node["id"] for node in nodes] == [f"n{i}" for i in range(len(small_map))]


def test_sizes_follow_any_measure_passed_in(small_map: StakeholderMap) -> None:
    counts = tie_counts(small_map)
    assert counts["umbrella"] == 5 and counts["csr"] == 1
    nodes = {node["label"]: node for node in drawn(draw(small_map, sizes={"umbrella": 4.0, "ngo": 1.0}), "nodes")}
    assert nodes["Umbrella Business Alliance"]["size"] == LARGEST_PX
    assert nodes["Peace NGO"]["size"] == pytest.approx(SMALLEST_PX + (LARGEST_PX - SMALLEST_PX) / 4)
    assert nodes["National Bank"]["size"] == UNRATED_PX
    assert "Size shows: 1" not in nodes["Peace NGO"]["title"]


def test_default_size_is_influence_from_zero_to_five(small_map: StakeholderMap) -> None:
    nodes = {node["label"]: node["size"] for node in drawn(draw(small_map), "nodes")}
    assert nodes["Umbrella Business Alliance"] == LARGEST_PX  # influence 5
    assert nodes["Peace NGO"] == pytest.approx(SMALLEST_PX + (LARGEST_PX - SMALLEST_PX) * 2 / 5)


def test_sizes_do_not_depend_on_which_actors_are_shown() -> None:
    values = {"a": 1.0, "b": 4.0}
    assert node_sizes(values, ["a"]) == {"a": node_sizes(values, ["a", "b"])["a"]}
    assert node_sizes({"a": 0.0}, ["a"]) == {"a": SMALLEST_PX}


def test_only_the_given_ties_are_drawn_and_only_between_drawn_actors(small_map: StakeholderMap) -> None:
    view = visible(small_map, ViewFilter(min_confidence="high", kinds=frozenset({"association", "business"})))
    page = draw(small_map, visible=view.actors, relationships=view.relationships)
    assert sorted(edge["id"] for edge in drawn(page, "edges")) == ["e0", "e1"]
    page = draw(small_map, visible={"umbrella", "chamber"}, relationships={0, 3})
    assert [edge["id"] for edge in drawn(page, "edges")] == ["e0"]


def test_a_highlighted_path_is_dark_thick_and_numbered_while_other_ties_fade(small_map: StakeholderMap) -> None:
    page = draw(small_map, path=["chamber", "umbrella", "party_a"])
    edges = {edge["id"]: edge for edge in drawn(page, "edges")}
    assert page_data(page)["steps"] == [{"from": "n1", "to": "n0", "step": 1}, {"from": "n0", "to": "n5", "step": 2}]
    assert edges["e0"]["color"]["color"] == PATH_COLOUR and edges["e0"]["width"] == 8
    assert all(edge["color"]["opacity"] == 0.25 for key, edge in edges.items() if key not in {"e0", "e4"})
    glowing = {node["label"] for node in drawn(page, "nodes") if node.get("shadow")}
    assert glowing == {"Chamber of Commerce", "Umbrella Business Alliance", "Party A"}
    assert "Highlighted path" in page


def test_highlighted_actors_glow(small_map: StakeholderMap) -> None:
    nodes = drawn(draw(small_map, highlight={"bank"}), "nodes")
    assert [node["label"] for node in nodes if node.get("shadow")] == ["National Bank"]
    assert nodes[3]["shadow"]["color"] == HIGHLIGHT_COLOUR
    assert all(edge["color"]["opacity"] == 1.0 for edge in drawn(draw(small_map), "edges"))


# --- redaction ----------------------------------------------------------------------------


def test_redaction_removes_every_persons_name_from_the_page() -> None:
    actors = [
        Actor("kepsa", "Kenya Private Sector Alliance", "association", notes="Jane Wanjiru chairs it."),
        Actor("Jane Wanjiru", "Jane Wanjiru", "person", parent="kepsa", role="Chair", seniority="top"),
        Actor("otieno", "Peter Otieno", "person", parent="kepsa", source="Interview with Peter Otieno"),
    ]
    ties = [Relationship("otieno", "Jane Wanjiru", "advises", 0.5, notes="Peter Otieno briefs Jane Wanjiru.")]
    smap = StakeholderMap(actors, ties, title="named")
    names = display_names(smap, redact=True)
    page = draw(smap, names=names, highlight={"Jane Wanjiru"}, path=["otieno", "Jane Wanjiru"], title="named")
    for word in ("Jane", "Wanjiru", "Peter", "Otieno"):
        assert word.lower() not in page.lower()
    titles = [node["title"].split("\n")[0] for node in drawn(page, "nodes")]
    assert titles == [
        "Kenya Private Sector Alliance",
        "Chair, Kenya Private Sector Alliance",
        "Person at Kenya Private Sector Alliance",
    ]
    assert "Jane" in draw(smap)  # without redaction the names are there


def test_redaction_on_the_kenya_map_names_every_person_by_role(kenya_map: StakeholderMap) -> None:
    names = display_names(kenya_map, redact=True)
    page = draw(kenya_map, names=names, style=NetworkStyle(max_label_chars=200))
    for node, actor in zip(drawn(page, "nodes"), kenya_map.actors, strict=True):
        assert node["label"] == names.short(actor.id)
        assert node["title"].startswith(names.of(actor.id))  # the tooltip gives the whole name
        if actor.is_person:
            assert node["label"].startswith(actor.role or "Person")


# --- the page around the drawing ----------------------------------------------------------


def test_the_page_has_a_title_a_png_button_and_its_script(small_map: StakeholderMap) -> None:
    page = draw(small_map, title="Day 1: the umbrella", caption="10 of 10 actors")
    assert 'id="map-title"' in page and "Day 1: the umbrella" in page and 'id="save-png"' in page
    assert "toDataURL" in page and page_data(page)["filename"] == "day_1_the_umbrella.png"
    bare = draw(small_map, style=NetworkStyle(export_button=False))
    assert 'id="save-png"' not in bare and 'id="map-title"' not in bare


def test_presentation_style_uses_large_labels_and_a_tall_canvas(small_map: StakeholderMap) -> None:
    page = draw(small_map, style=PRESENTATION_STYLE)
    assert page_data(page)["options"]["nodes"]["font"]["size"] == 22 and "height: 820px" in page
    assert page_data(page)["label_px"] == 22
    assert PRESENTATION_STYLE.frame_height_px > PRESENTATION_STYLE.height_px


def test_the_page_draws_from_the_same_data_the_builders_return(small_map: StakeholderMap) -> None:
    positions = layout_positions(small_map)
    view = {"highlight": {"bank"}, "path": ["chamber", "umbrella"], "title": "Day 1", "caption": "all"}
    data = map_data(small_map, positions, PRESENTATION_STYLE, **view)
    assert page_data(network_html(small_map, positions, PRESENTATION_STYLE, **view)) == data
    assert json.loads(json.dumps(data)) == data  # plain JSON values, ready for another front end
