"""The data contract: what a stakeholder map may contain, declared as data.

Every vocabulary the tool knows (actor kinds, relationship kinds, stances, phases,
the columns of each table and their aliases) lives here once. Validation
(`mapping.validate`), the data dictionary (`mapping.dictionary`), templates and the
pages all read these tables, so a change here changes the whole program.

Values and headers are matched after `normalise_token`: lower case, with spaces,
hyphens and underscores treated alike, so "Business Association",
"business-association" and "business_association" are the same word.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = [
    "ACTOR_COLUMNS",
    "ACTOR_KINDS",
    "BUSINESS_SUBTYPES",
    "CAPABILITIES",
    "CONFIDENCE_LEVELS",
    "DEFAULT_CONFIDENCE",
    "DEFAULT_ENGAGEMENT_STATUS",
    "DEFAULT_STANCE",
    "DIRECTIONS",
    "ENGAGEMENT_STATUSES",
    "IMPLIED_TIE_RULES",
    "PHASES",
    "RELATIONSHIP_COLUMNS",
    "RELATIONSHIP_KINDS",
    "RISK_FACTOR_COUNT",
    "RISK_ROLES",
    "SENIORITY_LEVELS",
    "SIGNS",
    "STANCES",
    "ActorKind",
    "Column",
    "RelationshipKind",
    "Term",
    "back_strength",
    "normalise_token",
]


@lru_cache(maxsize=65536)
def normalise_token(text: str) -> str:
    """Fold a header or value to its comparison form.

    Lower case, accents removed, apostrophes dropped, and runs of spaces, hyphens,
    underscores, dots and slashes collapsed to one underscore: spreadsheets written
    by hand spell the same word many ways. Cached: a big table repeats the same
    few values hundreds of thousands of times.

    >>> normalise_token("  Business-Association ")
    'business_association'
    >>> normalise_token("Employers' Organisation")
    'employers_organisation'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = ascii_text.strip().lower().replace("'", "").replace("\u2019", "")
    return re.sub(r"[\s\-_./]+", "_", folded).strip("_")


@dataclass(frozen=True)
class Term:
    """One allowed value of a closed vocabulary, with the spellings users write for it."""

    name: str
    label: str
    description: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActorKind(Term):
    """An actor kind. An alias may also imply a subtype ("Multinational" is a business)."""

    subtype_aliases: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RelationshipKind(Term):
    """A relationship kind and the defaults used when a row leaves them blank.

    `default_strength` is how strongly the source can move the target through a tie
    of this kind, on the same 0-1 scale as Kumu's Strength. `back_ratio` says how
    strongly the target moves the source back, as a multiple of the tie's strength
    (0 for a one-way kind; see `back_strength` for the whole rule). `rationale` says
    in one line why the defaults are what they are. These are documented starting
    points for a workshop, not measurements: rate each tie where you can.
    """

    default_strength: float = 0.5
    back_ratio: float = 0.0
    rationale: str = ""
    sign: str = "+"
    source_hint: str = ""
    target_hint: str = ""

    @property
    def default_direction(self) -> str:
        """`mutual` when influence runs back by default (a back ratio above 0), else `directed`."""
        return "mutual" if self.back_ratio > 0 else "directed"

    def default_back(self, strength: float) -> float:
        """The back strength of a tie of this kind whose row leaves `direction` and `strength_back` blank.

        min(1, strength x back_ratio), rounded to 6 decimals so that 0.4 x 1.75 reads 0.7.

        >>> RelationshipKind("part_of", "Part of", "", default_strength=0.4, back_ratio=1.75).default_back(0.4)
        0.7
        """
        return round(min(1.0, strength * self.back_ratio), 6)


# --- Actors -------------------------------------------------------------------------

