"""Which side each speaker speaks for: one party per government, shown and overridable.

A news story about a call quotes one side under many names: the leader, the leader's office,
its spokesperson, its statement, the capital ("Moscow"), the seat of government ("the Kremlin").
Speakers that act for the same country's government — a person with a government title and a
nationality ("Russian President …", "Kremlin spokesman …"), or an institution whose name is
that country, its capital, its seat of government or one of its ministries — become one party,
named by the leader among them (else the one quoted most). Everyone else keeps their own party.
The user can add merges (``A=B``: speakers whose name holds A join B's party) or turn the
automatic ones off. Which country a word names comes from ``countryinfo`` (names, other
spellings, capitals, demonyms); a place the article names that no list knows ("Norland") is its
own country, and a nationality word that extends its name ("Norlandic") is that country's.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from takediff.speakers import Directory, Person, plain_name, political_party

#: Seats of government that stand for their country's government in news prose. Hand-set:
#: no public list of such metonyms ships on PyPI; capitals come from countryinfo.
SEATS = {
    "kremlin": "russia",
    "white house": "united states",
    "state department": "united states",
    "pentagon": "united states",
    "downing street": "united kingdom",
    "whitehall": "united kingdom",
    "foreign office": "united kingdom",
    "élysée": "france",
    "elysee": "france",
    "quai d'orsay": "france",
    "zhongnanhai": "china",
    "blue house": "south korea",
    "u.s.": "united states",
    "us": "united states",
    "u.k.": "united kingdom",
    "uk": "united kingdom",
    "america": "united states",
}
#: The shortest place name whose extensions count as its nationality word (hand-set).
_SHORTEST_STEM = 4
#: Titles of people who speak for their government.
GOVERNMENT_TITLES = frozenset(
    """president prime minister chancellor premier king queen leader spokesman spokeswoman
    spokesperson ambassador secretary envoy official officials aide adviser advisor
    negotiator diplomat""".split()
)
#: Titles that name the one who leads a government: the party takes their name.
LEADER_TITLES = frozenset("president prime chancellor premier king queen leader".split())
#: A person with one of these is not (or no longer) their government's voice.
NOT_GOVERNMENT = frozenset("former opposition ex rebel dissident candidate".split())
#: Nouns of a government's own institutions ("the foreign ministry", "the presidential office").
GOVERNMENT_BODIES = frozenset(
    """government ministry office administration presidency cabinet embassy kremlin
    authorities officials spokesperson's""".split()
)


#: Titles of lawmakers: lawmakers of one political party who are quoted speak as its side.
LEGISLATIVE_TITLES = frozenset(
    """senator representative lawmaker legislator congressman congresswoman whip speaker
    chairman chairwoman leader""".split()
)


#: Titles of those who speak for someone else ("Boehner spokesman Brendan Buck").
SPOKES_TITLES = frozenset(
    "spokesman spokeswoman spokesperson secretary aide adviser advisor strategist".split()
)


@dataclass(slots=True, frozen=True)
class Merge:
    """Speakers given one party, and why: shown beside the report."""

    party: str
    members: tuple[str, ...]
    reason: str  # "same government (russia)" or "asked for (--merge)"


@dataclass(slots=True, frozen=True)
class Sides:
    party: dict[str, str]  # speaker name → party name
    merges: tuple[Merge, ...]
    #: party name → the country whose government it speaks for, where all its members do
    #: (so another article's party for that government can be merged with it: corpus).
    government: dict[str, str] = field(default_factory=dict)


@cache
def _countries() -> dict[str, str]:
    """Lower-case country names, other spellings, capitals and demonyms → country name."""
    import countryinfo

    out: dict[str, str] = {}
    for c in countryinfo.all_countries():
        try:
            name = str(c.name()).lower()
            words = [name, *(str(a) for a in c.alt_spellings() or [])]
            words += [str(c.capital() or ""), str(c.demonym() or "")]
        except (KeyError, AttributeError, TypeError):
            continue
        for w in words:
            w = w.lower().strip()
            if len(w) > 3 and w not in out:
                out[w] = name
    out.update(SEATS)
    return out


def _phrases(words: Sequence[str]) -> list[str]:
    """Single words, pairs and triples, in order: "the white house office" → "white house" …"""
    return [" ".join(words[i : i + n]) for n in (3, 2, 1) for i in range(len(words) - n + 1)]


def country(words: Sequence[str], places: set[str]) -> str | None:
    """The country a speaker's words name, if any ("kremlin" → russia, "norland's" →
    norland when the article names Norland); ``places`` as ``Directory.places`` holds them."""
    known = _countries()
    for phrase in _phrases([re.sub(r"[’']s$", "", w) for w in words]):
        if phrase in known:
            return known[phrase]
        # "sudrean" extends "sudrea", "norlandic" extends "norland": the shortest such place.
        # Hand-set: a place of fewer than _SHORTEST_STEM letters ("Iran" is four) would make
        # its nationality rule match unrelated words.
        bases = sorted(
            (
                p
                for p in places
                if len(p) >= _SHORTEST_STEM and " " not in phrase and phrase.startswith(p[:-1])
            ),
            key=len,
        )
        if bases:
            return known.get(bases[0], bases[0])
    return None


