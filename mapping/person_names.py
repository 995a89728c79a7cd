"""How a person's name can be written, and finding it in free text.

Notes, sources, roles and custom fields are typed by people, who write a name
in many ways: "Amina Wanjiru", "AMINA  WANJIRU", "Wanjiru, Amina", "Amina's",
"A. Wanjiru", "amina_wanjiru", "amina-wanjiru" (a URL slug),
"amina.wanjiru@example.org". `NameForms.of(smap)` works out, once per map, the
spellings to look for; `NameScrubber` replaces them in any text. The rules
(which words of a name count, which matches are only reported) are
`mapping.redact`'s, documented there.

The words of a person's name are its runs of letters outside parentheses, with
the apostrophes and hyphens inside a word kept ("Ng'ang'a", "Mary-Jane"). Each
word is:

- ignored: in lower case when the name has capitals ("wa", "van", "leader"), a
  single letter (an initial), an honorific (`HONORIFICS`: "Dr", "Hon"), a post
  (`POSTS`: "Chair", "CEO") or a particle (`NAME_PARTICLES`: "bin", "van");
- uncertain: two letters long ("Li", "Ng"), a word of an organisation's name or
  id on the map ("Kenyatta" beside "Kenyatta University"), or a word of the
  person's own role ("Standards" in "Standards officer, KSIA");
- a name part otherwise ("Amina", "Wanjiru").

A person with a name part has a personal name, and so has one whose words are all
uncertain if the name is written like one (capitalised, no post: "Amina
Wanjiru" beside the Amina Wanjiru Foundation). Any other ("Chair, KEPSA",
"Minister of Finance", "ODM leader", as the sample maps name people) is named by
a post, and only that whole name is looked for.

Matching compares letters only: case, accents ("José" = "Jose") and whatever
separates words (spaces, `_`, `.`, `-`, `,`, apostrophes or nothing) do not
count, and a match never starts or ends inside a word. Texts are first cut into
words and looked up in an index of every spelling's words, so a text that
mentions nobody costs one pass whatever the number of people.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache

from mapping.model import Actor, StakeholderMap

__all__ = [
    "HONORIFICS",
    "NAME_PARTICLES",
    "NEUTRAL_MARK",
    "POSTS",
    "TITLE_WORDS",
    "NameForms",
    "NameScrubber",
    "Scrubbed",
    "fold_accents",
    "name_keys",
]

# What replaces a name when it cannot be told whose it is (two people share "John"),
# and every name while display names are still being worked out.
NEUTRAL_MARK = "[name removed]"

# Honorifics, ignored in a name ("Dr. Amina Wanjiru" is a personal name).
_HONORIFICS = """mr mrs ms miss mx dr prof professor sir dame lord lady hon honourable honorable rt rev reverend
    fr father sister brother pastor bishop archbishop cardinal imam sheikh rabbi eng amb gen col maj capt lt sgt
    cpl rtd retd jr sr ii iii judge justice"""
# Posts and placeholders: a name holding one describes a post ("Chair, KEPSA", "Person 12"), unless it also
# has a name part.
_POSTS = """chair chairman chairwoman chairperson vice deputy president vp ceo cfo coo cto md director manager head
    secretary minister prime governor senator mp mca commissioner officer coordinator convenor convener member
    leader founder executive treasurer spokesperson inspector cabinet principal national assistant acting chief
    general major captain colonel lieutenant sergeant engineer ambassador
    person unknown anonymous representative official staff spokesman spokeswoman"""
HONORIFICS = frozenset(_HONORIFICS.split())
POSTS = frozenset(_POSTS.split())
TITLE_WORDS = HONORIFICS | POSTS
# Particles of names, never a name on their own.
_PARTICLES = "de da di du del della der den van von bin binti bint ibn al el la le wa ole dos das y"
NAME_PARTICLES = frozenset(_PARTICLES.split())

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")  # a word of letters, with inner apostrophes and hyphens
_PIECE = re.compile(r"[^\W_]+")  # letters and digits between any separators
_LETTERS = re.compile(r"[^\W\d_]+")
_PARENTHESES = re.compile(r"\([^)]*\)")
_CLOSING = re.compile(r"[)\]}]+$")
_EMAIL = re.compile(r"[^\s@<>()\[\]{},;:\"']+@[^\s@<>()\[\]{},;:\"']*[^\s@<>()\[\]{},;:\"'.!?]")
_SEPARATOR = r"[\W_]*"  # any run of non-letters between the pieces of a spelling, or none
_NOT_A_LETTER_BEFORE, _NOT_A_LETTER_AFTER = r"(?<![^\W\d_])", r"(?![^\W\d_])"
_REMEMBERED_TEXTS = 100_000  # scans a scrubber keeps, at most


@dataclass(frozen=True)
class Scrubbed:
    """A text with names replaced, and the ids of people an uncertain word of whose name it still holds."""

    text: str
    uncertain: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _Spelling:
    """One way of writing a name: a regex over folded text, and the words a text needs for it to match.

    A text can match only if it holds every one of `words`, or one of `joined` (the
    words run together, "aminawanjiru", or an initial run into the surname,
    "awanjiru"). `owners` are the people it names (none: an organisation's name,
    kept as it is); `certain` is False for a word that is only reported. Longer
    spellings are tried first (`weight`), so "Amina Wanjiru Foundation" is kept
    whole before "Amina Wanjiru" could be replaced inside it.
    """

    pattern: str
    weight: int
    words: frozenset[str]
    joined: frozenset[str]
    owners: frozenset[str] = frozenset()
    certain: bool = True

    @property
    def keys(self) -> frozenset[str]:
        """The words to index it by: one of its words (any will do: it needs them all) and its joined forms."""
        return self.joined | {min(self.words)}


@dataclass(frozen=True)
class NameForms:
    """Every spelling of every person's name on one map, indexed by the words they start with.

    Build it with `NameForms.of(smap)`; it knows nothing of display names, so that
    one analysis serves every `NameScrubber` (see `mapping.redact.display_names`).
    `personal` holds, for each person with a personal name, the keys of its name
    parts and uncertain words in order ("amina", "wanjiru").
    """

    spellings: Mapping[str, _Spelling]
    index: Mapping[str, frozenset[str]]
    personal: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, smap: StakeholderMap) -> NameForms:
        """The spellings of the names of the map's people, and of the organisation names to keep intact."""
        organisations = [a for a in smap.actors if not a.is_person]
        org_words = {key for a in organisations for key in (*name_keys(a.name), *name_keys(a.id))}
        spellings: dict[str, _Spelling] = {}
        personal = {}
        for person in (a for a in smap.actors if a.is_person):
            words = _classified_words(person, org_words)
            if _is_personal(person, words):
                personal[person.id] = tuple("".join(name_keys(word)) for word in whole_words(person, words))
            found = _person_spellings(person, words if person.id in personal else [])
            for spelling in found + _short_name_spelling(person, org_words):
                _merge(spellings, spelling)
        person_words = {key for s in spellings.values() for key in s.keys}
        for organisation in organisations:
            if person_words.intersection(name_keys(organisation.name)):
                _merge(spellings, _spelling(organisation.name, owners=frozenset()))
        index: dict[str, set[str]] = {}
        for pattern, spelling in spellings.items():
            for key in spelling.keys:
                index.setdefault(key, set()).add(pattern)
        return cls(spellings, {key: frozenset(found) for key, found in index.items()}, personal)

    def candidates(self, folded: str) -> list[_Spelling]:
        """The spellings that may match in a folded text: it holds all their words, or their joined form.

        The text's words are its runs of letters and digits, and also its runs of
        letters alone ("awanjiru" in "awanjiru2020"), with and without a final s (a
        possessive, "Amina's"), with apostrophes splitting words and dropped
        ("Ng'ang'a" is also "nganga"): the test is generous, and the regex decides.
        """
        tokens = set()
        for words in {folded.casefold(), _no_apostrophes(folded.casefold())}:
            tokens.update(_PIECE.findall(words))
            tokens.update(key for letters in _LETTERS.findall(words) for key in (letters, letters.removesuffix("s")))
        found = {pattern for token in tokens for pattern in self.index.get(token, ())}
        chosen = [s for s in map(self.spellings.__getitem__, found) if s.words <= tokens or s.joined & tokens]
        return chosen if any(s.owners for s in chosen) else []


