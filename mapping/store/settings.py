"""What a user sets up on a workspace besides the map, stored and versioned with it.

A workshop's saved views (the slides it steps through), its engagement plan, who "we"
are, the target and the R2P status belong to the workspace, not to one browser session: they are saved
in each version's content (`content["settings"]`, beside the two tables), so history,
undo and restore cover them, and every member sees the same slides. A map edit carries
the settings of the version it started from; a settings change saves a new version
with the same tables (`WorkspaceService.save_settings`).

Stored as plain JSON; reading is lenient (a field it does not understand is left out,
never an error), so a version written by a later release still opens.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from mapping.lens.plan import PLAN_COLUMNS, PLAN_STATUSES, PlanItem
from mapping.view import SavedView, ViewFilter

__all__ = ["WorkspaceSettings", "settings_changes", "view_from_json", "view_to_json"]


@dataclass(frozen=True)
class WorkspaceSettings:
    """Saved views in slide order, "us", the target, the R2P status and the engagement plan of a version."""

    views: tuple[SavedView, ...] = field(default=())
    us: tuple[str, ...] = ()
    target: str = ""
    r2p: tuple[tuple[str, str, str], ...] = ()  # (country, R2P Monitor status, issue), per country
    plan: tuple[PlanItem, ...] = ()
    brief_notes: tuple[tuple[str, str], ...] = ()  # (actor id, our notes for its brief)

    def notes_on(self, actor_id: str) -> str:
        """Our notes for the actor's brief, or ""."""
        return next((text for who, text in self.brief_notes if who == actor_id), "")

    def with_notes(self, actor_id: str, text: str) -> WorkspaceSettings:
        """The settings with the actor's brief notes replaced (removed when `text` is blank)."""
        kept = tuple(entry for entry in self.brief_notes if entry[0] != actor_id)
        return replace(self, brief_notes=(*kept, (actor_id, text.strip())) if text.strip() else kept)

    def to_json(self) -> dict[str, Any]:
        return {
            "views": [view_to_json(view) for view in self.views],
            "us": list(self.us),
            "target": self.target,
            "r2p": [list(entry) for entry in self.r2p],
            "plan": [asdict(item) for item in self.plan],
            "brief_notes": [list(entry) for entry in self.brief_notes],
        }

    @classmethod
    def from_json(cls, data: object) -> WorkspaceSettings:
        """The settings stored in a version; empty for a version saved before settings existed."""
        if not isinstance(data, Mapping):
            return cls()
        views = tuple(v for v in (view_from_json(item) for item in _list(data.get("views"))) if v is not None)
        us = tuple(str(u) for u in _list(data.get("us")) if isinstance(u, str))
        plan = tuple(item for item in (_plan_item(entry) for entry in _list(data.get("plan"))) if item is not None)
        r2p = tuple(
            (_text(e[0]), _text(e[1]), _text(e[2]))
            for e in _list(data.get("r2p"))
            if isinstance(e, list) and len(e) == 3 and _text(e[1])
        )
        notes = tuple(
            (_text(e[0]), _text(e[1])) for e in _list(data.get("brief_notes")) if isinstance(e, list) and len(e) == 2
        )
        return cls(views, us, _text(data.get("target")), r2p, plan, tuple(n for n in notes if all(n)))


def view_to_json(view: SavedView) -> dict[str, Any]:
    """A saved view as JSON: the filter's sets as sorted lists, its date as ISO text."""
    f = view.filter
    return {
        "name": view.name,
        "filter": {
            "kinds": sorted(f.kinds),
            "sectors": sorted(f.sectors),
            "regions": sorted(f.regions),
            "phases": sorted(f.phases),
            "stances": sorted(f.stances),
            "min_confidence": f.min_confidence,
            "as_of": f.as_of.isoformat() if f.as_of else None,
            "hide_people": f.hide_people,
            "coalition": sorted(f.coalition) if f.coalition is not None else None,
            "focus": f.focus,
            "focus_steps": f.focus_steps,
            "risk_factor": f.risk_factor,
        },
        "search": view.search,
        "path": list(view.path),
        "size_by": view.size_by,
        "colour_by": view.colour_by,
        "arrange": view.arrange,
    }


