"""An uploaded map that outlives a reload: kept in the server's memory under a random token in the address.

A Streamlit session ends when the browser reloads, and with it an upload that is not
in a workspace. So an upload that loads gets a token (128 random bits, unguessable);
the address carries it (`?upload=...`), and a reload, or the same address in another
tab, finds the map again. It lasts while the app runs: a restart, or 32 newer uploads,
forget it; the Data page says so and offers to save it as a workspace. With sign-in
configured a token only opens the upload for the person who made it.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from dataclasses import dataclass

import streamlit as st

from mapping.model import StakeholderMap

__all__ = ["KEPT_UPLOADS", "find_upload", "keep_upload"]

KEPT_UPLOADS = 32


@dataclass(frozen=True)
class _Kept:
    owner: str | None
    smap: StakeholderMap


@st.cache_resource(show_spinner=False)
def _kept() -> OrderedDict[str, _Kept]:
    """The uploads kept for their sessions, oldest first (one per app process; at the UI boundary)."""
    return OrderedDict()


def keep_upload(smap: StakeholderMap, owner: str | None) -> str:
    """Keep the map under a new token; the oldest beyond `KEPT_UPLOADS` are forgotten. Returns the token."""
    kept = _kept()
    token = secrets.token_urlsafe(16)
    kept[token] = _Kept(owner, smap)
    while len(kept) > KEPT_UPLOADS:
        kept.popitem(last=False)
    return token


def find_upload(token: str, owner: str | None) -> StakeholderMap | None:
    """The map kept under the token for this person, or None (unknown, forgotten, or someone else's)."""
    found = _kept().get(token)
    if found is None or found.owner != owner:
        return None
    return found.smap
