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
from mapping.lens.contacts import STATE_KINDS, Introducer, contact_people, introducers, not_a_way_in
from mapping.lens.harms import harms, partisan, political_assets
from mapping.lens.plan import PlanItem
from mapping.markdown import escape_markdown
from mapping.model import Actor, StakeholderMap
from mapping.reference import asks, frameworks, framing
from mapping.render.palette import kind_label
from mapping.schema import normalise_token
from mapping.values import format_number

__all__ = [
    "Brief",
    "Section",
    "brief_html",
    "brief_markdown",
    "build_brief",
    "escape_markdown",
    "strip_internal_references",
    "with_notes",
]

_INTERNAL_REFERENCES = re.compile(
    r"\s*[(\[]?\b(?:see\s+)?(?:FACTS\.md|[\w/.-]*seeds?/[\w./-]+|seed[\s_-]*\d+\w*|\d{3}_[0-9a-f]{8,}\.txt)"
    r"(?:\s*[,;:]?\s*(?:§\s*)?[\w.-]*\d[\w.-]*)?[)\]]?",
    re.IGNORECASE,
)
"""Our working files and labels ("FACTS.md", "Seed 000", "seeds/001_….txt"): never shown in a brief."""


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
    """The brief for one actor (organisation or person) under a ranking question and phase.

    Routes and introducers never pass through an actor we may not engage (armed, opposed, proscribed), and
    respect `options.as_of` (ties and actors in force that day). Internal references are stripped from all text.
    """
    actor = smap.resolve(actor_id)
    network = influence_network(smap, options)
    query = PathQuery(k=3, avoid=not_a_way_in(smap), influence=options)
    paths = strongest_paths_from_any(smap, ranking.us, actor.id, query, network)
    when = f" — as of {options.as_of.isoformat()}" if options.as_of else ""
    contacts = contact_people(smap, actor, leaders)
    found_asks = matching_asks(actor, phase)
    asks_data = any("data" in ask.lower() for ask, _ in found_asks)
    today = dt.date.today()
    sections = (
        _who(smap, actor),
        _whom_to_contact(actor, contacts),
        _how_to_reach(smap, actor, ranking, paths, network, options.as_of),
        _what_to_ask(found_asks),
        _do_no_harm(smap, actor, contacts, phase, asks_data, today),
        _why(smap, actor, ranking, leaders, coalitions, network),
        _framing(actor, phase),
        _plan(smap, actor, plan),
    )
    subtitle = f"{kind_label(actor.kind)}" + (f" — {phase} phase" if phase else "") + when
    brief = Brief(f"Engagement brief: {actor.name}", subtitle, sections, today.isoformat())
    return scrub_brief(brief, strip_internal_references)


def strip_internal_references(text: str) -> str:
    """The text without our working files and labels; real source names and addresses are kept.

    >>> strip_internal_references("Waki report (FACTS.md §3); Seed 000")
    'Waki report'
    """
    cleaned = _INTERNAL_REFERENCES.sub("", text)
    if cleaned == text:
        return text
    cleaned = re.sub(r"\(\s*[,;]?\s*\)|\[\s*\]", "", cleaned)
    cleaned = re.sub(r"\s*([,;])(\s*[,;])+", r"\1", cleaned)
    cleaned = re.sub(r"^\s*[,;:]\s*|\s*[,;:]\s*$", "", cleaned)
    return re.sub(r"\s{2,}", " ", cleaned).strip()


# --- sections -----------------------------------------------------------------------