def view_from_json(data: object) -> SavedView | None:
    """A saved view from JSON, or None if it is not one (a hand-edited or damaged entry is skipped)."""
    if not isinstance(data, Mapping) or not _text(data.get("name")):
        return None
    raw = data.get("filter") if isinstance(data.get("filter"), Mapping) else {}
    assert isinstance(raw, Mapping)
    coalition = raw.get("coalition")
    steps = raw.get("focus_steps")
    filters = ViewFilter(
        kinds=_set(raw.get("kinds")),
        sectors=_set(raw.get("sectors")),
        regions=_set(raw.get("regions")),
        phases=_set(raw.get("phases")),
        stances=_set(raw.get("stances")),
        min_confidence=_text(raw.get("min_confidence")) or "low",
        as_of=_date(raw.get("as_of")),
        hide_people=raw.get("hide_people") is True,
        coalition=_set(coalition) if isinstance(coalition, list) else None,
        focus=_text(raw.get("focus")) or None,
        focus_steps=steps if isinstance(steps, int) and 1 <= steps <= 3 else 1,
        risk_factor=_text(raw.get("risk_factor")) or None,
    )
    path = tuple(str(p) for p in _list(data.get("path")) if isinstance(p, str))
    return SavedView(
        _text(data.get("name")),
        filters,
        _text(data.get("search")),
        path,
        _text(data.get("size_by")),
        _text(data.get("colour_by")),
        _text(data.get("arrange")),
    )


def settings_changes(before: WorkspaceSettings, after: WorkspaceSettings) -> list[str]:
    """What changed between two versions' settings, in words, for the History page.

    >>> settings_changes(WorkspaceSettings(), WorkspaceSettings(views=(SavedView("Day 1"),), target="odm"))
    ["Saved view 'Day 1' added", 'Target: (none) -> odm']
    """
    changes = []
    names_before = [v.name for v in before.views]
    names_after = [v.name for v in after.views]
    by_name = {v.name: v for v in before.views}
    changes += [f"Saved view '{name}' added" for name in names_after if name not in names_before]
    changes += [f"Saved view '{name}' removed" for name in names_before if name not in names_after]
    changes += [f"Saved view '{v.name}' changed" for v in after.views if v.name in by_name and by_name[v.name] != v]
    kept = [name for name in names_after if name in names_before]
    if kept != [name for name in names_before if name in names_after]:
        changes.append("Saved views reordered")
    noted = {who for who, _ in before.brief_notes} ^ {who for who, _ in after.brief_notes}
    noted |= {w for w, t in after.brief_notes if before.notes_on(w) not in ("", t)}
    if noted:  # counted, not named: actor ids can be people's names
        changes.append(f"Notes changed on {len(noted)} brief{'s' if len(noted) != 1 else ''}")
    if before.plan != after.plan:
        changes.append(f"Engagement plan: {len(before.plan)} -> {len(after.plan)} rows")
    for label, old, new in (
        ("Us", ", ".join(before.us), ", ".join(after.us)),
        ("Target", before.target, after.target),
        ("R2P status", _r2p_words(before.r2p), _r2p_words(after.r2p)),
    ):
        if old != new:
            changes.append(f"{label}: {old or '(none)'} -> {new or '(none)'}")
    return changes


def _r2p_words(entries: Sequence[tuple[str, str, str]]) -> str:
    return "; ".join(
        f"{country or 'the map'}: {status}" + (f" ({issue})" if issue else "") for country, status, issue in entries
    )


def _plan_item(data: object) -> PlanItem | None:
    """A plan row from JSON, or None without a target and an ask (the two columns a row needs)."""
    if not isinstance(data, Mapping):
        return None
    values = {name: _text(data.get(name)) for name in PLAN_COLUMNS}
    if not (values["target"] and values["ask"]):
        return None
    if values["status"] not in PLAN_STATUSES:
        values["status"] = "planned"
    return PlanItem(**{name: value for name, value in values.items() if value or name in ("target", "ask")})


def _list(value: object) -> Sequence[object]:
    return value if isinstance(value, list) else []


def _set(value: object) -> frozenset[str]:
    return frozenset(str(v) for v in _list(value) if isinstance(v, str))


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
