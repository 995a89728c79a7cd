"""Map: the landscape at fixed positions, narrowed by filters and focus, presented like slides in a workshop."""

import pandas as pd
import streamlit as st

from mapping.analysis.influence import InfluenceOptions
from mapping.lens.brief import escape_markdown as md
from mapping.render.map_page import legend_strip
from mapping.render.network import PRESENTATION_STYLE, NetworkStyle, file_stem
from mapping.render.sizes import size_measure
from mapping.view import describe_view, display_names, limit_detail, search_actors, visible, visible_actor_rows
from ui.components import hide_page_chrome, size_values, view_data, view_html
from ui.help import formulas_expander
from ui.links import apply_link_view, page_link, write_link
from ui.map_component import actor_of_node, drawing_key, interactive_map
from ui.map_controls import (
    apply_view,
    bound,
    coalition_groups,
    control_bar,
    current_view,
    path_and_coalition_notes,
    prepare_controls,
    selection_after,
)
from ui.pins import keep_moves, session_moves
from ui.profile import profile_panel
from ui.slides import active_view, save_pending_views, save_view_controls, saved_views, slide_controls
from ui.state import MAP_PRESENTING, MAP_REDACT, MAP_SELECTED, active_map
from ui.workspace import show_notice

PAGE = "map"
DETAIL_FROM = 400  # above this many actors on screen, the user chooses how many to draw
MIN_MAP_HEIGHT = 360  # the map fills the window below its top edge, but never less than this

smap = active_map()
prepare_controls(smap)
apply_link_view(smap, apply_view)
save_pending_views(PAGE, smap)  # a saved or deleted view: into the workspace's next version, or the session
presenting = st.session_state[MAP_PRESENTING]
names = display_names(smap, st.session_state[MAP_REDACT])

show_notice(PAGE)
if presenting:
    hide_page_chrome()
else:
    st.html("<style>[data-testid='stMainBlockContainer'] {padding-top: 3rem}</style>")
    control_bar(smap, names)

current = current_view(smap)
if saved_views(smap):
    slide_controls(smap, current)
if presenting:
    st.toggle("Presentation mode", **bound(MAP_PRESENTING), help="Switch off to see the controls again.")
path_and_coalition_notes(current, names)

view = visible(smap, current.filter)
found = search_actors(smap, current.search, names)
if len(view.actors) > DETAIL_FROM:
    measure = size_measure(current.size_by)
    top_n = st.slider(
        f"Actors drawn (largest {measure.label.lower()} first)",
        50,
        min(len(view.actors), 3000),
        300,
        50,
        key="map_detail",
        help="Large maps are drawn in part; focus on an actor or search to bring others in.",
    )
    view, hidden = limit_detail(view, size_values(smap, current.size_by), top_n, [*found, *current.path])
    st.caption(f"{hidden} of {hidden + len(view.actors)} actors are hidden at this level of detail.")
if current.search and not found:
    st.warning(f"No actor's name contains “{current.search}”. Try part of a name, or clear the search.")
slide = active_view(smap, current)
title = names.scrub(smap.title + (f": {saved_views(smap)[slide].name}" if slide is not None else ""))
style = PRESENTATION_STYLE if presenting else NetworkStyle(height_px=620)  # the height of the downloaded page
drawn = dict(
    redact=names.redact,
    size_by=current.size_by,
    style=style,
    highlight=[*found, *([current.filter.focus] if current.filter.focus else [])],
    path=current.path,
    colour_by=current.colour_by,
    arrange=current.arrange,
    groups=coalition_groups(smap, current, InfluenceOptions(as_of=current.filter.as_of)),
    moved=session_moves(smap),
)
caption = describe_view(smap, current.filter, view, names)
with st.spinner("Drawing the map…"):
    data = view_data(smap, view.actors, view.relationships, title=title, caption=caption, **drawn)
st.markdown(f"**{md(title)}** · {md(caption)}")
node_of = {a.id: f"n{i}" for i, a in enumerate(smap.actors)}
selected = selection_after(smap, view.actors, found)
write_link(page_link(current, selected))
fit = [node_of[a] for a in (current.path or found or ([current.filter.focus] if current.filter.focus else []))]
map_column, side_column = st.columns([3, 2] if not presenting else [3, 1])
with map_column:
    events = interactive_map(
        data,
        height_px=MIN_MAP_HEIGHT,
        selected_node=node_of.get(selected) if selected else None,
        fit_nodes=fit,
        drawing_key=drawing_key(smap.content_hash(), view.actors, current.path, current.filter.focus, found)
        + current.arrange,
        pinning=True,
    )
actor_ids = [a.id for a in smap.actors]
if events.clicked is not None:  # a click since the last run: select what was clicked (nothing, for the background)
    selected = actor_of_node(actor_ids, events.clicked)
    st.session_state[MAP_SELECTED] = selected
moves = {actor_of_node(actor_ids, node): place for node, place in events.moved.items()}
keep_moves(PAGE, smap, {actor: place for actor, place in moves.items() if actor is not None}, names)
with side_column:
    if not presenting:
        profile_panel(smap, selected, names, InfluenceOptions(as_of=current.filter.as_of))
    st.html(legend_strip(data["legend"], 18 if presenting else 14, vertical=True))  # larger for the room

if not presenting:
    html = view_html(smap, view.actors, view.relationships, title=title, caption=caption, **drawn)
    download, note = st.columns([1, 3], vertical_alignment="center")
    download.download_button(
        "Download this view (HTML)",
        html,
        file_name=f"{file_stem(title)}.html",
        mime="text/html",
        help="One file with the map, its legend and title; opens in any browser, offline.",
    )
    note.caption("For a picture, use **Save PNG** at the top right of the map: it saves the map, title and legend.")
    st.markdown(
        "**Reading the map.** Colour is what *Colour by* names, the **border** the stance (thick solid: champion, "
        "thick dashed: opposed), **size** the measure you choose. Filters hide actors and never move the others. "
        "Click an actor to see its profile; labels of smaller actors appear as you zoom in or point at them. "
        "Drag an actor to pin it there: in a workspace the place is saved as a new version."
    )
    formulas_expander()
    st.subheader("Saved views")
    st.caption("Save what is on screen under a name, then step through the views with Previous and Next.")
    save_view_controls(smap, current)
    measure = size_measure(current.size_by)
    with st.expander(f"The {len(view.actors)} actors in this view"):
        rows = visible_actor_rows(smap, view, names, (measure.label, size_values(smap, current.size_by)))
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