class NameScrubber:
    """Replaces every spelling of people's names in a text by the person's display name.

    `replacement` maps a person's id to what stands for them (their display name);
    a person missing from it, and a spelling shared by several people, become
    `NEUTRAL_MARK`. Uncertain words are left and reported in `Scrubbed.uncertain`.

    >>> from mapping.model import Actor, StakeholderMap
    >>> smap = StakeholderMap([Actor("aw", "Amina Wanjiru", "person", role="Chair")], [])
    >>> scrubber = NameScrubber(NameForms.of(smap), {"aw": "Chair"})
    >>> scrubber.scrub("Met Amina; A. Wanjiru's notes at amina.wanjiru@example.org")
    "Met Chair; Chair's notes at Chair"
    """

    def __init__(self, forms: NameForms, replacement: Mapping[str, str]) -> None:
        self.forms = forms
        self.replacement = replacement
        self._scanned: dict[str, Scrubbed] = {}  # maps repeat their sources, sectors and regions thousands of times

    def scrub(self, text: str) -> str:
        """The text with every certain spelling of a name replaced."""
        return self.scan(text).text

    def scan(self, text: str) -> Scrubbed:
        """The text with names replaced, and whose uncertain words it still holds."""
        known = self._scanned.get(text)
        if known is None:
            known = self._scan(text)
            if len(self._scanned) < _REMEMBERED_TEXTS:
                self._scanned[text] = known
        return known

    def _scan(self, text: str) -> Scrubbed:
        if not text:
            return Scrubbed(text)
        folded = fold_accents(text)
        spellings = self.forms.candidates(folded)
        if not spellings:
            return Scrubbed(text)
        names, groups = _combined(spellings)
        pieces: list[str] = []
        uncertain: set[str] = set()
        position = 0
        for email in _EMAIL.finditer(folded) if "@" in folded else ():
            pieces.append(self._replace(names, groups, text, folded, (position, email.start()), uncertain))
            pieces.append(self._address(names, groups, text, folded, (email.start(), email.end()), uncertain))
            position = email.end()
        pieces.append(self._replace(names, groups, text, folded, (position, len(text)), uncertain))
        return Scrubbed("".join(pieces), frozenset(uncertain))

    def _shown(self, owners: frozenset[str]) -> str:
        (owner,) = owners if len(owners) == 1 else (None,)
        return self.replacement.get(owner, NEUTRAL_MARK) if owner is not None else NEUTRAL_MARK

    def _replace(
        self,
        names: re.Pattern[str],
        groups: Mapping[str, _Spelling],
        text: str,
        folded: str,
        span: tuple[int, int],
        uncertain: set[str],
    ) -> str:
        """The part of the text in `span` with every certain spelling replaced; uncertain ones noted."""
        start, end = span
        pieces, position = [], start
        for match in names.finditer(folded, start, end):
            spelling = groups[match.lastgroup or ""]
            if not spelling.owners:
                continue  # an organisation's name: kept as it is
            if not spelling.certain:
                uncertain.update(spelling.owners)
                continue
            pieces += [text[position : match.start()], self._shown(spelling.owners)]
            position = match.end()
        return "".join([*pieces, text[position:end]])

    def _address(
        self,
        names: re.Pattern[str],
        groups: Mapping[str, _Spelling],
        text: str,
        folded: str,
        span: tuple[int, int],
        uncertain: set[str],
    ) -> str:
        """An e-mail address, replaced whole when any spelling of a name is in it (a part would leave the rest)."""
        matched = [groups[m.lastgroup or ""] for m in names.finditer(folded, *span)]
        owners = frozenset(owner for s in matched if s.certain for owner in s.owners)
        if owners:
            return self._shown(owners)
        uncertain.update(owner for s in matched for owner in s.owners)
        return text[span[0] : span[1]]