ACTOR_KINDS: tuple[ActorKind, ...] = (
    ActorKind(
        "business",
        "Business",
        "A company or enterprise: local, national, multinational, parastatal or informal.",
        (
            "company",
            "companies",
            "firm",
            "corporation",
            "corporate",
            "enterprise",
            "private company",
            "private sector",
            "sme",
            "bank",
            "legal entity",
        ),
        subtype_aliases=(
            ("multinational", "multinational"),
            ("multinational company", "multinational"),
            ("mnc", "multinational"),
            ("parastatal", "parastatal"),
            ("state owned enterprise", "parastatal"),
            ("soe", "parastatal"),
            ("informal business", "informal"),
            ("informal sector", "informal"),
            ("local business", "local"),
            ("national company", "national"),
        ),
    ),
    ActorKind(
        "association",
        "Business association",
        "A business association, chamber, umbrella body, federation or sector group.",
        (
            "business association",
            "trade association",
            "industry association",
            "chamber",
            "chamber of commerce",
            "umbrella body",
            "apex body",
            "federation",
            "sector group",
            "employers organisation",
            "employers organization",
            "business council",
            "business alliance",
        ),
    ),
    ActorKind(
        "government",
        "Government",
        "A ministry, agency, commission, parliament, county or other public body.",
        (
            "ministry",
            "government agency",
            "state agency",
            "public body",
            "publicbody",
            "state",
            "commission",
            "parliament",
            "county government",
            "presidency",
            "regulator",
        ),
    ),
    ActorKind(
        "security",
        "Security actor",
        "Police, military, intelligence, private security companies and their regulators.",
        (
            "police",
            "military",
            "army",
            "armed forces",
            "private security company",
            "psc",
            "security agency",
            "security forces",
            "intelligence",
        ),
    ),
    ActorKind(
        "political",
        "Political actor",
        "A political party, coalition or a politician's organisation.",
        ("political party", "party", "coalition", "politician", "political coalition"),
    ),
    ActorKind(
        "civil_society",
        "Civil society",
        "An NGO, community organisation, trade union, think tank or residents' association.",
        (
            "ngo",
            "ngos",
            "cso",
            "civil society organisation",
            "civil society organization",
            "community based organisation",
            "cbo",
            "trade union",
            "union",
            "think tank",
            "residents association",
            "human rights organisation",
            "academia",
        ),
    ),
    ActorKind(
        "faith",
        "Faith group",
        "A religious body, council or faith-based organisation.",
        (
            "religious",
            "religious body",
            "church",
            "mosque",
            "faith based organisation",
            "faith based organization",
            "fbo",
            "interfaith",
            "religious leaders",
        ),
    ),
    ActorKind(
        "media",
        "Media",
        "A media house, newspaper, broadcaster, radio station or online outlet.",
        ("newspaper", "broadcaster", "radio", "tv", "television", "press", "media house"),
    ),
    ActorKind(
        "international",
        "International body",
        "A UN body, donor, international financial institution, embassy or regional body.",
        (
            "un",
            "united nations",
            "donor",
            "embassy",
            "ifi",
            "igo",
            "international organisation",
            "international organization",
            "multilateral",
            "development partner",
            "regional organisation",
            "regional organization",
        ),
    ),
    ActorKind(
        "prevention_network",
        "Prevention network",
        "A national mechanism, regional or global network, or focal-point network "
        "for atrocity prevention, early warning or peace.",
        (
            "prevention network",
            "atrocity prevention network",
            "national mechanism",
            "early warning network",
            "peace network",
            "focal point network",
            "peace committee",
        ),
    ),
    ActorKind(
        "armed_group",
        "Armed group",
        "A militia, gang or other non-state armed group.",
        ("militia", "armed group", "gang", "rebel group", "non state armed group", "nsag"),
    ),
    ActorKind(
        "person",
        "Person",
        "An individual leader, named by role where naming them could endanger them.",
        ("individual", "people", "leader", "individuals"),
    ),
    ActorKind(
        "other",
        "Other (not yet classified)",
        "An actor whose kind is not set yet, as other tools' files often leave it: the default on import. "
        "Give it a kind so the lens and the rankings can weigh it.",
        ("unclassified", "not classified", "unknown kind", "other actor", "not set"),
    ),
)

BUSINESS_SUBTYPES: tuple[Term, ...] = (
    Term("local", "Local", "A small or medium business rooted in one locality."),
    Term("national", "National", "A company operating across the country, owned at home."),
    Term(
        "multinational",
        "Multinational",
        "A company with operations or owners in several countries.",
        ("mnc", "international", "transnational"),
    ),
    Term(
        "parastatal",
        "Parastatal",
        "A state-owned or state-controlled enterprise.",
        ("state owned", "soe", "state owned enterprise"),
    ),
    Term(
        "informal",
        "Informal",
        "Traders, transporters and other unregistered businesses.",
        ("informal sector", "jua kali"),
    ),
)

