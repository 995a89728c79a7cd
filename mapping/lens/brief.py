"""A one-page engagement brief for an actor or a leader, generated from the map and the analysis.

Sections: who they are; why them (score components and reason, convening power,
the coalitions they bridge); how to reach them (strongest paths from us, whom to
ask for an introduction); what to ask (by phase, capabilities, sector and kind,
from `mapping/reference/asks.csv`); how to frame it (`framing.csv`,
`frameworks.csv`); risks of engaging them, flagged plainly; and the engagement
plan's entries for them.

Every string that came from the user's data is escaped for the output format:
Markdown punctuation is backslash-escaped, and HTML is built with `html.escape`,
so a label can never become a link, a heading or a script.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from mapping.analysis.coalitions import Coalition
from mapping.analysis.convening import convening_power
from mapping.analysis.influence import InfluenceNetwork, InfluenceOptions, influence_network
from mapping.analysis.leaders import RankedLeader
from mapping.analysis.paths import InfluencePath, PathQuery, strongest_paths_from_any
from mapping.analysis.ranking import Ranking
from mapping.analysis.reach import accessibility
from mapping.lens.plan import PlanItem, may_engage
from mapping.model import Actor, StakeholderMap
from mapping.reference import asks, frameworks, framing
from mapping.render.palette import kind_label
from mapping.schema import normalise_token
from mapping.values import format_number

__all__ = ["Brief", "Section", "brief_html", "brief_markdown", "build_brief", "escape_markdown", "with_notes"]

STALE_AFTER_DAYS = 365
"""A fact not verified for a year is flagged: maps of a crisis age quickly."""
SENIORITY_ORDER = {"top": 0, "senior": 1, "mid": 2, "csr": 3}
"""Whom to call first: top and senior leaders before staff, and CSR appointees last (they often lack the
authority to move a company, as the policy research warns)."""
STATE_KINDS = ("government", "security")
INTRODUCER_KINDS = {
    "business": ("government", "media", "association"),
    "association": ("government", "business", "international"),
}


@dataclass(frozen=True)
class Section:
    """A heading, an optional lead sentence, and bullet points (all plain text, unescaped)."""

    heading: str
    lead: str = ""
    bullets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Brief:
    """A brief as plain-text sections; `brief_markdown` and `brief_html` render it safely."""

    title: str
    subtitle: str
    sections: tuple[Section, ...]
    generated: str = field(default_factory=lambda: dt.date.today().isoformat())


def with_notes(brief: Brief, notes: str) -> Brief:
    """The brief with our own notes as its last section ("Our notes"), when there are any."""
    lines = [line.strip() for line in notes.splitlines() if line.strip()]
    if not lines:
        return brief
    return replace(brief, sections=(*brief.sections, Section("Our notes", "", tuple(lines))))


def build_brief(
    smap: StakeholderMap,
    actor_id: str,
    ranking: Ranking,
    leaders: Sequence[RankedLeader] = (),
    coalitions: Sequence[Coalition] = (),
    plan: Sequence[PlanItem] = (),
    phase: str | None = None,
    options: InfluenceOptions = InfluenceOptions(),  # noqa: B008 - frozen, safe as a default
) -> Brief:
    """The brief for one actor (organisation or person) under a ranking question and phase."""
    actor = smap.resolve(actor_id)
    network = influence_network(smap, options)
    paths = strongest_paths_from_any(smap, ranking.us, actor.id, PathQuery(k=3, influence=options), network)
    phase_text = f" — {phase} phase" if phase else ""
    contacts = contact_people(smap, actor, leaders)
    sections = (
        _who(smap, actor),
        _whom_to_contact(smap, actor, contacts),
        _why(smap, actor, ranking, leaders, coalitions, network),
        _how_to_reach(smap, actor, ranking, paths, network),
        _what_to_ask(actor, phase),
        _framing(actor, phase),
        _do_no_harm(smap, actor, contacts, phase),
        _plan(smap, actor, plan),
    )
    return Brief(f"Engagement brief: {actor.name}", f"{kind_label(actor.kind)}{phase_text}", sections)


# --- sections -----------------------------------------------------------------------


def _who(smap: StakeholderMap, actor: Actor) -> Section:
    parent = smap.actor(actor.parent).name if actor.parent else ""
    bullets = [
        f"Kind: {kind_label(actor.kind)}" + (f" ({actor.subtype})" if actor.subtype else ""),
        f"Role: {actor.role}" + (f", {parent}" if parent else "") if actor.is_person else "",
        f"Seniority: {actor.seniority}" if actor.seniority else "",
        f"Sector: {actor.sector}" if actor.sector else "",
        "Where: " + ", ".join(p for p in (actor.region, actor.country) if p) if actor.region or actor.country else "",
        f"Stance toward prevention: {actor.stance}",
        _traits(actor),
        f"Influence: {format_number(actor.influence)}/5" if actor.influence is not None else "Influence: not rated",
        "Capabilities: " + ", ".join(c.replace("_", " ") for c in actor.capabilities) if actor.capabilities else "",
        "Can act in: " + ", ".join(actor.phases) if actor.phases else "",
        f"Engagement status: {actor.engagement_status.replace('_', ' ')}",
        f"Sources: {actor.source}" if actor.source else "Sources: none given",
        f"Last verified: {actor.last_verified}" if actor.last_verified else "Last verified: unknown",
    ]
    return Section("Who they are", actor.notes, tuple(b for b in bullets if b))


def contact_people(smap: StakeholderMap, actor: Actor, leaders: Sequence[RankedLeader] = ()) -> list[Actor]:
    """The organisation's people to call, first first: by the Leaders ranking, then seniority (CSR last)."""
    if actor.is_person:
        return [actor]
    rank = {leader.id: leader.rank for leader in leaders}
    people = [a for a in smap.actors if a.is_person and a.parent == actor.id]
    return sorted(
        people,
        key=lambda p: (rank.get(p.id, len(rank) + 1), SENIORITY_ORDER.get(p.seniority or "", 2), p.name),
    )


