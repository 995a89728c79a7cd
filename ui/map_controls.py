"""The Map page's controls (filters, focus, search, size) and the settings they describe.

Every control keeps its value under a plain session-state key from `ui.state`;
its widget (key "_widget_<key>") is filled from it before being drawn and copies
changes back (`bound`). Streamlit forgets a widget's own value on any run that
does not draw it, but not a plain key: so the settings survive a change of page
and presentation mode hiding the controls, a saved view is shown by writing the
plain keys (`apply_view`), and `current_view` reads them back as a `SavedView`
(with no name) for the page to draw.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace

import streamlit as st

from mapping.analysis.influence import InfluenceOptions
from mapping.model import StakeholderMap
from mapping.render.colours import COLOUR_BYS, colour_by
from mapping.render.palette import kind_label, stance_label
from mapping.render.sizes import SIZE_MEASURES, size_measure
from mapping.schema import CONFIDENCE_LEVELS
from mapping.view import DisplayNames, SavedView, ViewFilter, filter_choices
from ui.coalitions import coalitions_for
from ui.components import ARRANGEMENTS
from ui.state import (
    AS_OF,
    AS_OF_ON,
    MAP_ARRANGE,
    MAP_COALITION,
    MAP_COLOUR_BY,
    MAP_CONTROLS_FOR,
    MAP_FILTER_KEYS,
    MAP_FOCUS,
    MAP_FOCUS_STEPS,
    MAP_HIDE_PEOPLE,
    MAP_KINDS,
    MAP_MIN_CONFIDENCE,
    MAP_PATH,
    MAP_PHASES,
    MAP_PRESENTING,
    MAP_REDACT,
    MAP_REGIONS,
    MAP_RISK_FACTOR,
    MAP_SEARCH,
    MAP_SECTORS,
    MAP_SELECTED,
    MAP_SIZE_BY,
    MAP_STANCES,
    WORKSPACE_SOURCE_PREFIX,
    active_as_of,
    active_source,
)

__all__ = [
    "apply_view",
    "bound",
    "coalition_groups",
    "control_bar",
    "current_view",
    "filter_controls",
    "path_and_coalition_notes",
    "prepare_controls",
    "selection_after",
    "unnamed",
]

_LIST_KEYS = {MAP_KINDS: "kinds", MAP_STANCES: "stances", MAP_PHASES: "phases", MAP_SECTORS: "sectors"}
_LIST_KEYS[MAP_REGIONS] = "regions"


def prepare_controls(smap: StakeholderMap) -> None:
    """Give every control a value for this map; a different map starts from the whole map.

    A workspace stays the same map from version to version (an edit, an actor dragged into
    place, keeps the filters); a sample or an upload is known by its content.
    """
    state = st.session_state
    source = active_source()
    identity = source if source.startswith(WORKSPACE_SOURCE_PREFIX) else smap.content_hash()
    if state.get(MAP_CONTROLS_FOR) != identity:
        for key in MAP_FILTER_KEYS:
            state.pop(key, None)
        state[MAP_PATH] = ()
        state[MAP_COALITION] = None
        state[MAP_CONTROLS_FOR] = identity
    defaults: dict[str, object] = {key: [] for key in _LIST_KEYS}
    defaults |= {
        MAP_PRESENTING: False,
        MAP_REDACT: False,
        MAP_SEARCH: "",
        MAP_FOCUS: "",
        MAP_FOCUS_STEPS: 1,
        MAP_MIN_CONFIDENCE: "low",
        MAP_HIDE_PEOPLE: False,
        MAP_SIZE_BY: SIZE_MEASURES[0].key,
        MAP_RISK_FACTOR: "",
        MAP_COLOUR_BY: COLOUR_BYS[0].key,
        MAP_ARRANGE: "ties",
    }
    for key, value in defaults.items():
        state.setdefault(key, value)


def bound(key: str) -> dict[str, object]:
    """Widget arguments that show, and keep on change, the value stored under the plain key `key`."""
    widget_key = f"_widget_{key}"
    st.session_state[widget_key] = st.session_state[key]
    return {"key": widget_key, "on_change": _copy, "args": (widget_key, key)}


def _copy(widget_key: str, key: str) -> None:
    st.session_state[key] = st.session_state[widget_key]


def control_bar(smap: StakeholderMap, names: DisplayNames) -> None:
    """One row of controls above the map: search, focus, colour, size, then the filters and display options
    in popovers, so the map starts high on the screen (values live in session state)."""
    by_name = sorted(smap.actors, key=lambda a: names.of(a.id).casefold())
    search, focus, colour, size, filters, display = st.columns([3, 3, 2, 2, 1.6, 1.6], vertical_alignment="bottom")
    search.text_input(
        "Find an actor", **bound(MAP_SEARCH), placeholder="Part of a name", help="Selects and zooms to the match."
    )
    focus.selectbox(
        "Focus on",
        ["", *(a.id for a in by_name)],
        format_func=lambda actor_id: names.of(actor_id) if actor_id else "Nobody: the whole map",
        **bound(MAP_FOCUS),
        help="Show only this actor and the actors within a few ties of it (how many: Display).",
    )
    colour.selectbox(
        "Colour by",
        [c.key for c in COLOUR_BYS],
        format_func=lambda key: colour_by(key).label,
        **bound(MAP_COLOUR_BY),
        help="What the fill colour shows; the legend beside the map names every colour.",
    )
    size.selectbox(
        "Size shows",
        [m.key for m in SIZE_MEASURES],
        format_func=lambda key: size_measure(key).label,
        **bound(MAP_SIZE_BY),
        help="See 'How the scores are computed' below the map.",
    )
    active = active_filter_count()
    with filters.popover(f"Filters ({active})" if active else "Filters", width="stretch"):
        filter_controls(smap)
    with display.popover("Display", width="stretch"):
        display_controls()


def active_filter_count() -> int:
    """How many filters narrow the map now (for the Filters button's label)."""
    state = st.session_state
    count = sum(bool(state[key]) for key in _LIST_KEYS)
    count += state[MAP_MIN_CONFIDENCE] != "low"
    count += bool(state[MAP_HIDE_PEOPLE]) + bool(state[MAP_RISK_FACTOR]) + (state.get(MAP_COALITION) is not None)
    return int(count)


def display_controls() -> None:
    """Presentation mode, hiding people's names, the arrangement, and how far the focus reaches."""
    st.toggle("Presentation mode", **bound(MAP_PRESENTING), help="Hide the controls; the map fills the screen.")
    st.selectbox(
        "Arrange actors",
        list(ARRANGEMENTS),
        format_func=ARRANGEMENTS.__getitem__,
        **bound(MAP_ARRANGE),
        help="By their ties: tied actors sit close. In groups: each group in its own box, apart from the others "
        "(Group-in-a-Box); within a box, by their ties. Actors someone dragged stay where they were put.",
    )
    st.toggle(
        "Hide people's names",
        **bound(MAP_REDACT),
        help="Show people by role and organisation only: on the map, in its tooltips, the table and the downloads.",
    )
    st.number_input(
        "Focus steps", min_value=1, max_value=3, help="How many ties out from the focus.", **bound(MAP_FOCUS_STEPS)
    )


def filter_controls(smap: StakeholderMap) -> None:
    """The filters: kinds, stances, phases, sectors, regions, confidence, people, coalition, risk factor."""
    choices = filter_choices(smap)
    labels = {"kinds": kind_label, "stances": stance_label, "phases": str.capitalize}
    for key, name in _LIST_KEYS.items():
        st.multiselect(
            name.capitalize(), choices[name], format_func=labels.get(name, str), **bound(key), placeholder=f"All {name}"
        )
    st.select_slider(
        "Least confidence",
        [t.name for t in CONFIDENCE_LEVELS],
        help="Weaker ties are hidden. The date the map shows is chosen in the sidebar ('As of').",
        **bound(MAP_MIN_CONFIDENCE),
    )
    st.toggle("Hide people", **bound(MAP_HIDE_PEOPLE), help="Show organisations only.")
    coalition_picker(smap)
    st.selectbox(
        "UN Framework risk factor",
        ["", *choices["risk_factors"]],
        format_func=lambda code: code or "Any (no filter)",
        **bound(MAP_RISK_FACTOR),
        help="Show only actors (and the ends of ties) tagged with this factor or indicator in `risk_factors`.",
    )


def coalition_picker(smap: StakeholderMap) -> None:
    """Show only one coalition (signed groups, consensus of seeded runs: see mapping.analysis.coalitions)."""
    coalitions = coalitions_for(smap, InfluenceOptions(as_of=active_as_of()))
    if coalitions is None:
        return
    chosen = st.session_state.get(MAP_COALITION)
    current = next((c.index for c in coalitions if chosen is not None and frozenset(c.members) == chosen), -1)
    widget_key = "_widget_map_coalition_pick"
    st.session_state[widget_key] = current

    def adopt() -> None:
        index = st.session_state[widget_key]
        st.session_state[MAP_COALITION] = frozenset(coalitions[index].members) if index >= 0 else None

    st.selectbox(
        "Show only one coalition",
        [-1, *(c.index for c in coalitions)],
        format_func=lambda i: "Everyone" if i < 0 else coalitions[i].label,
        key=widget_key,
        on_change=adopt,
        help="Groups more tied to each other than to the rest, opposed or rival actors kept apart (signed "
        "community detection, 20 seeded runs and their consensus). The share is how often the runs kept "
        "the group's ties together.",
    )


def coalition_groups(smap: StakeholderMap, view: SavedView, options: InfluenceOptions) -> dict[str, str] | None:
    """Actor id -> its coalition's label, when the view colours or arranges by coalition (else None, nothing
    computed)."""
    if "coalition" not in (view.colour_by, view.arrange):
        return None
    coalitions = coalitions_for(smap, options) or []
    return {member: c.label for c in coalitions for member in c.members}


def selection_after(smap: StakeholderMap, shown: Collection[str], found: Sequence[str]) -> str | None:
    """The selected actor: kept while it is on screen; a new search selects its first match."""
    state = st.session_state
    selected = state.get(MAP_SELECTED)
    selected = selected if selected in shown else None
    search = str(state[MAP_SEARCH])
    if search != state.get(_SEARCH_SELECTED_FOR):
        state[_SEARCH_SELECTED_FOR] = search
        if found:
            selected = found[0]
    state[MAP_SELECTED] = selected
    return selected


_SEARCH_SELECTED_FOR = "_map_search_selected_for"


def current_view(smap: StakeholderMap) -> SavedView:
    """What the controls (and the path and coalition set by other pages) ask to show, as an unnamed view."""
    state = st.session_state
    focus = state[MAP_FOCUS] if state[MAP_FOCUS] in smap else None
    coalition = state.get(MAP_COALITION)
    view_filter = ViewFilter(
        **{name: frozenset(state[key]) for key, name in _LIST_KEYS.items()},
        min_confidence=state[MAP_MIN_CONFIDENCE],
        as_of=active_as_of(),
        hide_people=bool(state[MAP_HIDE_PEOPLE]),
        coalition=frozenset(coalition) if coalition is not None else None,
        focus=focus,
        focus_steps=int(state[MAP_FOCUS_STEPS]),
        risk_factor=state[MAP_RISK_FACTOR] or None,
    )
    path = tuple(actor_id for actor_id in state.get(MAP_PATH, ()) if actor_id in smap)
    look = str(state[MAP_SIZE_BY]), str(state[MAP_COLOUR_BY]), str(state[MAP_ARRANGE])
    return SavedView("", view_filter, str(state[MAP_SEARCH]), path, *look)


def apply_view(view: SavedView) -> None:
    """Set every control to a saved view. Call from a widget callback, before the controls are drawn."""
    state = st.session_state
    f = view.filter
    for key, name in _LIST_KEYS.items():
        state[key] = sorted(getattr(f, name))
    state[MAP_MIN_CONFIDENCE] = f.min_confidence
    state[AS_OF_ON] = f.as_of is not None
    if f.as_of is not None:
        state[AS_OF] = f.as_of
    state[MAP_HIDE_PEOPLE] = f.hide_people
    state[MAP_COALITION] = f.coalition
    state[MAP_FOCUS] = f.focus or ""
    state[MAP_FOCUS_STEPS] = f.focus_steps
    state[MAP_RISK_FACTOR] = f.risk_factor or ""
    state[MAP_SEARCH] = view.search
    state[MAP_PATH] = view.path
    state[MAP_SIZE_BY] = view.size_by or SIZE_MEASURES[0].key
    state[MAP_COLOUR_BY] = view.colour_by or COLOUR_BYS[0].key
    state[MAP_ARRANGE] = view.arrange or "ties"


def unnamed(view: SavedView) -> SavedView:
    """The view without its name, to compare what two views show."""
    return replace(view, name="")


def path_and_coalition_notes(current: SavedView, names: DisplayNames) -> None:
    """Say which path is highlighted and which coalition is shown (set by other pages), with a way back."""
    if current.path:
        note, clear = st.columns([5, 1], vertical_alignment="center")
        note.info("Highlighted path: " + " → ".join(names.of(actor_id) for actor_id in current.path))
        clear.button("Clear the path", key="map_clear_path", on_click=_set, args=(MAP_PATH, ()))
    if current.filter.coalition is not None:
        note, clear = st.columns([5, 1], vertical_alignment="center")
        note.info(f"Showing one coalition of {len(current.filter.coalition)} actors.")
        clear.button("Show everyone", key="map_clear_coalition", on_click=_set, args=(MAP_COALITION, None))


def _set(key: str, value: object) -> None:
    st.session_state[key] = value