SENIORITY_LEVELS: tuple[Term, ...] = (
    Term(
        "top",
        "Top",
        "Head of the organisation: chair, CEO, minister, secretary-general.",
        ("head", "chair", "ceo", "executive"),
    ),
    Term(
        "senior",
        "Senior",
        "Board member, director or senior manager.",
        ("director", "board", "board member", "senior manager"),
    ),
    Term("mid", "Middle", "Middle management or staff.", ("middle", "manager", "staff")),
    Term(
        "csr",
        "CSR",
        "A corporate social responsibility or sustainability appointee: often without "
        "the authority to move the company.",
        ("corporate social responsibility", "sustainability"),
    ),
)

STANCES: tuple[Term, ...] = (
    Term("champion", "Champion", "Leads or publicly drives prevention work.", ("leader", "driver")),
    Term("supportive", "Supportive", "Supports prevention when asked.", ("support", "supporter", "positive", "ally")),
    Term("neutral", "Neutral", "Neither for nor against.", ("indifferent",)),
    Term(
        "sceptical",
        "Sceptical",
        "Doubts that prevention is their business.",
        ("skeptical", "sceptic", "skeptic", "doubtful"),
    ),
    Term(
        "opposed",
        "Opposed",
        "Works against prevention or benefits from violence.",
        ("against", "hostile", "negative", "spoiler"),
    ),
    Term("unknown", "Unknown", "Not yet assessed.", ("not known", "n/a", "na", "tbd", "?")),
)
DEFAULT_STANCE = "unknown"

PHASES: tuple[Term, ...] = (
    Term(
        "upstream",
        "Upstream",
        "Structural prevention long before violence: inequality, exclusion, elections.",
        ("prevention", "structural", "early", "long term"),
    ),
    Term(
        "acute",
        "Acute",
        "Violence imminent or under way: cessation and protection.",
        ("crisis", "midstream", "response", "cessation", "during"),
    ),
    Term(
        "recovery",
        "Recovery",
        "After violence: reconciliation, rebuilding and non-recurrence.",
        ("post conflict", "downstream", "reconstruction", "rebuilding", "after"),
    ),
)
ALL_PHASES_ALIASES = ("all", "all phases", "any")

CAPABILITIES: tuple[Term, ...] = (
    Term("convening", "Convening", "Can bring other actors to one table.", ("convener", "convene")),
    Term(
        "private_diplomacy",
        "Private diplomacy",
        "Quiet access to leaders of the parties.",
        ("back channel", "diplomacy", "shuttle diplomacy"),
    ),
    Term(
        "peace_messaging",
        "Peace messaging",
        "Can carry peace messages to the public.",
        ("messaging", "peace messages", "campaigns"),
    ),
    Term(
        "content_moderation",
        "Content moderation",
        "Can filter or remove hate speech on its platforms.",
        ("moderation", "sms filtering"),
    ),
    Term("logistics", "Logistics", "Transport, fleets, warehouses, relief delivery.", ("transport", "fleet")),
    Term(
        "local_data",
        "Local data",
        "Data on local conditions: sales, movement, prices, incidents.",
        ("data", "information"),
    ),
    Term("funding", "Funding", "Can fund prevention or recovery work.", ("finance", "money", "grants")),
    Term("employment", "Employment", "A large or diverse workforce; hiring across groups.", ("jobs", "workforce")),
    Term("supply_chain", "Supply chain", "Leverage over suppliers and buyers.", ("procurement",)),
    Term("security_services", "Security services", "Guarding, equipment and fleet security.", ("security", "guarding")),
    Term(
        "media_reach", "Media reach", "Owns or commands audiences: broadcast, print, online.", ("audience", "broadcast")
    ),
    Term("policy_access", "Policy access", "Sits in roundtables and forums with government.", ("lobbying", "advocacy")),
    Term(
        "monitoring",
        "Monitoring",
        "Observes, documents or verifies events and conduct.",
        ("early warning", "documentation", "oversight"),
    ),
    Term(
        "standards",
        "Standards",
        "Sets or enforces codes of conduct and standards.",
        ("certification", "code of conduct"),
    ),
)