def _whom_to_contact(smap: StakeholderMap, actor: Actor, contacts: Sequence[Actor]) -> Section:
    if actor.is_person:
        return Section("Whom to contact", f"{actor.name} directly, or through the introducers below.")
    if not contacts:
        return Section(
            "Whom to contact",
            "The map names no one in this organisation: add its leaders (kind person, parent this organisation).",
        )
    bullets = [
        f"{person.name}"
        + (f" — {person.seniority}" if person.seniority else "")
        + (
            ": a CSR appointee may lack the authority to commit it; call a top leader too"
            if person.seniority == "csr"
            else ""
        )
        for person in contacts
    ]
    return Section("Whom to contact", "In this order (top and senior leaders first):", tuple(bullets))


def _traits(actor: Actor) -> str:
    rated = [f"{t} {format_number(getattr(actor, t))}/5" for t in ("integrity", "neutrality") if getattr(actor, t)]
    return "Trust traits: " + (", ".join(rated) if rated else "not rated")


def _why(
    smap: StakeholderMap,
    actor: Actor,
    ranking: Ranking,
    leaders: Sequence[RankedLeader],
    coalitions: Sequence[Coalition],
    network: InfluenceNetwork,
) -> Section:
    rows = ranking.by_id()
    bullets: list[str] = []
    if actor.is_person:
        leader = next((row for row in leaders if row.id == actor.id), None)
        if leader is not None:
            lead = f"Ranked {leader.rank} of {len(leaders)} people (score {leader.score:.2f}): {leader.reason}"
            parts = ", ".join(f"{name} {value:.2f}" for name, value in leader.components.items())
            bullets.append(f"Score parts: {parts}")
        else:
            lead = "Not ranked."
    elif actor.id in rows:
        row = rows[actor.id]
        lead = f"Ranked {row.rank} of {len(ranking.actors)} organisations (score {row.score:.2f}): {row.reason}"
        parts = ", ".join(f"{name} {value:.2f} (x{ranking.weights[name]:g})" for name, value in row.components.items())
        bullets.append(f"Score parts (weight): {parts}")
        bullets += [f"Caveat: {flag}" for flag in row.flags]
    else:
        lead = "Not in the current ranking (it is one of us, or not in the chosen phase)."
    convening = convening_power(smap, network).get(actor.id)
    if convening and convening.reached:
        bullets.append(f"Convening power: {convening.describe()}")
    bullets += _bridges(smap, actor, coalitions)
    return Section("Why them", lead, tuple(bullets))