def fold_accents(text: str) -> str:
    """The text with accents removed, one character for one, so that positions still match the original.

    >>> fold_accents("José Ñúñez")
    'Jose Nunez'
    """
    return text if text.isascii() else "".join(_fold_character(ch) for ch in text)


@cache
def _fold_character(character: str) -> str:
    decomposed = unicodedata.normalize("NFKD", character)
    return decomposed[0] if decomposed and not unicodedata.combining(decomposed[0]) else character


def _no_apostrophes(text: str) -> str:
    return text.replace("'", "").replace("’", "")


def name_keys(text: str) -> list[str]:
    """The words of a text as names are compared: accents folded, lower case, apostrophes dropped.

    >>> name_keys("Ng'ang'a  WANJIRU-Kamau")
    ['nganga', 'wanjiru', 'kamau']
    """
    return _PIECE.findall(_no_apostrophes(fold_accents(text).casefold()))


def _spelling(text: str, owners: frozenset[str], certain: bool = True) -> _Spelling:
    """The spelling of a text: its pieces joined by any separator, found by its first word or all joined.

    Closing brackets that end the text go with it ("President (PNU)" leaves no ")" behind).
    """
    pieces = _PIECE.findall(fold_accents(text).casefold())
    if not pieces:
        return _Spelling("", 0, frozenset(), frozenset(), owners, certain)
    keys = name_keys(text)
    closing = _CLOSING.search(text.rstrip())
    return _Spelling(
        pattern=_SEPARATOR.join(re.escape(piece) for piece in pieces)
        + (f"(?:{re.escape(closing[0])})?" if closing else ""),
        weight=sum(len(piece) for piece in pieces),
        words=frozenset(keys),
        joined=frozenset({"".join(keys)}),
        owners=owners,
        certain=certain,
    )