ENGAGEMENT_STATUSES: tuple[Term, ...] = (
    Term("not_contacted", "Not contacted", "No contact yet.", ("none", "new", "not yet", "uncontacted")),
    Term("contacted", "Contacted", "First contact made.", ("approached", "reached out")),
    Term("engaged", "Engaged", "In regular conversation.", ("in dialogue", "active")),
    Term("partner", "Partner", "Working together on prevention.", ("partnered", "partnership", "member")),
)
DEFAULT_ENGAGEMENT_STATUS = "not_contacted"

# --- Relationships ------------------------------------------------------------------

RELATIONSHIP_KINDS: tuple[RelationshipKind, ...] = (
    RelationshipKind(
        "member_of",
        "Member of",
        "The source belongs to the target association, network or coalition.",
        ("member", "membership", "member of", "affiliate", "affiliated with", "belongs to"),
        default_strength=0.4,
        back_ratio=1.5,
        rationale="An association speaks for all its members and sets their common line, so it moves a member "
        "more than one member moves it.",
        source_hint="member (firm, association, person)",
        target_hint="association, network, coalition",
    ),
    RelationshipKind(
        "leads",
        "Leads",
        "The source person chairs, heads or directs the target organisation.",
        ("heads", "chairs", "directs", "director of", "directorship", "ceo of", "chair of", "head of", "leader of"),
        default_strength=0.9,
        back_ratio=0.5,
        rationale="A leader directs the organisation; its board, staff or members press the leader back, "
        "about half as hard.",
        source_hint="person",
        target_hint="organisation",
    ),
    RelationshipKind(
        "employs",
        "Employs",
        "The source organisation employs the target person or contracts the target firm.",
        ("employer of", "hires", "contracts"),
        default_strength=0.5,
        back_ratio=0.3,
        rationale="An employer directs its staff and contractors; an employee, above all a CSR appointee, "
        "moves the employer little.",
        source_hint="organisation",
        target_hint="person or contractor",
    ),
    RelationshipKind(
        "part_of",
        "Part of",
        "The source is a unit, branch or subsidiary of the target organisation.",
        ("unit of", "branch of", "subsidiary of", "department of", "division of"),
        default_strength=0.4,
        back_ratio=1.75,
        rationale="A parent directs its unit (0.7); a unit or committee is heard by its parent but moves it "
        "far less (0.4).",
        source_hint="unit",
        target_hint="parent organisation",
    ),
    RelationshipKind(
        "owns",
        "Owns",
        "The source owns all or part of the target.",
        ("owner of", "ownership", "shareholder of", "shareholder"),
        default_strength=0.8,
        back_ratio=0.25,
        rationale="Owners control; the owned company's managers report to them and argue their case, "
        "a quarter as strongly.",
        source_hint="owner",
        target_hint="owned company",
    ),
    RelationshipKind(
        "supplies",
        "Supplies",
        "The source supplies goods or services to the target.",
        ("supplier", "supplier of", "supply", "provides services to", "vendor"),
        default_strength=0.3,
        back_ratio=1.0,
        rationale="Each depends on the other: the buyer on the supply, the supplier on the orders "
        "(the buyer's leverage of the UN Guiding Principles).",
        source_hint="supplier",
        target_hint="customer",
    ),
    RelationshipKind(
        "funds",
        "Funds",
        "The source funds the target (grants, donations, sponsorship, loans).",
        ("funding", "funder", "donor to", "donates to", "grant", "sponsors", "finances"),
        default_strength=0.6,
        back_ratio=0.25,
        rationale="Money moves the recipient; the recipient's reports and proposals move the funder a little.",
        source_hint="funder",
        target_hint="recipient",
    ),
    RelationshipKind(
        "regulates",
        "Regulates",
        "The source licenses, regulates or sets binding rules for the target.",
        ("regulation", "regulator of", "licenses"),
        default_strength=0.6,
        rationale="Binding rules run one way; what the regulated say back goes through a dialogue or "
        "influences tie, written on its own.",
        source_hint="regulator",
        target_hint="regulated actor",
    ),
    RelationshipKind(
        "oversees",
        "Oversees",
        "The source monitors or holds the target to account (oversight, audit, inquiry).",
        ("oversight", "monitors", "audits", "holds to account"),
        default_strength=0.5,
        rationale="Accountability runs one way: the overseen answer to the overseer.",
        source_hint="overseer",
        target_hint="overseen actor",
    ),
    RelationshipKind(
        "advises",
        "Advises",
        "The source advises the target.",
        ("advice", "adviser to", "advisor to", "counsels", "technical support"),
        default_strength=0.4,
        rationale="Advice flows from adviser to advised; whether the advised listen is already in the strength.",
        source_hint="adviser",
        target_hint="advised actor",
    ),
    RelationshipKind(
        "dialogue",
        "Dialogue",
        "The two take part in regular dialogue: roundtables, forums, consultations.",
        ("dialog", "talks", "consultation", "consults", "roundtable", "forum", "meets"),
        default_strength=0.4,
        back_ratio=1.0,
        rationale="Regular dialogue gives each side the same hearing.",
    ),
    RelationshipKind(
        "partners_with",
        "Partners with",
        "The two work together on a programme, campaign or alliance.",
        ("partner", "partners", "partnership", "collaborates", "collaboration", "cooperates", "alliance", "works with"),
        default_strength=0.5,
        back_ratio=1.0,
        rationale="Partners work together as equals unless the row rates them otherwise.",
    ),
    RelationshipKind(
        "influences",
        "Influences",
        "The source can sway the target's decisions (informal influence, patronage).",
        ("influence", "sways", "lobbies", "pressures", "patron of"),
        default_strength=0.5,
        rationale="Informal sway is named from the side that holds it; sway the other way is a tie of its own.",
    ),
    RelationshipKind(
        "mediates",
        "Mediates",
        "The source mediates or facilitates talks involving the target.",
        ("mediation", "mediator", "facilitates", "brokers"),
        default_strength=0.6,
        back_ratio=1.0,
        rationale="Mediation runs both ways: the mediator presses each party, and each party's positions reach "
        "the other through the mediator.",
        source_hint="mediator",
        target_hint="party",
    ),
    RelationshipKind(
        "linked",
        "Linked",
        "A tie whose nature the source does not say: another tool's edge with no type, or a type we do not know.",
        ("link", "linked to", "tie", "connection", "connected", "connected to", "related", "related to", "edge"),
        default_strength=0.3,
        rationale="Nothing says what the tie carries, so it counts as a weak one until someone names and rates it; "
        "its direction is what the file says.",
    ),
    RelationshipKind(
        "opposes",
        "Opposes",
        "The source works against the target: opposition, hostility, sanction.",
        ("opposition", "against", "hostile to", "conflict", "confronts"),
        default_strength=0.5,
        rationale="Negative, so no influence flows; opposition is named from the side that opposes.",
        sign="-",
    ),
    RelationshipKind(
        "rivals",
        "Rivals",
        "The two compete or are in rivalry.",
        ("rival", "rivalry", "competes with", "competition", "competitor"),
        default_strength=0.5,
        back_ratio=1.0,
        rationale="Negative, so no influence flows; rivalry is shared by both sides.",
        sign="-",
    ),
)