def _bridges(smap: StakeholderMap, actor: Actor, coalitions: Sequence[Coalition]) -> list[str]:
    """The actor's coalition, how stable it is, the coalitions it links to and those its group opposes."""
    own = next((c for c in coalitions if actor.id in c.members), None)
    if own is None:
        return []
    names = {c.index: c.name for c in coalitions}
    bridged = sorted({b.outside_coalition for b in own.bridges if b.inside == actor.id})
    lines = [
        f"Coalition: the {own.name} ({len(own.members)} actors, kept together in {own.stability:.0%} of "
        "seeded runs of signed community detection)"
    ]
    if bridged:
        lines.append("Bridges to: " + ", ".join(names[i] for i in bridged))
    if own.opposes:
        lines.append("Its coalition has opponents in: " + ", ".join(names[i] for i in own.opposes))
    return lines


def _how_to_reach(
    smap: StakeholderMap, actor: Actor, ranking: Ranking, paths: Sequence[InfluencePath], network: InfluenceNetwork
) -> Section:
    if not ranking.us:
        return Section("How to reach them", "Choose who 'us' is to see the strongest routes and introducers.")
    if not paths:
        lead = "No positive route from us reaches them: a first contact has to be built."
    else:
        lead = f"Strongest route from us: {_route(smap, paths[0])} ({_evidence(paths[0])})."
    bullets = _hops(paths[0]) if paths else []
    bullets += [f"Alternative: {_route(smap, p)} ({_evidence(p)})" for p in paths[1:]]
    bullets += [f"Ask for an introduction: {line}" for line in _introducers(smap, actor, ranking.us, network)]
    return Section("How to reach them", lead, tuple(bullets))


def _evidence(path: InfluencePath) -> str:
    """'strength 0.42; its weakest tie is of low confidence; mixes periods: ...' - what a route rests on."""
    low = sum(1 for step in path.steps if step.confidence == "low")
    sure = f"rests on {low} low-confidence tie{'s' if low > 1 else ''}" if low else ""
    parts = [f"strength {path.strength:.2f}", sure or f"its weakest tie is of {path.weakest_confidence} confidence"]
    note = path.period_note()
    return "; ".join([*parts, note] if note else parts)


def _hops(path: InfluencePath) -> list[str]:
    """The best route's evidence, hop by hop: what each tie is, how strong and sure, when, and on what source.

    A hop on a low-confidence or unsourced tie is marked, since the route is only as sound as it.
    """
    lines = []
    previous = path.origin_name
    for step in path.steps:
        facts = [step.tie_kind.replace("_", " "), f"strength {step.tie_strength:.2f}", f"{step.confidence} confidence"]
        if step.dates():
            facts.append(step.dates())
        facts.append(f"source: {step.source_ref}" if step.source_ref else "no source")
        doubts = [
            d
            for d, weak in (("a low-confidence tie", step.confidence == "low"), ("no source", not step.source_ref))
            if weak
        ]
        check = f" — check it: {' and '.join(doubts)}" if doubts else ""
        lines.append(f"Hop {previous} → {step.actor_name}: " + "; ".join(facts) + check)
        previous = step.actor_name
    return lines


def _route(smap: StakeholderMap, path: InfluencePath) -> str:
    return " → ".join(smap.actor(i).name for i in path.actor_ids)


