"""Who a speaker mention is: "he", "the Russian president" and "Putin" → "Vladimir Putin";
"it", "the statement" and "the Kremlin's readout" → "the Kremlin".

People are the PERSON entities of the article, keyed by surname, each with the titles written
next to them ("Russian President Vladimir Putin" → {russian, president}; "Hugh Hill, a doctor" →
{doctor}). A pronoun resolves to the person last named as a subject before it (else last named
at all) whose gender, where the article tells it ("Mr.", "Ms.", "spokeswoman"), fits; names
inside a quotation are no antecedents. A nominal mention resolves to the person mentioned last
whose titles cover its words ("the governor" ← "Gov. Mike Pence").

Institutions speak too: an organisation, place or nationality entity, or a noun phrase headed by
an institution noun ("the foreign ministry"), is its own speaker, and a shorter mention ("the
ministry") is the one mentioned last that covers its words. A document ("the statement", "the
readout") speaks for its issuer: the owner written with it ("the Kremlin's statement", "a readout
from the White House"), else whoever issued a document last ("X said in a statement", "X released
a readout"). "It" is the institution or document last named as a subject; "they" a group too.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from takediff.lemmas import lemma_in
from takediff.types import Span

PRONOUNS = frozenset({"he", "she", "him", "her", "they", "i", "we", "it"})
#: What a statement is issued as; its speaker is its issuer ("the statement read: …").
DOCUMENTS = frozenset(
    """statement readout communique communiqué release letter ad advertisement lawsuit suit
    resolution transcript memo report account translation version text declaration message
    tweet post filing complaint summary figures estimates data study survey""".split()
)
#: Nouns that head an institution's name ("the foreign ministry", "the Obama campaign").
INSTITUTIONS = frozenset(
    """government ministry office administration campaign committee department embassy council
    agency commission presidency cabinet parliament congress senate court party union company
    coalition organization organisation association foundation federation alliance authority
    authorities kremlin military army police spokesperson's""".split()
)
#: Plural nouns for people who speak as one ("officials said", "they said").
GROUPS = frozenset(
    """officials lawmakers legislators democrats republicans members leaders protesters
    protestors activists diplomats aides negotiators ministers senators representatives
    plaintiffs prosecutors authorities""".split()
)
#: Words that count a group rather than name it ("a group of 90 teachers", "dozens of
#: lawmakers"): the speaker is whom they count.
PARTITIVES = frozenset(
    "group number dozen dozens hundreds thousands scores handful majority couple pair".split()
)
#: Entity labels of institutions and groups: organisations, places, nationalities.
_BODY_LABELS = frozenset({"ORG", "GPE", "NORP"})
#: A document owned through these prepositions names its issuer ("a readout from the Kremlin").
_OWNER_PREPS = frozenset({"from", "by", "of"})
#: A document under these prepositions was issued by the verb's subject ("said in a statement").
_ISSUE_PREPS = frozenset({"in", "through", "via", "with"})
#: How far after a nominal mention a name is its appositive, in characters (hand-set).
_APPOSITIVE = 3
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "its", "their"})
_TITLE_WORDS = frozenset(
    """president prime minister chancellor secretary senator governor mayor king queen leader
    spokesman spokeswoman spokesperson minister ambassador general chief director head
    representative rep. sen. gov. gen. dr. doctor professor judge official officer commander
    premier foreign defense defence state vice deputy former congressman congresswoman government
    mr. mrs. ms.""".split()
)
#: Offices a news text names a person by, once named ("the Texas governor", "the nominee").
_OFFICES = frozenset(
    """president chancellor senator governor mayor king queen minister ambassador judge
    representative premier nominee candidate lawmaker""".split()
)
#: Titles that say something of a person's office (not "Mr. Perry", "former …").
_OFFICE_TITLES = _TITLE_WORDS - {"mr.", "mrs.", "ms.", "former"}
#: "Representative-elect …", "Secretary-designate …": the title before the hyphen holds.
_INCOMING = frozenset({"elect", "designate"})
_POSSESSIVE = re.compile(r"[’']s$")
#: Abbreviated titles, read as the word they stand for ("Gov. Pence" … "the governor").
_ABBREVIATIONS = {
    "gov.": "governor",
    "sen.": "senator",
    "rep.": "representative",
    "gen.": "general",
    "pres.": "president",
    "congressman": "representative",
    "congresswoman": "representative",
}
#: Words that tell a person's gender, as titles or appositives ("Mr. Fox", "a spokeswoman").
_MALE = frozenset("mr. mr he him his king spokesman congressman chairman husband father".split())
_FEMALE = frozenset(
    "mrs. mrs ms. ms miss she her queen spokeswoman congresswoman chairwoman wife mother".split()
)