def _who(smap: StakeholderMap, actor: Actor) -> Section:
    """Who the actor is, in a few dense lines, so that whom to contact stays near the top of the page."""
    parent = smap.actor(actor.parent).name if actor.parent else ""
    kind = kind_label(actor.kind) + (f" ({actor.subtype})" if actor.subtype else "")
    where = ", ".join(p for p in (actor.region, actor.country) if p)
    rated = actor.influence is not None
    influence = f"influence {format_number(actor.influence)}/5" if rated else "influence not rated"
    capabilities = ", ".join(c.replace("_", " ") for c in actor.capabilities)
    bullets = [
        "; ".join(p for p in (kind, actor.sector, where) if p),
        f"Role: {actor.role}" + (f", {parent}" if parent else "") + (f" ({actor.seniority})" if actor.seniority else "")
        if actor.is_person
        else "",
        f"Stance toward prevention: {actor.stance}; {influence}; {_traits(actor)}",
        "; ".join(
            p
            for p in (
                f"Capabilities: {capabilities}" if capabilities else "",
                "can act in: " + ", ".join(actor.phases) if actor.phases else "",
            )
            if p
        ),
        f"Engagement status: {actor.engagement_status.replace('_', ' ')}",
        f"Sources: {actor.source}" if actor.source else "Sources: none given",
        f"Last verified: {actor.last_verified}" if actor.last_verified else "Last verified: unknown",
    ]
    return Section("Who they are", actor.notes, tuple(b for b in bullets if b))


def _whom_to_contact(actor: Actor, contacts: Sequence[Actor]) -> Section:
    if actor.is_person:
        return Section("Whom to contact", f"{actor.name} directly, or through an introducer below.")
    if not contacts:
        return Section(
            "Whom to contact",
            "The map names no one in this organisation: add its leaders (kind person, parent this organisation).",
        )
    return Section("Whom to contact", "In this order (top and senior leaders first):", tuple(map(_contact, contacts)))


def _contact(person: Actor) -> str:
    """'CEO, KEPSA — top; verified 2025-03' with a warning for a CSR appointee."""
    facts = [person.seniority or "", f"verified {person.last_verified}" if person.last_verified else "never verified"]
    line = f"{person.name} — " + "; ".join(f for f in facts if f)
    if person.seniority == "csr":
        line += "; a CSR appointee may lack the authority to commit it: call a top leader too"
    return line


def _traits(actor: Actor) -> str:
    rated = [f"{t} {format_number(getattr(actor, t))}/5" for t in ("integrity", "neutrality") if getattr(actor, t)]
    return "trust: " + (", ".join(rated) if rated else "not rated")


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
    bullets += political_assets(smap, actor) + _bridges(smap, actor, coalitions)
    return Section("Why them", lead, tuple(bullets))


def _bridges(smap: StakeholderMap, actor: Actor, coalitions: Sequence[Coalition]) -> list[str]:
    """The actor's coalition, how stable it is, the coalitions it links to and those its group opposes."""
    own = next((c for c in coalitions if actor.id in c.members), None)
    if own is None:
        return []
    names = {c.index: c.name for c in coalitions}
    bridged = sorted({b.outside_coalition for b in own.bridges if b.inside == actor.id})
    # A coalition is named after its most influential organisation, which leads it rather than belongs to it.
    group = "Leads its own coalition" if own.name == f"{actor.name} group" else f"Coalition: the {own.name}"
    lines = [f"{group} ({len(own.members)} actors, kept together in {own.stability:.0%} of repeated runs)"]
    if bridged:
        lines.append("Bridges to: " + ", ".join(names[i] for i in bridged))
    if own.opposes:
        lines.append("Its coalition has opponents in: " + ", ".join(names[i] for i in own.opposes))
    return lines


def _how_to_reach(
    smap: StakeholderMap,
    actor: Actor,
    ranking: Ranking,
    paths: Sequence[InfluencePath],
    network: InfluenceNetwork,
    as_of: dt.date | None,
) -> Section:
    if not ranking.us:
        return Section("How to reach them", "Choose who 'us' is to see the strongest routes and introducers.")
    day = f" on {as_of.isoformat()}" if as_of else ""
    if not paths:
        lead = f"No positive route from us reaches them{day}: a first contact has to be built."
    else:
        lead = f"Strongest route from us{day}: {_route(smap, paths[0])} ({_evidence(paths[0], as_of)})."
    bullets = _hops(paths[0]) if paths else []
    bullets += [f"Alternative: {_route(smap, p)} ({_evidence(p, as_of)})" for p in paths[1:]]
    bullets += [
        f"Ask for an introduction: {_introducer(smap, i)}" for i in introducers(smap, actor, ranking.us, network)
    ]
    return Section("How to reach them", lead, tuple(bullets))