def _introducers(smap: StakeholderMap, actor: Actor, us: Sequence[str], network: InfluenceNetwork) -> list[str]:
    """Actors tied to the target whom we reach best; preferred kinds first (e.g. officials or media for a company)."""
    if actor.id not in network:
        return []
    access = accessibility(network, us)
    preferred = INTRODUCER_KINDS.get(actor.kind, ())
    candidates = []
    for source in network.predecessors(actor.id):
        if source in us or _own_side(smap, source, actor) or not may_engage(smap.actor(source)):
            continue
        edge = network.edge(source, actor.id)
        strength = access.get(source, 0.0) * (edge.strength if edge else 0.0)
        if strength > 0:
            kind = smap.actor(source).kind
            candidates.append((kind not in preferred, -strength, smap.actor(source).name, source, kind, strength))
    candidates.sort()
    return [
        f"{name} ({kind_label(kind)}), route worth {value:.2f}"
        + ("; a state body: weigh how an introduction through it will be seen" if kind in STATE_KINDS else "")
        for _, _, name, _, kind, value in candidates[:3]
    ]


def _own_side(smap: StakeholderMap, candidate_id: str, actor: Actor) -> bool:
    """Whether the candidate is the actor's own people or unit (its staff cannot introduce us to it)."""
    candidate = smap.actor(candidate_id)
    return candidate_id == actor.id or candidate.parent == actor.id or actor.parent == candidate_id


def matching_asks(actor: Actor, phase: str | None) -> list[tuple[str, str]]:
    """(ask, source) rows of asks.csv that fit the actor and phase, without repeats."""
    sector = normalise_token(actor.sector)
    found = []
    for ask in asks():
        if phase and ask.phase not in ("all", phase):
            continue
        if _ask_fits(ask.match, normalise_token(ask.value), actor, sector):
            found.append((ask.ask, ask.source))
    return list(dict.fromkeys(found))


def _ask_fits(match: str, value: str, actor: Actor, sector: str) -> bool:
    if match == "sector":
        return bool(sector) and value in sector
    if match == "capability":
        return value in actor.capabilities
    if match == "kind":
        return actor.kind == value
    return normalise_token(actor.subtype) == value


def _what_to_ask(actor: Actor, phase: str | None) -> Section:
    found = matching_asks(actor, phase)
    if not found:
        return Section("What to ask", "No ask in the reference table fits; start from their capabilities and sector.")
    return Section("What to ask", "", tuple(f"{ask} (source: {source})" for ask, source in found))


def _framing(actor: Actor, phase: str | None) -> Section:
    table = framing()
    phases = [phase] if phase else list(table)
    bullets = [f"{p.capitalize()}: {table[p][0]}" for p in phases]
    applicable = [f.name for f in frameworks() if "all" in f.applies_to or actor.kind in f.applies_to]
    if applicable:
        bullets.append("Frameworks to name: " + "; ".join(applicable))
    return Section("How to frame it", "", tuple(bullets))


def _do_no_harm(smap: StakeholderMap, actor: Actor, contacts: Sequence[Actor], phase: str | None) -> Section:
    """What could go wrong in engaging them, from the map's own ties and kinds; and what counts in their favour."""
    bullets = [*_opposition(smap, actor), *_force_ties(smap, actor), *_partisan(smap, actor)]
    bullets += _capture(smap, actor, contacts)
    if contacts and phase == "acute":
        bullets.append(
            f"Exposure: a meeting can expose {', '.join(p.name for p in contacts[:3])} in a crisis; keep their "
            "names out of shared notes (people by role) and agree how contact is made"
        )
    if "local_data" in actor.capabilities or any("data" in ask.lower() for ask, _ in matching_asks(actor, phase)):
        bullets.append(
            "Data on communities: before anything is shared, agree privacy, consent, who sees the data and how it "
            "is kept; early-warning data can put people at risk"
        )
    if actor.stance in ("opposed", "sceptical"):
        bullets.append(f"Stance toward prevention is {actor.stance}")
    if actor.neutrality is not None and actor.neutrality <= 2:
        bullets.append(f"Low neutrality ({format_number(actor.neutrality)}/5): may be seen as taking sides")
    if actor.seniority == "csr":
        bullets.append("A CSR appointee may lack the authority to commit the company: seek a top leader too")
    bullets += [f"Enabler of risk factor {code}" for code, role in actor.risk_factors if role == "enabler"]
    bullets += _freshness(actor)
    lead = "" if bullets else "Nothing on the map points to a harm; check the sources before engaging."
    return Section("Do no harm: what could go wrong", lead, tuple(dict.fromkeys(bullets)))