@dataclass(slots=True)
class Person:
    key: str  # lowercased surname
    name: str  # the longest way the article writes the name, titles excluded
    titles: set[str] = field(default_factory=set)
    mentions: list[int] = field(default_factory=list)  # character offsets
    subjects: list[int] = field(default_factory=list)  # mentions as a clause's subject
    party: str | None = None  # a political party the article gives ("D-Md.", "Democratic Sen.")
    #: The organisation the person speaks for, as the article writes it with their role
    #: ("NAACP President …" → "NAACP"; "…, a board member for Secure America Now").
    affiliation: str | None = None


class _Intervals:
    """Is an offset inside one of some sorted, non-overlapping (start, end) intervals?"""

    def __init__(self, intervals: list[tuple[int, int]]) -> None:
        self.intervals = sorted(intervals)
        self.starts = [a for a, _ in self.intervals]

    def __call__(self, at: int) -> bool:
        i = bisect.bisect_right(self.starts, at) - 1
        return i >= 0 and at < self.intervals[i][1]


@dataclass(slots=True)
class Body:
    """An institution or group as the article names it ("the foreign ministry", "Democrats")."""

    name: str  # the longest way the article writes it, a leading "the" kept in lower case
    words: frozenset[str]  # its content words, lower case
    mentions: list[int] = field(default_factory=list)
    plural: bool = False


#: Words that name a political party, and the party they name.
POLITICAL_PARTIES = {
    "democrat": "Democratic",
    "democrats": "Democratic",
    "democratic": "Democratic",
    "dem": "Democratic",
    "dems": "Democratic",
    "republican": "Republican",
    "republicans": "Republican",
    "gop": "Republican",
}
#: How far after a name its party letter may stand, in characters (hand-set: room for
#: " (D-" or ", R-" and a state's first letter, with spaces to spare).
_PARTY_WINDOW = 16
#: "Chris Coons (D-Del.)", "Rep. Ann Wolf, R-Texas,": the party letter after a name.
_PARTY_LETTER = re.compile(r"^\s*,?\s*\(?\s*([DR])\s*[-–]\s*[A-Z]")


def political_party(words: set[str] | frozenset[str], after: str = "") -> str | None:
    """The political party in a person's titles ("democratic") or right after the name."""
    found = {POLITICAL_PARTIES[w] for w in words if w in POLITICAL_PARTIES}
    if m := _PARTY_LETTER.match(after):
        found.add("Democratic" if m.group(1) == "D" else "Republican")
    return found.pop() if len(found) == 1 else None


def plain_name(text: str) -> str:
    """A name as a key: lower case, single spaces, no leading "the" ("The  Kremlin" → "kremlin")."""
    return re.sub(r"^the ", "", " ".join(text.lower().split()))


def _clean(name: str) -> str:
    return _POSSESSIVE.sub("", name.strip().strip("[]()"))


def _title(word: str) -> str:
    return _ABBREVIATIONS.get(word, word)


def _gender(titles: set[str]) -> str | None:
    male, female = bool(titles & _MALE), bool(titles & _FEMALE)
    return "m" if male and not female else "f" if female and not male else None