DIRECTIONS: tuple[Term, ...] = (
    Term(
        "directed",
        "Directed",
        "Influence runs from source to target only: none back (a written strength_back holds instead).",
        ("one way", "oneway", "->", "directional", "source to target"),
    ),
    Term(
        "mutual",
        "Mutual",
        "Influence runs both ways with the same strength (a written strength_back holds instead).",
        ("undirected", "both", "two way", "bidirectional", "reciprocal", "<->"),
    ),
)


def back_strength(kind: RelationshipKind, strength: float, direction: str | None, written_back: float | None) -> float:
    """How strongly a tie's target moves its source back: the rule every row follows.

    1. `strength_back` written: it holds (0 = no influence back);
    2. else `direction` written: `mutual` gives the tie's own strength back (the term's
       meaning, "both ways with the same strength"), `directed` gives nothing back;
    3. else the kind's default, `RelationshipKind.default_back`: min(1, strength x
       `back_ratio`), 0 for a one-way kind.

    The model stores the result (`Relationship.strength_back`), so no analysis needs the rule.

    >>> part_of = next(k for k in RELATIONSHIP_KINDS if k.name == "part_of")
    >>> rows = [(None, 0.1), ("mutual", None), ("directed", None), (None, None)]
    >>> [back_strength(part_of, 0.4, direction, back) for direction, back in rows]
    [0.1, 0.4, 0.0, 0.7]
    """
    if written_back is not None:
        return written_back
    if direction == "mutual":
        return strength
    if direction == "directed":
        return 0.0
    return kind.default_back(strength)