def _others(smap: StakeholderMap, actor: Actor, positive: bool) -> list[tuple[str, Actor]]:
    """(tie kind, the other actor) for the actor's ties of one sign."""
    return [
        (rel.kind.replace("_", " "), smap.actor(rel.target if rel.source == actor.id else rel.source))
        for rel in smap.relationships_of(actor.id)
        if rel.is_positive == positive and rel.source != rel.target
    ]


def _opposition(smap: StakeholderMap, actor: Actor) -> list[str]:
    return [f"Opposition: {kind} tie with {other.name}" for kind, other in _others(smap, actor, positive=False)]


def _force_ties(smap: StakeholderMap, actor: Actor) -> list[str]:
    """Ties to security forces and armed groups: engaging the actor touches them."""
    lines = []
    for kind, other in _others(smap, actor, positive=True):
        if other.kind == "armed_group":
            lines.append(f"Tie to an armed group: {kind} with {other.name}; never a partner or a channel")
        elif other.kind == "security" and actor.kind != "security":
            lines.append(f"Tie to security forces: {kind} with {other.name}; engaging it must not lend them cover")
        elif other.kind == "security":
            lines.append(f"Works with security forces: {kind} with {other.name} (armed escorts, shared operations?)")
    return lines


def _partisan(smap: StakeholderMap, actor: Actor) -> list[str]:
    """Ties to political actors: talks with opposing sides are an asset; ties to one side only, a risk."""
    parties = {other.id: other for _, other in _others(smap, actor, positive=True) if other.kind == "political"}
    if not parties:
        return []
    rivals = any(rel.source in parties and rel.target in parties and not rel.is_positive for rel in smap.relationships)
    names = ", ".join(p.name for p in parties.values())
    if rivals:
        return [f"Asset, not a risk: talks with opposing sides ({names}); keep them even-handed"]
    return [f"Partisan: tied to one side only ({names}); it may be seen as taking sides"]


def _capture(smap: StakeholderMap, actor: Actor, contacts: Sequence[Actor]) -> list[str]:
    """Board seats, memberships or ownership between the actor (or its people) and a body that regulates it."""
    regulators = {
        rel.source for rel in smap.relationships if rel.target == actor.id and rel.kind in ("regulates", "oversees")
    }
    lines = []
    for rel in smap.relationships:
        if rel.target in regulators and rel.source in {actor.id, *(p.id for p in contacts)} and rel.is_positive:
            who, regulator = smap.actor(rel.source).name, smap.actor(rel.target).name
            lines.append(
                f"Regulatory capture: {who} {rel.kind.replace('_', ' ')} {regulator}, which regulates it "
                "(a board seat or membership): engaging it may look like, or be, favour-seeking"
            )
    return lines


def _freshness(actor: Actor) -> list[str]:
    if actor.last_verified is None:
        return ["Freshness: never verified; check the facts before the meeting"]
    age = (dt.date.today() - actor.last_verified.end).days
    if age > STALE_AFTER_DAYS:
        return [f"Freshness: last verified {actor.last_verified}, over a year ago; check the facts before the meeting"]
    return []


def _plan(smap: StakeholderMap, actor: Actor, plan: Sequence[PlanItem]) -> Section:
    items = [item for item in plan if item.target == actor.id]
    if not items:
        return Section("Engagement plan", "No plan entry yet.")
    bullets = [
        f"{item.ask} — owner {item.owner or 'unassigned'}, {item.status}; next: {item.next_step or 'to decide'}"
        + (f" by {item.due}" if item.due else "")
        for item in items
    ]
    return Section("Engagement plan", "", tuple(bullets))