def _appositives(root: Any) -> list[Any]:
    """A name's appositives: "Ann Wolf, a senator," and the parser's other reading of one set
    off by commas ("Nora Pike, Democrat of Maine," as a noun-phrase modifier)."""
    return [
        c
        for c in root.children
        if c.dep_ == "appos" or (c.dep_ == "npadvmod" and c.i > 0 and c.doc[c.i - 1].text == ",")
    ]


def _titles_before(ent: Any) -> set[str]:
    """Title and nationality words right before a name, and an appositive after it."""
    doc = ent.doc
    titles: set[str] = set()
    i = ent.start - 1
    while i >= 0 and i >= ent.start - 4:
        tok = doc[i]
        word = tok.lower_
        if word in ("'s", "’s") and i > 0:  # "Norland's President Elena Alvarez"
            i -= 1
            continue
        if word in _INCOMING and i > 1 and doc[i - 1].text == "-":  # "Senator-elect …"
            i -= 2
            continue
        if (
            word in _TITLE_WORDS
            or tok.ent_type_ in ("NORP", "GPE")
            or (tok.is_title and tok.pos_ == "PROPN")
        ):
            titles.add(_title(word))
            i -= 1
            continue
        break
    for tok in _appositives(ent.root):
        titles.update(_title(t.lower_) for t in tok.subtree if t.pos_ in ("NOUN", "ADJ", "PROPN"))
    if ent.root.dep_ == "appos":  # "A government spokesman, Ivo Renn, said"
        head = ent.root.head
        titles.update(
            _title(t.lower_)
            for t in head.subtree
            if t.i < ent.start and t.pos_ in ("NOUN", "ADJ", "PROPN")
        )
    return titles


#: Roles in which a person speaks for the organisation named with them ("NAACP President …",
#: "Dallas Tea Party founder …", "…, president of the local branch of the NAACP").
ORG_ROLES = frozenset(
    """president founder co-founder cofounder organizer organiser chairman chairwoman chair
    director head leader chief spokesman spokeswoman spokesperson secretary ceo executive
    editor official""".split()
)
#: A role with these words is not (or no longer) the organisation's voice.
_NOT_ITS_VOICE = frozenset("former ex onetime one-time past late".split())
#: Words dropped from the front of an organisation's name ("Fellow St. Louis Tea Party").
_ORG_LEAD = frozenset("the fellow a an".split())


#: An organisation's initials ("NAACP", "N.A.A.C.P."): three or more capitals, with or without
#: dots. Owning a title, they are no country even where the tagger calls them a nationality
#: ("NAACP President …" speaks for the NAACP, an invented "Norland's President" for Norland).
INITIALS = re.compile(r"(?:[A-Z]\.?){3,}")


def _org_name(tokens: Any) -> str:
    words = [t.text for t in tokens]
    while words and words[0].lower() in _ORG_LEAD:
        words.pop(0)
    return _POSSESSIVE.sub("", " ".join(words))


def _organisation(tokens: list[Any], role: Any) -> str | None:
    """The organisation named among ``tokens`` (the role's phrase): an ORG entity, or a
    person's campaign ("Obama campaign spokeswoman")."""
    doc = role.doc
    for ent in doc.ents:
        if not (ent.label_ == "ORG" or (ent.label_ == "NORP" and INITIALS.fullmatch(ent.text))):
            continue  # initials the tagger calls a nationality ("NAACP President …") count
        if any(ent.start <= t.i < ent.end for t in tokens):
            return _org_name(ent) or None
    for tok in tokens:
        if tok.lower_ == "campaign":
            owner = next((c for c in tok.children if c.ent_type_ == "PERSON"), None)
            owner = owner or next(
                (t for t in tokens if t.i == tok.i - 1 and t.ent_type_ == "PERSON"), None
            )
            if owner is not None:
                return f"{owner.text} campaign"
    return None


def _is_role(tok: Any) -> bool:
    return bool(
        tok.lower_ in ORG_ROLES
        or (tok.lower_ == "member" and any(c.lower_ == "board" for c in tok.children))
    )