SIGNS: tuple[Term, ...] = (
    Term("+", "Positive", "A tie that can carry influence.", ("positive", "pos", "plus", "p", "friendly")),
    Term(
        "-",
        "Negative",
        "Opposition or rivalry: carries no influence, counts as friction.",
        ("negative", "neg", "minus", "n", "hostile"),
    ),
)

CONFIDENCE_LEVELS: tuple[Term, ...] = (
    Term("low", "Low", "Hearsay, a single unverified source, or a workshop guess.", ("l", "weak", "unverified")),
    Term("medium", "Medium", "One credible source or several weak ones.", ("m", "med", "moderate")),
    Term(
        "high",
        "High",
        "Documented by credible public sources or confirmed directly.",
        ("h", "strong", "verified", "confirmed"),
    ),
)
DEFAULT_CONFIDENCE = "medium"

RISK_ROLES: tuple[Term, ...] = (
    Term(
        "mitigator",
        "Mitigator",
        "The actor or tie lowers the risk (e.g. a telecom filtering hate messages, for 8.7).",
        ("mitigates", "mitigating", "mitigation", "reduces", "m"),
    ),
    Term(
        "enabler",
        "Enabler",
        "The actor or tie raises the risk or could be used to commit crimes (e.g. a supplier of militias, for 7.5).",
        ("enables", "enabling", "risk", "aggravates", "e"),
    ),
)
RISK_FACTOR_COUNT = 14  # UN Framework of Analysis for Atrocity Crimes (2014)


@dataclass(frozen=True)
class ImpliedTieRule:
    """How an actor's `parent` becomes a tie when the relationships hold none.

    `reverse` means the tie runs from the parent to the actor (the employer employs
    the person) rather than from the actor to the parent. The tie takes its kind's
    default strength and back strength, as a written row leaving them blank would.
    """

    kind: str
    reverse: bool
    reason: str


IMPLIED_TIE_RULES: dict[str, ImpliedTieRule] = {
    "person_top": ImpliedTieRule("leads", False, "a top person leads their parent organisation"),
    "person_senior": ImpliedTieRule("leads", False, "a senior person leads their parent organisation"),
    "person_other": ImpliedTieRule(
        "employs", True, "the parent organisation employs a mid-level, CSR or unranked person"
    ),
    "unit": ImpliedTieRule("part_of", False, "a unit is part of its parent organisation"),
}


