"""Actor pickers whose choice survives a change of page.

Streamlit forgets a widget's value when a page that does not show it runs. These
pickers keep the value under a plain session-state key (see `ui.state`) and copy
it into the widget before it is drawn, so "us" and the target chosen on one page
are already chosen on the next.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from mapping.model import StakeholderMap
from ui.components import names_for
from ui.state import TARGET, US, redact_names

__all__ = ["actor_labels", "target_picker", "us_picker"]

_LABELS: dict[tuple[str, bool], dict[str, str]] = {}


def actor_labels(smap: StakeholderMap) -> dict[str, str]:
    """Every actor's picker label, built once per map and redaction setting:
    'Kenya Private Sector Alliance (KEPSA) · association'; people by role when redacting.

    A picker calls its label function once per option on every rerun: thousands
    of calls on a large map, so pass `actor_labels(smap).__getitem__`, a plain
    dictionary lookup (looking up the redaction switch per label cost 0.1 s per
    rerun at 3,000 actors).
    """
    key = (smap.content_hash(), redact_names())
    labels = _LABELS.get(key)
    if labels is None:
        names = names_for(smap)
        labels = {a.id: f"{names.of(a.id)} · {a.kind.replace('_', ' ')}" for a in smap.actors}
        if len(_LABELS) >= 8:
            _LABELS.clear()
        _LABELS[key] = labels
    return labels


def _remembered(key: str, widget_key: str) -> None:
    st.session_state[key] = st.session_state[widget_key]


def us_picker(smap: StakeholderMap, label: str = "Us (our organisation or network)", hint: str = "") -> list[str]:
    """A searchable multi-select of the actors we work for; remembered across pages."""
    widget_key = f"_widget_{US}"
    options = [a.id for a in smap.actors]
    st.session_state[widget_key] = [i for i in st.session_state.get(US, []) if i in smap]
    return st.multiselect(
        label,
        options,
        format_func=actor_labels(smap).__getitem__,
        key=widget_key,
        on_change=_remembered,
        args=(US, widget_key),
        help=hint or "Paths start here and accessibility is measured from here. Type to search.",
    )


def target_picker(
    smap: StakeholderMap, label: str = "Target (the decision-maker to reach)", exclude: Sequence[str] = ()
) -> str | None:
    """A searchable single choice of the actor to reach; remembered across pages."""
    widget_key = f"_widget_{TARGET}"
    options = [a.id for a in smap.actors if a.id not in exclude]
    remembered = st.session_state.get(TARGET)
    st.session_state[widget_key] = remembered if remembered in options else None
    return st.selectbox(
        label,
        options,
        format_func=actor_labels(smap).__getitem__,
        key=widget_key,
        on_change=_remembered,
        args=(TARGET, widget_key),
        placeholder="Type to search for an actor",
    )