def _affiliation(ent: Any) -> str | None:
    """The organisation a name's role is in, where the article writes both together: before
    the name ("NAACP President Ben Jealous", "Obama's campaign press secretary, Ben LaBolt")
    or in an appositive after it ("Anita Russell, president of … the NAACP")."""
    root = ent.root
    # "Obama's campaign press secretary, Ben LaBolt, said": the phrase the name stands beside.
    anchor = root.head if root.dep_ == "appos" else root
    before = [t for t in anchor.subtree if t.i < ent.start]
    phrases = [(t, before) for t in before if _is_role(t)]
    for child in _appositives(root):
        if _is_role(child):
            phrases.append((child, list(child.subtree)))
    for role, tokens in phrases:
        if any(t.lower_ in _NOT_ITS_VOICE for t in tokens):
            return None
        if (org := _organisation(tokens, role)) is not None:
            return org
    return None


def _is_owner(tok: Any) -> bool:
    """ "Norland's President", "Norland's foreign ministry": a name owning a title or an
    office is a place even where the tagger calls it an organisation."""
    head = tok.head
    while head.dep_ == "compound" and head.head is not head:
        head = head.head
    return tok.dep_ in ("poss", "compound") and (
        head.lower_ in _TITLE_WORDS or lemma_in(head, INSTITUTIONS)
    )


def counted(tok: Any) -> Any:
    """Whom a partitive subject counts ("a group of 90 teachers" → teachers), else the token."""
    if tok.lower_ not in PARTITIVES:
        return tok
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    pobj = None if of is None else next((c for c in of.children if c.dep_ == "pobj"), None)
    return pobj if pobj is not None and pobj.pos_ in ("NOUN", "PROPN") else tok


def _mention(tok: Any) -> Any:
    """The noun phrase a token heads, without clauses: its compounds, modifiers and owner."""
    tok = counted(tok)
    keep = [tok] + [
        t
        for t in tok.children
        if t.dep_ in ("compound", "flat", "amod", "det", "poss", "nmod") and t.i < tok.i
    ]
    keep += [t for t in tok.subtree if t.dep_ in ("compound", "case") and t.head in keep]
    return tok.doc[min(t.i for t in keep) : max(t.i for t in keep) + 1]


def _is_body(tok: Any) -> bool:
    """Does the token head an institution or group ("the ministry", "Kremlin", "officials")?"""
    if tok.ent_type_ == "PERSON" or tok.pos_ not in ("NOUN", "PROPN"):
        return False
    return bool(
        tok.ent_type_ in _BODY_LABELS
        or lemma_in(tok, INSTITUTIONS)
        or tok.lower_ in INSTITUTIONS
        or tok.lower_ in GROUPS
    )


def _verb_subject(verb: Any) -> Any | None:
    """The subject of a verb, or of the verb it is conjoined to ("X met Y and issued …")."""
    for _ in range(3):
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None or verb.dep_ not in ("conj", "advcl", "xcomp") or verb.head is verb:
            return subj
        verb = verb.head
    return None


def _issuer(doc_tok: Any) -> Any | None:
    """Who issued a document, where the sentence says: its owner ("the Kremlin's statement",
    "the White House readout", "a readout from the Kremlin"), or the subject of the verb that
    issued it ("X released a statement", "X said in a statement")."""
    for child in doc_tok.children:
        if child.dep_ == "poss" and child.pos_ in ("PROPN", "NOUN"):
            return child
        if child.dep_ == "compound" and (child.ent_type_ or child.pos_ == "PROPN"):
            return child
        if child.dep_ == "prep" and child.lower_ in _OWNER_PREPS:
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and (pobj.ent_type_ in ("PERSON", *_BODY_LABELS) or _is_body(pobj)):
                return pobj
            if pobj is not None and child.lower_ == "of" and pobj.lower_ in DOCUMENTS:
                return _issuer(pobj)  # "the translation of the ministry's statement"
    head = doc_tok.head
    if doc_tok.dep_ == "appos" and head.dep_ in ("dobj", "dative"):
        # "X sent Mayor Holm a letter": the parser reads the letter as Holm's appositive.
        doc_tok, head = head, head.head
    if doc_tok.dep_ in ("dobj", "dative") and head.pos_ == "VERB":
        return _verb_subject(head)
    if doc_tok.dep_ == "pobj" and head.lower_ in _ISSUE_PREPS and head.head.pos_ == "VERB":
        return _verb_subject(head.head)
    return None


