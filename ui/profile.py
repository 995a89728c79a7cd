"""The Map page's profile panel: the clicked actor, its ties, its rank and route from us, and what to do next."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mapping.analysis.influence import InfluenceOptions
from mapping.analysis.paths import PathQuery
from mapping.analysis.ranking import RankingQuery
from mapping.lens.brief import escape_markdown as md
from mapping.model import StakeholderMap
from mapping.profile import extra_fields, profile_fields, tie_rows
from mapping.view import DisplayNames
from ui.analysis import cached_paths, cached_ranking
from ui.pins import session_moves, unpin
from ui.state import MAP_FOCUS, TARGET, US, active_phase

__all__ = ["profile_panel"]


def profile_panel(smap: StakeholderMap, actor_id: str | None, names: DisplayNames, options: InfluenceOptions) -> None:
    """Show the selected actor, or how to select one."""
    if actor_id is None or actor_id not in smap:
        st.info("Click or tap an actor on the map to see who it is, its ties, its rank and how we reach it.")
        return
    actor = smap.actor(actor_id)
    st.subheader(md(names.of(actor_id)))
    _actions(actor_id)
    pinned = actor.pinned is not None or actor_id in session_moves(smap)
    if pinned and st.button("Unpin: let the layout place it", key="profile_unpin", width="stretch"):
        unpin("map", smap, actor_id, names)
        st.rerun()
    us = [u for u in st.session_state.get(US, []) if u in smap]
    _standing(smap, actor_id, names, options, us)
    st.markdown("**Who**")
    st.dataframe(
        pd.DataFrame(profile_fields(smap, actor, names), columns=["field", "value"]), hide_index=True, width="stretch"
    )
    extras = extra_fields(actor, names)
    if extras:
        st.markdown("**From the file** (its own fields, as written)")
        st.dataframe(pd.DataFrame(extras, columns=["field", "value"]), hide_index=True, width="stretch")
    ties = tie_rows(smap, actor_id, names, options.as_of)
    st.markdown(f"**Ties** ({len(ties)})")
    if ties:
        st.dataframe(pd.DataFrame(ties), hide_index=True, width="stretch", height=min(38 + 35 * len(ties), 320))


def _actions(actor_id: str) -> None:
    """Focus on it, open its brief, make it the target, make it us: each one click."""
    focus, brief = st.columns(2)
    focus.button("Focus on it", key="profile_focus", on_click=_set, args=(MAP_FOCUS, actor_id), width="stretch")
    if brief.button("Open its brief", key="profile_brief", width="stretch"):
        st.session_state["brief_actor"] = actor_id
        st.switch_page("views/brief.py")
    target, us = st.columns(2)
    target.button("Make it the target", key="profile_target", on_click=_set, args=(TARGET, actor_id), width="stretch")
    us.button("Make it us", key="profile_us", on_click=_set, args=(US, [actor_id]), width="stretch")


def _set(key: str, value: object) -> None:
    st.session_state[key] = value


def _standing(
    smap: StakeholderMap, actor_id: str, names: DisplayNames, options: InfluenceOptions, us: list[str]
) -> None:
    """Its rank with its reason, or that it is a decision-maker or one of us; and our best route to it."""
    query = RankingQuery(us=tuple(us), influence=options, phase=active_phase())
    ranking = cached_ranking(smap, smap.content_hash(), query)
    channel = ranking.folding.of(actor_id)
    row = ranking.by_id().get(channel)
    if actor_id in us:
        st.caption("One of us.")
    elif row is not None:
        rank = next(i for i, r in enumerate(ranking.actors, start=1) if r.id == channel)
        through = "" if channel == actor_id else f" (through {md(names.of(channel))})"
        st.markdown(f"**Ranked {rank} of {len(ranking.actors)}** to engage{through}: {md(names.scrub(row.reason))}")
    elif any(d.id == actor_id for d in ranking.decision_makers):
        st.markdown("**A decision-maker** (a target), not a channel to engage.")
    if not us:
        st.caption("Choose who we are (the Leaders or Influence paths page, or 'Make it us') to see our route to it.")
        return
    if actor_id in us:
        return
    paths = cached_paths(smap, smap.content_hash(), tuple(us), actor_id, PathQuery(k=1, influence=options))
    if not paths:
        st.caption("No route from us carries influence to it.")
        return
    path = paths[0]
    hops = " → ".join(md(names.of(a)) for a in path.actor_ids)
    st.markdown(f"**Our strongest route** ({path.strength:.2f}, weakest confidence {path.weakest_confidence}): {hops}")
    if path.period_note():
        st.caption(md(names.scrub(path.period_note())))