def _government(name: str, person: Person | None, places: set[str]) -> tuple[str, bool] | None:
    """(country, is a leader) when the speaker (``person``, if a person) acts for a
    country's government."""
    if person is not None:
        titles = person.titles
        if not titles & GOVERNMENT_TITLES or titles & NOT_GOVERNMENT:
            return None
        where = country(sorted(titles, key=len, reverse=True), places)
        if where is None and person.affiliation:  # "White House press secretary …"
            where = country(plain_name(person.affiliation).split(), places)
        return (where, bool(titles & LEADER_TITLES)) if where else None
    words = [w.lower() for w in re.findall(r"[\w.'’-]+", name) if w.lower() != "the"]
    if not words:
        return None
    where = country(words, places)
    if where is None:
        return None
    rest = [w for w in words if country([w], places) is None]
    place_only = not rest or " ".join(words) in SEATS
    return (where, False) if place_only or set(words) & GOVERNMENT_BODIES else None


def assign(
    speakers: Sequence[str],
    directory: Directory,
    merge: Sequence[tuple[str, str]] = (),
    automatic: bool = True,
) -> Sides:
    """The party of each speaker name (``speakers``: one name per quote, repeats counted)."""
    counts = Counter(speakers)
    party = {name: name for name in counts}
    merges: list[Merge] = []
    people = {p.name: p for p in directory.people.values()}
    where_of: dict[str, str | None] = {}  # each speaker's government, computed once
    if automatic:
        sides: dict[str, list[tuple[bool, int, str]]] = {}
        for name, n in counts.items():
            gov = _government(name, people.get(name), directory.places)
            where_of[name] = gov[0] if gov else None
            if gov is not None:
                sides.setdefault(gov[0], []).append((gov[1], n, name))
        for where, members in sides.items():
            if len(members) < 2:
                continue
            head = max(members)[2]  # a leader first, then the one quoted most
            for _, _, name in members:
                party[name] = head
            merges.append(
                Merge(head, tuple(sorted(m[2] for m in members)), f"same government ({where})")
            )
        principals = _principals(counts, directory)
        _merge_lawmakers(counts, party, people, merges, principals)
        _merge_spokespeople(counts, party, principals, merges)
        _merge_affiliated(counts, party, people, directory.places, merges)
    for part, into in merge:
        target = next((party[n] for n in counts if into.lower() in n.lower()), into)
        moved = [n for n in counts if part.lower() in n.lower() and party[n] != target]
        for name in moved:
            party[name] = target
        if moved:
            joined = tuple(sorted(n for n in counts if party[n] == target))
            merges.append(Merge(target, joined, "asked for (--merge)"))
    government = _governments(party, where_of, people, directory.places) if automatic else {}
    return Sides(party, tuple(merges), government)


def _governments(
    party: dict[str, str],
    where_of: dict[str, str | None],
    people: dict[str, Person],
    places: set[str],
) -> dict[str, str]:
    """Each party's government: the one its own name names, else the one every member's
    does (``where_of``: each speaker's, as ``assign`` found it)."""
    wheres: dict[str, set[str | None]] = {}
    for name, head in party.items():
        wheres.setdefault(head, set()).add(where_of[name])
    out: dict[str, str] = {}
    for head, found in wheres.items():
        if head in where_of:
            own = where_of[head]
        else:  # a name no quote gave ("NAACP", an organisation shown; a --merge target)
            gov = _government(head, people.get(head), places)
            own = gov[0] if gov else None
        if own is None and len(found) == 1:
            own = next(iter(found))
        if own is not None:
            out[head] = own
    return out


def _principals(counts: Counter[str], directory: Directory) -> dict[str, str]:
    """Whom each spokesperson or aide speaks for, where their titles name another person of
    the article ("Boehner spokesman …" → John Boehner) or a quoted institution."""
    out: dict[str, str] = {}
    for person in directory.people.values():
        if person.name not in counts or not person.titles & SPOKES_TITLES:
            continue
        other = next(
            (p for k, p in directory.people.items() if k in person.titles and p is not person),
            None,
        )
        if other is not None:
            out[person.name] = other.name
            continue
        bodies = [
            b.name
            for b in directory.bodies.values()
            if b.name in counts and b.words <= person.titles | {"the"}
        ]
        if len(bodies) == 1:
            out[person.name] = bodies[0]
    return out


def _merge_spokespeople(
    counts: Counter[str], party: dict[str, str], principals: dict[str, str], merges: list[Merge]
) -> None:
    """A spokesperson joins the party of the one they speak for, when that one is quoted."""
    joined: dict[str, list[str]] = {}
    for name, principal in principals.items():
        if principal in counts and party[name] == name:
            party[name] = party[principal]
            joined.setdefault(party[principal], []).append(name)
    for head, names in joined.items():
        merges.append(Merge(head, tuple(sorted({head, *names})), "speaks for them"))