# --- Columns ------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a table in the contract.

    `value_type` is one of: text, kind, enum, number, list, date, actor_ref, risk_factors.
    `vocabulary` names the closed vocabulary for enum and list columns.
    `borrowed_aliases` are aliases of another column that name this one only when the
    table already has that other column under another header: `label` is the name in
    Gephi's `Id,Label`, but the short name beside a `name` column (`validate.match_headers`).
    """

    name: str
    value_type: str
    description: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    vocabulary: tuple[Term, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    minimum_exclusive: bool = False
    example: str = ""
    open_vocabulary: bool = field(default=False)
    borrowed_aliases: tuple[str, ...] = ()


ACTOR_COLUMNS: tuple[Column, ...] = (
    Column(
        "id",
        "text",
        "Unique identifier. Optional: defaults to the name.",
        aliases=("actor id", "key", "code"),
        example="kepsa",
    ),
    Column(
        "name",
        "text",
        "The actor's name, or a person's public role.",
        required=True,
        aliases=("label", "actor", "actor name"),
        example="Kenya Private Sector Alliance (KEPSA)",
    ),
    Column(
        "short_name",
        "text",
        "The short label people use for the actor (an acronym such as KEPSA or NCIC), drawn on the map "
        "instead of the name. Blank: an acronym in brackets at the end of an organisation's name, else the name. "
        "`label` means this column only when the table also has a `name` column; alone, it is the name.",
        aliases=("short name", "acronym", "abbreviation", "short label"),
        borrowed_aliases=("label",),
        example="NCIC",
    ),
    Column(
        "kind",
        "kind",
        "What kind of actor this is.",
        required=True,
        aliases=("type", "actor type", "category", "schema"),
        vocabulary=ACTOR_KINDS,
        example="association",
    ),
    Column(
        "subtype",
        "text",
        "Finer type. For businesses one of: local, national, multinational, parastatal, informal.",
        aliases=("sub type", "scale"),
        example="multinational",
    ),
    Column("sector", "text", "Economic or social sector.", aliases=("industry",), example="telecommunications"),
    Column("country", "text", "Country where the actor is based.", aliases=("nation", "jurisdiction"), example="Kenya"),
    Column(
        "region",
        "text",
        "Region, province or county within the country.",
        aliases=("county", "province", "location", "area"),
        example="Nairobi",
    ),
    Column(
        "parent",
        "actor_ref",
        "For a person or a unit: the id or name of the organisation they belong to.",
        aliases=("parent organisation", "parent organization", "belongs to", "affiliation", "employer"),
        example="kepsa",
    ),
    Column("role", "text", "A person's role or position.", aliases=("position", "job title", "title"), example="Chair"),
    Column(
        "seniority",
        "enum",
        "A person's seniority.",
        aliases=("level", "rank"),
        vocabulary=SENIORITY_LEVELS,
        example="top",
    ),
    Column(
        "influence",
        "number",
        "How much weight the actor carries, from 0 (none) to 5 (decisive).",
        aliases=("power", "weight", "clout"),
        minimum=0,
        maximum=5,
        example="4",
    ),
    Column(
        "interest",
        "number",
        "How much the actor cares about the prevention question, from 1 (indifferent) to 5 (a priority). "
        "Blank: not rated. With influence, it places the actor on a power-interest grid.",
        aliases=("interest level", "level of interest", "salience", "interest in prevention"),
        minimum=1,
        maximum=5,
        example="3",
    ),
    Column(
        "stance",
        "enum",
        "Stance toward atrocity prevention.",
        aliases=("attitude", "position on prevention", "alignment"),
        vocabulary=STANCES,
        example="champion",
    ),
    Column(
        "integrity",
        "number",
        "Reputation for integrity and transparency, 1 (poor) to 5 (exemplary).",
        aliases=("transparency",),
        minimum=1,
        maximum=5,
        example="5",
    ),
    Column(
        "neutrality",
        "number",
        "Seen as non-partisan, 1 (partisan) to 5 (trusted by all sides).",
        aliases=("non partisanship", "impartiality"),
        minimum=1,
        maximum=5,
        example="5",
    ),
    Column(
        "phases",
        "list",
        "Prevention phases the actor can act in, separated by ';'.",
        aliases=("phase", "prevention phase", "prevention phases"),
        vocabulary=PHASES,
        example="upstream;acute;recovery",
    ),
    Column(
        "capabilities",
        "list",
        "What the actor can do for prevention, separated by ';'. Other tags are kept.",
        aliases=("capability", "capacities", "assets"),
        vocabulary=CAPABILITIES,
        open_vocabulary=True,
        example="convening;private_diplomacy",
    ),
    Column(
        "engagement_status",
        "enum",
        "Where our engagement with the actor stands.",
        aliases=("engagement", "status", "engagement stage"),
        vocabulary=ENGAGEMENT_STATUSES,
        example="not_contacted",
    ),
    Column(
        "active_from",
        "date",
        "When the actor came into being: founded, established, launched (YYYY-MM-DD, YYYY-MM or YYYY). "
        "Blank: as far back as the map goes. Cite it in source and mark an estimate in notes.",
        aliases=(
            "founded",
            "founded in",
            "date founded",
            "founding date",
            "year founded",
            "established",
            "date established",
            "formed",
            "created",
            "launched",
            "start",
            "start date",
            "since",
            "active since",
            "exists from",
        ),
        example="2012-01-30",
    ),
    Column(
        "active_until",
        "date",
        "When the actor ceased to exist: dissolved, disbanded, abolished, merged away. Blank: it still exists.",
        aliases=(
            "dissolved",
            "date dissolved",
            "dissolution date",
            "disbanded",
            "abolished",
            "closed",
            "ended",
            "end",
            "end date",
            "until",
            "active to",
            "exists until",
        ),
        example="2013-04-09",
    ),
    Column(
        "notes",
        "text",
        "Free notes. Mark estimates as estimates here.",
        aliases=("description", "note", "comments", "comment"),
        example="Influence is an estimate.",
    ),
    Column(
        "source",
        "text",
        "Where the information came from (publication, URL, interview).",
        aliases=("sources", "reference", "source url", "citation"),
        example="KEPSA annual report 2008",
    ),
    Column(
        "last_verified",
        "date",
        "When the row was last checked (YYYY-MM-DD, YYYY-MM or YYYY).",
        aliases=("verified", "last verified", "date verified", "checked", "as of"),
        example="2024-05-01",
    ),
    Column(
        "risk_factors",
        "risk_factors",
        "UN Framework risk factors (1-14) or indicators (e.g. 8.7) the actor bears on, each with its role, "
        "separated by ';'.",
        aliases=("risk factors", "risk factor", "framework factors"),
        vocabulary=RISK_ROLES,
        example="8.7:mitigator;7.6:enabler",
    ),
    Column(
        "map_x",
        "number",
        "Where the actor is pinned on the map, across (pixels; dragging an actor on the Map page fills it). "
        "Blank, or without map_y: the layout places the actor.",
        aliases=("x", "pos x", "position x"),
        example="120",
    ),
    Column(
        "map_y",
        "number",
        "Where the actor is pinned on the map, down (pixels, growing downwards). Blank, or without map_x: "
        "the layout places the actor.",
        aliases=("y", "pos y", "position y"),
        example="-40",
    ),
)

RELATIONSHIP_COLUMNS: tuple[Column, ...] = (
    Column(
        "source",
        "actor_ref",
        "The actor the tie starts from (id or name).",
        required=True,
        aliases=("from", "source id", "source actor", "subject", "actor 1"),
        example="kepsa",
    ),
    Column(
        "target",
        "actor_ref",
        "The actor the tie goes to (id or name).",
        required=True,
        aliases=("to", "target id", "target actor", "object", "actor 2"),
        example="kam",
    ),
    Column(
        "kind",
        "kind",
        "What kind of relationship this is.",
        required=True,
        aliases=("type", "relationship", "relationship type", "tie type", "relation", "label"),
        vocabulary=RELATIONSHIP_KINDS,
        example="member_of",
    ),
    Column(
        "strength",
        "number",
        "How strongly the source can move the target through this tie, from 0 (no influence: the tie is kept and "
        "drawn but carries none) up to 1. Blank: the kind's default.",
        aliases=("influence", "weight", "tie strength"),
        minimum=0,
        maximum=1,
        example="0.7",
    ),
    Column(
        "strength_back",
        "number",
        "How strongly the target moves the source back through this tie, from 0 (no influence back) up to 1. "
        "Blank: direction decides (mutual: the strength; directed: 0); both blank: the kind's default back strength.",
        aliases=("strength back", "back strength", "reverse strength", "strength reverse", "backward strength"),
        minimum=0,
        maximum=1,
        example="0.3",
    ),
    Column(
        "direction",
        "enum",
        "directed (no influence back) or mutual (back at the same strength), used when strength_back is blank. "
        "Blank: the kind's default.",
        aliases=("directed", "directionality"),
        vocabulary=DIRECTIONS,
        example="mutual",
    ),
    Column(
        "sign",
        "enum",
        "+ for a tie that carries influence, - for opposition or rivalry. Blank: the kind's default.",
        aliases=("polarity", "valence"),
        vocabulary=SIGNS,
        example="+",
    ),
    Column(
        "confidence",
        "enum",
        "How sure we are that the tie exists as described. Blank: medium.",
        aliases=("certainty", "reliability"),
        vocabulary=CONFIDENCE_LEVELS,
        example="high",
    ),
    Column(
        "since",
        "date",
        "When the tie began (YYYY-MM-DD, YYYY-MM or YYYY).",
        aliases=("start", "start date", "from date", "begin"),
        example="2008-01",
    ),
    Column(
        "until", "date", "When the tie ended, if it has.", aliases=("end", "end date", "to date"), example="2008-02-28"
    ),
    Column(
        "notes",
        "text",
        "Free notes. Mark estimates as estimates here.",
        aliases=("description", "note", "comments", "comment"),
        example="Strength is an estimate.",
    ),
    Column(
        "source_ref",
        "text",
        "Where the information about this tie came from.",
        aliases=("reference", "source url", "citation", "evidence", "sources"),
        example="Mediation statement, 5 Feb 2008",
    ),
    Column(
        "risk_factors",
        "risk_factors",
        "UN Framework risk factors or indicators the tie bears on, each with its role, separated by ';'.",
        aliases=("risk factors", "risk factor", "framework factors"),
        vocabulary=RISK_ROLES,
        example="8.8:mitigator",
    ),
)