def _is_subject(tok: Any) -> bool:
    """Is the name the subject of its clause ("Texas Gov. Rick Perry, 61, said …")?"""
    while tok.dep_ in ("compound", "flat", "appos") and tok.head is not tok:
        tok = tok.head
    return bool(tok.dep_ in ("nsubj", "nsubjpass"))


class Directory:
    """The people of one article and the order in which they are mentioned."""

    def __init__(
        self, parsed: list[tuple[int, Any]], quoted: list[tuple[int, int]] | None = None
    ) -> None:
        """``quoted``: (start, end) of the quotations; a person named only inside a quotation
        is known by name but is no antecedent for a pronoun ("“… Trump …,” she said")."""
        self.people: dict[str, Person] = {}
        in_quote = _Intervals(quoted or [])
        #: Places and nationalities the article names, lower case, without a leading "the"
        #: ("norland", "sudrean", "united states").
        self.places = {
            plain_name(e.text)
            for _, doc in parsed
            for e in doc.ents
            if e.label_ == "GPE"
            or (
                e.label_ in ("NORP", "ORG")
                and not INITIALS.fullmatch(e.text)
                and (e.label_ == "NORP" or _is_owner(e.root))
            )
        }
        for offset, doc in parsed:
            for ent in doc.ents:
                if ent.label_ != "PERSON":
                    continue
                words = [_clean(w) for w in ent.text.split()]
                words = [w for w in words if w and w.lower() not in _TITLE_WORDS]
                if not words:
                    continue
                key = words[-1].lower()
                person = self.people.setdefault(key, Person(key, " ".join(words)))
                if len(" ".join(words)) > len(person.name):
                    person.name = " ".join(words)
                person.titles |= _titles_before(ent)
                person.affiliation = person.affiliation or _affiliation(ent)
                person.party = person.party or political_party(
                    person.titles, doc.text[ent.end_char : ent.end_char + _PARTY_WINDOW]
                )
                if person.party:  # "the Democratic senator" ← "Sen. Chris Coons (D-Del.)"
                    person.titles.add(person.party.lower())
                at = offset + ent.start_char
                if not in_quote(at):
                    person.mentions.append(at)
                    if _is_subject(ent.root):
                        person.subjects.append(at)
        # A surname the entity tagger missed ("Fox said", tagged as a company) is still a
        # mention of the person it names elsewhere; "Fox News" is not.
        self.bodies: dict[frozenset[str], Body] = {}
        #: (offset, mention, plural) of institutions, groups and documents named as subjects.
        self.body_subjects: list[tuple[int, Span, bool]] = []
        #: (offset of a document noun, its issuer's mention or None).
        self.issuers: list[tuple[int, Span | None]] = []
        for offset, doc in parsed:
            self._add_nouns(offset, doc, in_quote)
        for person in self.people.values():
            person.mentions.sort()
            person.subjects.sort()

    def _add_nouns(self, offset: int, doc: Any, in_quote: _Intervals) -> None:
        """One pass over a paragraph's nouns outside quotes: surnames the entity tagger missed
        ("Fox said", tagged as a company; "Fox News" is not), institutions, documents."""

        def span(tokens: Any) -> Span:
            return Span(offset + tokens.start_char, offset + tokens.end_char, tokens.text)

        ent_of = {t.i: e for e in doc.ents for t in e}
        for tok in doc:
            pos = tok.pos_
            if pos != "NOUN" and pos != "PROPN":
                continue
            at = offset + tok.idx
            if in_quote(at):
                continue
            ent = ent_of.get(tok.i)
            known = self.people.get(_clean(tok.lower_)) if pos == "PROPN" else None
            if known is not None and (ent is None or (ent.label_ != "PERSON" and len(ent) == 1)):
                known.mentions.append(at)
                if _is_subject(tok):
                    known.subjects.append(at)
            is_doc = pos == "NOUN" and _singular(tok.lower_) in DOCUMENTS
            if is_doc:
                issuer = _issuer(tok)
                self.issuers.append((at, None if issuer is None else span(_mention(issuer))))
            if ent is not None and ent.label_ in _BODY_LABELS:
                if tok != ent.root:
                    continue
                phrase = ent
            elif _is_body(tok):
                phrase = _mention(tok)
            elif not is_doc:
                continue
            else:
                phrase = None
            plural = tok.tag_ in ("NNS", "NNPS") or tok.lower_ in GROUPS
            if tok.dep_ in ("nsubj", "nsubjpass"):
                self.body_subjects.append((at, span(_mention(tok)), plural))
            if phrase is None or tok.dep_ in ("compound", "amod", "poss", "nmod"):
                continue
            words = _content(phrase.text)
            if not words:
                continue
            body = self.bodies.setdefault(words, Body(_name(phrase.text), words, plural=plural))
            body.mentions.append(at)

    def _last_before(self, pos: int, people: list[Person], subjects: bool = False) -> Person | None:
        best, best_pos = None, -1
        for p in people:
            before = [m for m in (p.subjects if subjects else p.mentions) if m < pos]
            if before and before[-1] > best_pos:
                best, best_pos = p, before[-1]
        return best

    def _pronoun(self, pronoun: str, pos: int) -> Person | None:
        """The person a pronoun speaker is: the last one before it of a fitting gender, the
        last named as a subject first ("Perry attacked Obama's plan. … he said" → Perry)."""
        gender = "m" if pronoun in _MALE else "f" if pronoun in _FEMALE else None
        people = [
            p for p in self.people.values() if gender is None or _gender(p.titles) in (None, gender)
        ]
        return self._last_before(pos, people, subjects=True) or self._last_before(pos, people)

    def _issuer_of(self, mention: Span) -> Span | None:
        """The issuer of the document a mention names: written with it, else the last one."""
        own = [i for at, i in self.issuers if mention.start <= at < mention.end and i]
        if own:
            return own[-1]
        before = [i for at, i in self.issuers if at < mention.start and i is not None]
        return before[-1] if before else None

    def _body(self, content: list[str], pos: int, common: bool = False) -> Body | None:
        """The institution a nominal mention names: the last one mentioned whose words cover
        it ("the ministry" ← "the foreign ministry"), or the one larger name that does; for a
        ``common`` noun ("the central bank") that no name covers, the one named institution
        whose words hold its head noun."""
        want = frozenset(w for w in content if w not in _DETERMINERS)
        fitting = [b for b in self.bodies.values() if want and want <= b.words]
        before = [
            (max(m for m in b.mentions if m <= pos), b) for b in fitting if b.mentions[0] <= pos
        ]
        best = max(before, key=lambda x: x[0])[1] if before else None
        larger = [b for b in fitting if b.words > (best.words if best else want)]
        if len(larger) == 1 and (best is None or best.words == want):
            best = larger[0]
        if common and (best is None or best.name.islower()) and content:
            # "the central bank" where the article named one bank, "the Bank of Norland"
            # (``common``: the mention ends on a common noun; "the Arizona Republican" does not).
            named = [
                b
                for b in self.bodies.values()
                if content[-1] in b.words and not b.name.islower() and b.mentions[0] <= pos
            ]
            if len(named) == 1:
                best = named[0]
        return best

    def _epithet(self, content: list[str], pos: int) -> Person | None:
        """ "the Texas governor" where the article named him only as "Republican candidate Rick
        Perry": a definite office names the person last named as a subject, among those the
        article gives no title of office (the article's doctor, or its French president, is
        not "the U.S. president": the title rules above have judged them)."""
        if not content or content[-1] not in _OFFICES:
            return None
        free = [p for p in self.people.values() if not p.titles & _OFFICE_TITLES]
        return self._last_before(pos, free, subjects=True)

    def _it(self, pronoun: str, pos: int) -> Span | None:
        """The institution or document "it" (a group too for "they") last named as a subject."""
        found = [
            (at, m)
            for at, m, plural in self.body_subjects
            if at < pos and (plural == (pronoun == "they"))
        ]
        return found[-1][1] if found else None

    def resolve(self, mention: Span, _depth: int = 0) -> str | None:
        """The canonical name of the person or institution a speaker mention refers to; a
        document's issuer; else the mention's own words ("officials")."""
        raw = re.findall(r"[\w.'’-]+", mention.text)
        words = [_title(_clean(w).lower()) for w in raw]
        for i in reversed(range(len(words))):
            # "Stone's attorney" is not Stone.
            if words[i] in self.people and (i == len(raw) - 1 or not _POSSESSIVE.search(raw[i])):
                return self.people[words[i]].name
        content = [w for w in words if w not in ("the", "a", "an", "this", "that")]
        if len(content) == 1 and content[0] in PRONOUNS:
            pronoun = content[0]
            body = self._it(pronoun, mention.start) if pronoun in ("it", "they") else None
            person = None if pronoun == "it" else self._pronoun(pronoun, mention.start)
            last = max(
                (m for m in (person.subjects if person else []) if m < mention.start), default=-1
            )
            if body is not None and _depth < 3 and body.start > last:
                return self.resolve(body, _depth + 1)
            return person.name if person else None
        # "the statement", not "The Washington Post": a document is a common noun.
        document = bool(content) and _singular(content[-1]) in DOCUMENTS and raw[-1].islower()
        if document and _depth < 3:
            issuer = self._issuer_of(mention)
            if issuer is not None:
                return self.resolve(issuer, _depth + 1)
        wanted = {w for w in content if w in _TITLE_WORDS or w[:1].isalpha()}
        # "The Port Authority" is the institution, not its spokesman ("…, a spokesman for the
        # Port Authority"), whose titles hold the same words; nor is "the letter" a person
        # whose appositive the parser misread ("sent Holm, a Liberal, a letter").
        institution = bool(content) and content[-1] in INSTITUTIONS
        fitting = (
            []
            if institution or document
            else [p for p in self.people.values() if wanted and wanted <= p.titles]
        )
        if not fitting and content and content[-1] in _TITLE_WORDS:
            # "the U.S. president" when the article only wrote "President Trump": the head title
            # decides, among people whose nationality words do not clash.
            fitting = [
                p
                for p in self.people.values()
                if content[-1] in p.titles and not (p.titles - _TITLE_WORDS) - set(content)
            ]
        # "A government spokesman, Ivo Renn, said": the name right after the mention.
        after = [
            p
            for p in fitting
            if any(mention.end <= m <= mention.end + _APPOSITIVE for m in p.mentions)
        ]
        person = after[0] if len(after) == 1 else self._last_before(mention.start, fitting)
        if person is None and not institution and not document and raw[0].lower() == "the":
            person = self._epithet(content, mention.start)
        if person is not None:
            return person.name
        named = self._body(content, mention.start, common=bool(raw) and raw[-1].islower())
        if named is not None:
            return named.name
        return _name(mention.text) if content else None


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and word[:-1] in DOCUMENTS else word


def _content(text: str) -> frozenset[str]:
    """A name's content words, lower case, without determiners and possessive endings."""
    words = (_clean(w).lower() for w in re.findall(r"[\w.'’-]+", text))
    return frozenset(w for w in words if w and w not in _DETERMINERS)


def _name(text: str) -> str:
    """A name as a party: single spaces, a leading "The" in lower case, no possessive ending."""
    name = _POSSESSIVE.sub("", " ".join(text.split()))
    return "the" + name[3:] if name.startswith("The ") else name
