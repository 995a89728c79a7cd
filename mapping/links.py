"""A view of the map as a web address: what a link must hold to reopen exactly what someone saw.

Kumu, Graph Commons and Onodo share a view by its address; so does this tool. A
`MapLink` holds the map (a sample or a workspace, and the version), the date and
phase every page uses, who "we" are and the target the analysis pages work toward,
and the Map page's view: filters, focus, search, route,
selection, colouring, arrangement, presentation and hidden names. `link_params`
writes it as query parameters, leaving out what is at its default so addresses stay
short; `read_link` reads them back, ignoring what it does not understand (an old or
hand-edited address must never break a page).

Actor ids can be people's names, and an address travels in chat messages and
browser histories: actors are written as tokens (`actor_token`, the first 12 hex
digits of the id's SHA-256), resolved against the map when the link is opened
(`MapLink.resolved`). With names hidden, the search text is left out too.
An uploaded map is named by the random token it is kept under (`ui.upload_store`), so a
reload finds it again while the app runs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from mapping.view import SavedView, ViewFilter

__all__ = ["MapLink", "actor_token", "link_params", "read_link"]

_LISTS = {"kinds": "kinds", "stances": "stances", "phases": "phases", "sectors": "sectors", "regions": "regions"}
_CONFIDENCES = ("low", "medium", "high")
_PHASES = ("upstream", "acute", "recovery")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")  # an upload's token (`secrets.token_urlsafe`)


def actor_token(actor_id: str) -> str:
    """The opaque token that stands for an actor in an address.

    >>> actor_token("kepsa")
    'f03daec9edd0'
    """
    return hashlib.sha256(actor_id.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class MapLink:
    """Everything an address says about what to show. `source` is "sample:<key>" or "workspace:<id>"."""

    source: str = ""
    version: int | None = None
    as_of: dt.date | None = None
    phase: str = ""
    view: SavedView = field(default_factory=lambda: SavedView(""))
    selected: str | None = None
    presenting: bool = False
    redact: bool = False
    upload: str = ""
    us: tuple[str, ...] = ()
    target: str = ""

    def resolved(self, actor_ids: Iterable[str]) -> MapLink:
        """The link with actor tokens turned back into the map's ids; tokens the map lacks are dropped."""
        by_token = {actor_token(actor_id): actor_id for actor_id in actor_ids}
        view = self.view
        focus = by_token.get(view.filter.focus or "")
        path = tuple(by_token[t] for t in view.path if t in by_token)
        filters = replace(view.filter, focus=focus)
        return replace(
            self,
            view=replace(view, filter=filters, path=path if len(path) == len(view.path) else ()),
            selected=by_token.get(self.selected or ""),
            us=tuple(by_token[t] for t in self.us if t in by_token),
            target=by_token.get(self.target, ""),
        )


def link_params(link: MapLink) -> dict[str, str | list[str]]:
    """The link as query parameters, defaults left out, actors as tokens; the search left out when names are hidden."""
    f = link.view.filter
    params: dict[str, str | list[str]] = {}
    if link.source:
        params["map"] = link.source
    if link.upload:
        params["upload"] = link.upload
    if link.version is not None:
        params["v"] = str(link.version)
    if link.as_of is not None:
        params["as_of"] = link.as_of.isoformat()
    if link.phase:
        params["phase"] = link.phase
    for key, name in _LISTS.items():
        values = sorted(getattr(f, name))
        if values:
            params[key] = values
    if f.min_confidence != "low":
        params["conf"] = f.min_confidence
    if f.hide_people:
        params["people"] = "hide"
    if f.risk_factor:
        params["rf"] = f.risk_factor
    if f.focus:
        params["focus"] = actor_token(f.focus)
        if f.focus_steps != 1:
            params["steps"] = str(f.focus_steps)
    if link.view.search and not link.redact:
        params["q"] = link.view.search
    if link.view.path:
        params["path"] = [actor_token(a) for a in link.view.path]
    if link.selected:
        params["sel"] = actor_token(link.selected)
    for key, value, default in (
        ("size", link.view.size_by, "influence"),
        ("colour", link.view.colour_by, "kind"),
        ("arrange", link.view.arrange, "ties"),
    ):
        if value and value != default:
            params[key] = value
    if link.us:
        params["us"] = [actor_token(a) for a in link.us]
    if link.target:
        params["target"] = actor_token(link.target)
    if link.presenting:
        params["present"] = "1"
    if link.redact:
        params["redact"] = "1"
    return params


def read_link(params: Mapping[str, Sequence[str]]) -> MapLink:
    """The link that query parameters describe (each key with all its values); anything unreadable is ignored.

    Actor references stay tokens until `MapLink.resolved` is given the map's ids.
    """

    def one(key: str) -> str:
        values = params.get(key) or ()
        return str(values[-1]).strip() if values else ""

    def many(key: str) -> frozenset[str]:
        return frozenset(str(v) for v in params.get(key) or () if str(v).strip())

    source = one("map")
    if not (source.startswith("sample:") or (source.startswith("workspace:") and source[10:].isdigit())):
        source = ""
    version = int(one("v")) if one("v").isdigit() else None
    steps = int(one("steps")) if one("steps") in {"1", "2", "3"} else 1
    filters = ViewFilter(
        **{name: many(key) for key, name in _LISTS.items()},
        min_confidence=one("conf") if one("conf") in _CONFIDENCES else "low",
        as_of=_date(one("as_of")),
        hide_people=one("people") == "hide",
        focus=one("focus") or None,
        focus_steps=steps,
        risk_factor=one("rf") or None,
    )
    view = SavedView(
        "",
        filters,
        one("q"),
        tuple(many_in_order(params.get("path") or ())),
        one("size"),
        one("colour"),
        one("arrange"),
    )
    return MapLink(
        source=source,
        version=version,
        as_of=filters.as_of,
        phase=one("phase") if one("phase") in _PHASES else "",
        view=view,
        selected=one("sel") or None,
        presenting=one("present") == "1",
        redact=one("redact") == "1",
        upload=one("upload") if _TOKEN.fullmatch(one("upload")) else "",
        us=tuple(many_in_order(params.get("us") or ())),
        target=one("target"),
    )


def many_in_order(values: Sequence[str]) -> list[str]:
    """Non-empty values in their order (a route's steps keep theirs)."""
    return [str(v).strip() for v in values if str(v).strip()]


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None