def _introducer(smap: StakeholderMap, introducer: Introducer) -> str:
    """'Office of the President (Government), route worth 0.08; a state body: ...; partisan: ...'."""
    candidate = smap.actor(introducer.id)
    side = partisan(smap, candidate)
    warnings = [side[0].lower() + side[1:]] if side else []
    if candidate.neutrality is not None and candidate.neutrality <= 2:
        warnings.append(f"neutrality {format_number(candidate.neutrality)}/5")
    if introducer.kind in STATE_KINDS:
        warnings.insert(0, "a state body: weigh how an introduction through it will be seen, and what it may ask")
    text = f"{introducer.name} ({kind_label(introducer.kind)}), route worth {introducer.worth:.2f}"
    return "; ".join([text, *warnings])


def _evidence(path: InfluencePath, as_of: dt.date | None = None) -> str:
    """'strength 0.42; rests on 2 low-confidence ties; in force 2012 to 2013' - what a route rests on, and when.

    Without an "as of" date the route's window (every tie in force) is named, so that a route of one period is
    not taken for another; a route whose ties never held together is marked as mixing periods.
    """
    low = sum(1 for step in path.steps if step.confidence == "low")
    sure = f"rests on {low} low-confidence tie{'s' if low > 1 else ''}" if low else ""
    parts = [f"strength {path.strength:.2f}", sure or f"its weakest tie is of {path.weakest_confidence} confidence"]
    note = path.period_note()
    window = "" if as_of or note else _window(path)
    return "; ".join(p for p in (*parts, note, window) if p)


def _window(path: InfluencePath) -> str:
    """'in force 2012 to 2013', 'in force since 2010' or '' for an undated route: when all its ties held."""
    starts = [step.since for step in path.steps if step.since is not None]
    ends = [step.until for step in path.steps if step.until is not None]
    since = max(starts, key=lambda d: d.start) if starts else None
    until = min(ends, key=lambda d: d.end) if ends else None
    if since and until:
        return f"in force {since} to {until}: set an 'as of' date for another period"
    if until:
        return f"in force until {until}: set an 'as of' date for another period"
    return f"in force since {since}" if since else ""


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


def _what_to_ask(found: Sequence[tuple[str, str]]) -> Section:
    if not found:
        return Section("What to ask", "No ask in the reference table fits; start from their capabilities and sector.")
    return Section("What to ask", "", tuple(f"{ask} (source: {source})" for ask, source in found))


def _do_no_harm(
    smap: StakeholderMap, actor: Actor, contacts: Sequence[Actor], phase: str | None, asks_data: bool, today: dt.date
) -> Section:
    found = harms(smap, actor, contacts, phase, asks_data, today)
    lead = "" if found else "Nothing on the map points to a harm; check the sources before engaging."
    return Section("Do no harm: what could go wrong", lead, tuple(found))


def _framing(actor: Actor, phase: str | None) -> Section:
    table = framing()
    phases = [phase] if phase else list(table)
    bullets = [f"{p.capitalize()}: {table[p][0]}" for p in phases]
    applicable = [f.name for f in frameworks() if "all" in f.applies_to or actor.kind in f.applies_to]
    if applicable:
        bullets.append("Frameworks to name: " + "; ".join(applicable))
    return Section("How to frame it", "", tuple(bullets))


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


def brief_markdown(brief: Brief, title_level: int = 1) -> str:
    """The brief as Markdown, every data string escaped.

    `title_level` is the heading level of the title (sections one below it): 1 for a
    file of its own, 3 on a page that has its own title, so the brief reads as a part of it.
    """
    title, section_mark = "#" * title_level, "#" * (title_level + 1)
    lines = [f"{title} {escape_markdown(brief.title)}", "", f"*{escape_markdown(brief.subtitle)}*", ""]
    for section in brief.sections:
        lines += [f"{section_mark} {escape_markdown(section.heading)}", ""]
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