def _merge(spellings: dict[str, _Spelling], spelling: _Spelling) -> None:
    """Add a spelling. Written like one already there, an organisation's name wins (organisation names are
    kept); two people's spellings merge into one that names both (a shared name) and is certain if either is.
    """
    known = spellings.get(spelling.pattern)
    if not spelling.pattern:
        return
    if known is None or not spelling.owners:
        spellings[spelling.pattern] = spelling
    elif known.owners:
        owners, certain = known.owners | spelling.owners, known.certain or spelling.certain
        spellings[spelling.pattern] = replace(known, owners=owners, certain=certain)


def _classified_words(person: Actor, org_words: set[str]) -> list[tuple[str, str]]:
    """The words of a person's name that count, in order, each "part" or "uncertain" (module docstring).

    A hyphenated word counts whole and by its pieces ("Mary-Jane", "Mary", "Jane").
    """
    name = _PARENTHESES.sub(" ", person.name)
    capitalised = any(ch.isupper() for ch in name)
    role = set(name_keys(person.role))
    words = []
    for word in _WORD.findall(name):
        for piece in dict.fromkeys([word, *word.split("-")]):
            kind = _word_kind(piece, capitalised, role, org_words)
            words += [(piece, kind)] if kind else []
    return words


def _word_kind(word: str, capitalised: bool, role: set[str], org_words: set[str]) -> str:
    """ "part", "uncertain" or "" (ignored) for one word of a person's name.

    A hyphenated word is what its best piece is: "Mary-Jane" a part, "Post-Election"
    (two words of an organisation's name) uncertain, "Inspector-General" ignored.
    """
    if "-" in word:
        kinds = {_word_kind(piece, capitalised, role, org_words) for piece in word.split("-")}
        return next((kind for kind in ("part", "uncertain") if kind in kinds), "")
    key = "".join(name_keys(word))
    if len(key) <= 1 or (capitalised and not word[0].isupper()):
        return ""
    if key in TITLE_WORDS or key in NAME_PARTICLES:
        return ""
    return "uncertain" if len(key) == 2 or key in org_words or key in role else "part"


