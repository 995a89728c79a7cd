"""A route drawn as a chain read left to right: us → broker → … → target, each hop with its evidence.

The map shows where a route runs; the chain shows what it rests on. Each actor
is a card (its name and kind, coloured as on the map); each hop between two
cards names the tie's kind, its strength, its confidence, its dates and its
source. A hop resting on a low-confidence or unsourced tie is marked, because
the route is only as good as its least sure hop.

Names and sources come from users: every string is escaped, colours are checked,
and the chain is HTML of ours with no script.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from mapping.analysis.paths import InfluencePath, Step
from mapping.model import StakeholderMap
from mapping.render.palette import KIND_COLOURS, kind_label, relationship_label

__all__ = ["hop_warnings", "route_chain_html"]

NameOf = Callable[[str], str]
SOURCE_CHARS = 60  # the rest of a long source is in the hop's tooltip


def hop_warnings(step: Step) -> list[str]:
    """What makes a hop weak evidence: a low-confidence tie, a tie with no source.

    >>> hop_warnings(Step("b", "B", "dialogue", 0.5, confidence="low"))
    ['low confidence', 'no source']
    """
    warnings = ["low confidence"] if step.confidence == "low" else []
    return warnings + ([] if step.source_ref.strip() else ["no source"])


def route_chain_html(smap: StakeholderMap, path: InfluencePath, name_of: NameOf, scrub: NameOf = str) -> str:
    """The route as a row of actor cards joined by hops, wrapping onto more rows on a narrow screen."""
    parts = [_card(smap, path.origin_id, name_of, first=True)]
    for number, step in enumerate(path.steps, start=1):
        parts.append(_hop(step, number, scrub))
        parts.append(_card(smap, step.actor_id, name_of, last=number == len(path.steps)))
    return (
        '<div class="route-chain" style="display:flex;flex-wrap:wrap;align-items:center;gap:6px 0;'
        'font:15px sans-serif;color:#111">' + "".join(parts) + "</div>"
    )


def _card(smap: StakeholderMap, actor_id: str, name_of: NameOf, first: bool = False, last: bool = False) -> str:
    actor = smap.actor(actor_id) if actor_id in smap else None
    kind = actor.kind if actor is not None else ""
    colour = KIND_COLOURS.get(kind, "#999999")
    role = "us" if first else ("target" if last else "broker")
    return (
        f'<div class="route-actor" data-role="{role}" style="border:2px solid #111;border-radius:6px;'
        f'padding:6px 10px;background:#fff;max-width:16em">'
        f'<div style="font-size:12px;color:#555;text-transform:uppercase">{role}</div>'
        f'<div style="font-weight:bold">{html.escape(name_of(actor_id))}</div>'
        f'<div style="font-size:13px;color:#333"><span style="display:inline-block;width:0.8em;height:0.8em;'
        f'border-radius:50%;background:{colour};margin-right:0.3em"></span>{html.escape(kind_label(kind))}</div>'
        "</div>"
    )


def _hop(step: Step, number: int, scrub: NameOf) -> str:
    warnings = hop_warnings(step)
    details = [f"strength {step.tie_strength:.2f}", f"{step.confidence} confidence"]
    if step.dates():
        details.append(step.dates())
    source = scrub(step.source_ref.strip()) if step.source_ref.strip() else "no source"
    short = source if len(source) <= SOURCE_CHARS else source[: SOURCE_CHARS - 1].rstrip() + "…"
    mark = (
        f'<div class="route-warning" style="color:#A50026;font-weight:bold">⚠ {html.escape(", ".join(warnings))}</div>'
        if warnings
        else ""
    )
    return (
        f'<div class="route-hop" style="display:flex;flex-direction:column;align-items:center;padding:0 8px;'
        f'max-width:14em;text-align:center;font-size:13px;overflow-wrap:anywhere">'
        f"<div><b>{number}. {html.escape(relationship_label(step.tie_kind))}</b></div>"
        f'<div style="font-size:22px;line-height:1">⟶</div>'
        f"<div>{html.escape(', '.join(details))}</div>"
        f'<div style="color:#555" title="{html.escape(source, quote=True)}">Source: {html.escape(short)}</div>'
        f"{mark}</div>"
    )