def scrub_brief(brief: Brief, scrub: Callable[[str], str]) -> Brief:
    """The brief with every string passed through `scrub` (e.g. people's names replaced by roles)."""
    sections = tuple(
        Section(scrub(s.heading), scrub(s.lead), tuple(scrub(b) for b in s.bullets)) for s in brief.sections
    )
    return Brief(scrub(brief.title), scrub(brief.subtitle), sections, brief.generated)


# --- rendering ------------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]()#|<>~])")
_MARKDOWN_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")


def escape_markdown(text: str) -> str:
    r"""Backslash-escape Markdown syntax so user text stays text.

    Emphasis, links, images, code, headings, tables and HTML are escaped
    anywhere; list and heading markers only where they would start a line.

    >>> escape_markdown("[click](http://x) *now*, 0.5")
    '\\[click\\]\\(http://x\\) \\*now\\*, 0.5'
    >>> escape_markdown("1. not a list")
    '1\\. not a list'
    """
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("\n", " "))
    match = _MARKDOWN_LINE_START.match(escaped)
    if match and match.group(2).isdigit():
        end = match.end()
        return escaped[:end] + "\\" + escaped[end:]
    if match:
        return escaped[: match.start(2)] + "\\" + escaped[match.start(2) :]
    return escaped


def brief_markdown(brief: Brief) -> str:
    """The brief as Markdown, every data string escaped."""
    lines = [f"# {escape_markdown(brief.title)}", "", f"*{escape_markdown(brief.subtitle)}*", ""]
    for section in brief.sections:
        lines += [f"## {escape_markdown(section.heading)}", ""]
        if section.lead:
            lines += [escape_markdown(section.lead), ""]
        lines += [f"- {escape_markdown(b)}" for b in section.bullets]
        if section.bullets:
            lines.append("")
    lines.append(f"*Generated {brief.generated} from the stakeholder map. Ratings are estimates; check the sources.*")
    return "\n".join(lines) + "\n"


_PRINT_CSS = """
body { font: 11pt/1.4 Georgia, serif; max-width: 48em; margin: 2em auto; color: #111; }
h1 { font-size: 18pt; margin-bottom: 0; } h2 { font-size: 13pt; border-bottom: 1px solid #999; margin-top: 1.2em; }
.subtitle { color: #444; font-style: italic; } li { margin: 0.15em 0; } footer { color: #555; font-size: 9pt; }
@page { margin: 10mm; }
@media print {
  body { font: 8.2pt/1.25 Georgia, serif; max-width: none; margin: 0; columns: 2; column-gap: 6mm; }
  h1 { font-size: 12pt; column-span: all; margin: 0; } .subtitle { column-span: all; margin: 0 0 2mm; }
  h2 { font-size: 8.6pt; margin: 2mm 0 0.6mm; break-after: avoid; } p { margin: 0 0 0.8mm; }
  ul { margin: 0; padding-left: 1em; } li { margin: 0; } footer { font-size: 6.5pt; column-span: all; }
}
"""
"""On screen, one readable column; printed, two columns at a small size, so that an organisation's brief fits
one A4 or Letter page (tested in Chromium)."""


def brief_html(brief: Brief) -> str:
    """The brief as a printable, self-contained HTML page; every data string escaped."""
    esc = html.escape
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{esc(brief.title)}</title><style>{_PRINT_CSS}</style></head><body>",
        f"<h1>{esc(brief.title)}</h1><p class='subtitle'>{esc(brief.subtitle)}</p>",
    ]
    for section in brief.sections:
        parts.append(f"<h2>{esc(section.heading)}</h2>")
        if section.lead:
            parts.append(f"<p>{esc(section.lead)}</p>")
        if section.bullets:
            parts.append("<ul>" + "".join(f"<li>{esc(b)}</li>" for b in section.bullets) + "</ul>")
    parts.append(f"<footer>Generated {esc(brief.generated)} from the stakeholder map. Ratings are estimates.</footer>")
    parts.append("</body></html>")
    return "".join(parts)