def _is_personal(person: Actor, words: list[tuple[str, str]]) -> bool:
    """True for a personal name: one with a name part, or with uncertain words only but written like a name
    (every word capitalised, no post): "Amina Wanjiru" beside the Amina Wanjiru Foundation."""
    if any(kind == "part" for _, kind in words):
        return True
    name = _PARENTHESES.sub(" ", person.name)
    lower_words = [w for w in _WORD.findall(name) if not w[0].isupper() and w.casefold() not in NAME_PARTICLES]
    posts = POSTS.intersection(name_keys(name))
    return bool(words) and not posts and not (lower_words and any(ch.isupper() for ch in name))


def _person_spellings(person: Actor, words: list[tuple[str, str]]) -> list[_Spelling]:
    """Every spelling of one person's name, given the words of it that count (none for a post, whose whole
    name only is looked for); see the module docstring of `mapping.redact`."""
    owner = frozenset({person.id})
    found = [_spelling(person.name, owner)]
    found += [_spelling(word, owner, certain=kind == "part") for word, kind in words]
    whole = whole_words(person, words)
    if len(whole) > 1:
        first, last = whole[0], whole[-1]
        found += [_spelling(" ".join(whole), owner), _spelling(f"{first} {last}", owner)]
        found += [_spelling(f"{last} {first}", owner), *_initial_spellings(whole, owner)]
    return found + _id_spelling(person, [word for word, _ in words], owner)


def _short_name_spelling(person: Actor, org_words: set[str]) -> list[_Spelling]:
    """The person's short name ("AW", "Mama Amina"), unless it only names a post ("Chair"); uncertain,
    as a word of a name is, when two letters long or holding a word of an organisation's name."""
    keys = name_keys(person.short_name)
    if not set(keys) - TITLE_WORDS - NAME_PARTICLES:
        return []
    certain = len("".join(keys)) > 2 and not org_words.intersection(keys)
    return [_spelling(person.short_name, frozenset({person.id}), certain)]


def whole_words(person: Actor, words: list[tuple[str, str]]) -> list[str]:
    """The counted words that are whole words of the name (a hyphenated name once, not its pieces), in order."""
    written = set(_WORD.findall(_PARENTHESES.sub(" ", person.name)))
    return list(dict.fromkeys(word for word, _ in words if word in written))


def _initial_spellings(words: list[str], owner: frozenset[str]) -> list[_Spelling]:
    """ "A. Wanjiru", "A Wanjiru", "A.N. Wanjiru" (capital initials) and "awanjiru", "a.wanjiru" (any case)."""
    last = _spelling(words[-1], owner)
    initials = "".join(sorted({fold_accents(w)[0].upper() for w in words[:-1]}))
    spaced = rf"(?-i:[{initials}])(?:\.\s*|\s+)"
    joined = rf"[{initials}][._\-]?"
    run_together = frozenset(initial.lower() + key for initial in initials for key in last.joined)
    return [
        _Spelling(f"{spaced}(?:{spaced})*{last.pattern}", last.weight + 1, last.words, run_together, owner),
        _Spelling(f"{joined}{last.pattern}", last.weight + 1, last.words, run_together, owner),
    ]


def _id_spelling(person: Actor, words: Iterable[str], owner: frozenset[str]) -> list[_Spelling]:
    """The person's id, when it holds a word of their name ("amina_w", "jwanjiru_2"): it is their name."""
    id_key = "".join(name_keys(person.id))
    holds_name = any(len(key) > 2 and key in id_key for key in ("".join(name_keys(w)) for w in words))
    return [_spelling(person.id, owner)] if holds_name else []


def _combined(spellings: Iterable[_Spelling]) -> tuple[re.Pattern[str], dict[str, _Spelling]]:
    """One regex trying the spellings longest first, each a named group; and the spelling of each group."""
    ordered = sorted(spellings, key=lambda s: (-s.weight, s.pattern))
    groups = {f"s{number}": spelling for number, spelling in enumerate(ordered)}
    alternatives = "|".join(f"(?P<{name}>{spelling.pattern})" for name, spelling in groups.items())
    # re.compile keeps recent patterns: a text naming the same people again compiles nothing.
    regex = re.compile(f"{_NOT_A_LETTER_BEFORE}(?:{alternatives}){_NOT_A_LETTER_AFTER}", re.IGNORECASE)
    return regex, groups