def _merge_lawmakers(
    counts: Counter[str],
    party: dict[str, str],
    people: dict[str, Person],
    merges: list[Merge],
    principals: dict[str, str],
) -> None:
    """Lawmakers of one political party ("Sen. Ann Wolf (D-Md.)", "Democratic Rep. …") and the
    groups named by it ("House Democrats") become one party when two or more are quoted:
    named by the group, else "<Party> lawmakers"."""
    sides: dict[str, list[tuple[bool, int, str]]] = {}
    for name, n in counts.items():
        if party[name] != name:
            continue  # already one government's
        person = people.get(name)
        boss = people.get(principals.get(name, ""))
        if boss is not None and boss.name not in counts:
            person = boss  # a lawmaker's spokesman, the lawmaker not quoted
        if person is not None:
            if person.party and person.titles & LEGISLATIVE_TITLES:
                sides.setdefault(person.party, []).append((False, n, name))
            continue
        words = {w.lower() for w in re.findall(r"[\w'’-]+", name)}
        # A group ("House Democrats", "the Republican caucus"), not "the Democratic senator".
        group = name.endswith("s") or bool(words & {"party", "caucus", "committee"})
        if group and (pp := political_party(words)) is not None:
            sides.setdefault(pp, []).append((True, n, name))
    for pp, members in sides.items():
        if len(members) < 2:
            continue
        groups = [m for m in members if m[0]]
        head = max(groups)[2] if groups else f"{pp} lawmakers"
        for _, _, name in members:
            party[name] = head
        merges.append(
            Merge(head, tuple(sorted(m[2] for m in members)), f"same political party ({pp})")
        )


#: Organisations whose members are lawmakers: they speak for their political party, not for
#: the chamber ("Senate Majority Leader …", "House Judiciary Committee Chairman …").
LEGISLATURES = frozenset(
    "senate house congress parliament assembly legislature caucus chamber".split()
)


#: Titles only a lawmaker holds ("leader", "chairman" are an organisation's too).
_LAWMAKERS = LEGISLATIVE_TITLES - {"leader", "chairman", "chairwoman", "speaker"}


def _merge_affiliated(
    counts: Counter[str],
    party: dict[str, str],
    people: dict[str, Person],
    places: set[str],
    merges: list[Merge],
) -> None:
    """A person in a speaking role of an organisation the article names with them ("Tea Party
    founder …", "Obama campaign spokeswoman …") speaks as it: their party is the
    organisation, shared with its other people and with the organisation itself if quoted.
    A place is no such organisation ("Norland's President …" keeps her name: a government's
    party is named by its leader); nor is one a name owns as it owns a title ("Norland
    President …", which the article's places hold as a country might be), unless it is an
    organisation's initials ("NAACP President …" speaks for the NAACP)."""
    members: dict[str, list[str]] = {}
    shown: dict[str, str] = {}
    for name in counts:
        person = people.get(name)
        if party[name] != name or person is None or person.affiliation is None or person.party:
            continue
        key = plain_name(person.affiliation)
        if (
            set(key.split()) & LEGISLATURES
            or person.titles & _LAWMAKERS
            or key in places
            or key in _countries()
        ):
            continue
        members.setdefault(key, []).append(name)
        shown.setdefault(key, person.affiliation)
    for key, names in members.items():
        body = next((n for n in counts if n not in people and plain_name(n) == key), None)
        head = party[body] if body is not None else shown[key]
        # "NAACP leaders", "Harbour Alliance officials": the organisation's people, one party.
        names = names + [
            n
            for n in counts
            if n not in people and party[n] == n and n != body and _its_people(n, key)
        ]
        for name in names:
            party[name] = head
        merges.append(Merge(head, tuple(sorted({*names, head})), f"speaks for {shown[key]}"))


#: Plural nouns for an organisation's people ("NAACP leaders", "the union's officials").
MEMBERS = frozenset("leaders officials members officers spokespeople representatives".split())


def _its_people(name: str, key: str) -> bool:
    """Does ``name`` name the people of the organisation ``key`` ("NAACP leaders")?"""
    words = re.sub(r"[’']s\b", "", plain_name(name)).split()
    return len(words) >= 2 and words[-1] in MEMBERS and " ".join(words[:-1]) == key


def parse_merge(text: str) -> tuple[str, str]:
    """ "Kremlin=Putin" → ("Kremlin", "Putin"); a ValueError says what is wrong."""
    part, sep, into = text.partition("=")
    if not sep or not part.strip() or not into.strip():
        raise ValueError(f"a merge is NAME=PARTY (e.g. 'Kremlin=Putin'), not {text!r}")
    return part.strip(), into.strip()
