"""Who a speaker mention is: "he", "the Russian president" and "Putin" → "Vladimir Putin".

People are the PERSON entities of the article, keyed by surname, each with the titles written
next to them ("Russian President Vladimir Putin" → {russian, president}; "Hugh Hill, a doctor" →
{doctor}). A pronoun resolves to the person last named as a subject before it (else last named
at all) whose gender, where the article tells it ("Mr.", "Ms.", "spokeswoman"), fits; names
inside a quotation are no antecedents. A nominal mention resolves to the person mentioned last
whose titles cover its words ("the governor" ← "Gov. Mike Pence").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from takediff.types import Span

PRONOUNS = frozenset({"he", "she", "him", "her", "they", "i", "we", "it"})
_TITLE_WORDS = frozenset(
    """president prime minister chancellor secretary senator governor mayor king queen leader
    spokesman spokeswoman spokesperson minister ambassador general chief director head
    representative rep. sen. gov. gen. dr. doctor professor judge official officer commander
    premier foreign defense defence state vice deputy former congressman congresswoman
    mr. mrs. ms.""".split()
)
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


def _clean(name: str) -> str:
    return _POSSESSIVE.sub("", name.strip().strip("[]()"))


def _title(word: str) -> str:
    return _ABBREVIATIONS.get(word, word)


def _gender(titles: set[str]) -> str | None:
    male, female = bool(titles & _MALE), bool(titles & _FEMALE)
    return "m" if male and not female else "f" if female and not male else None


def _titles_before(ent: Any) -> set[str]:
    """Title and nationality words right before a name, and an appositive after it."""
    doc = ent.doc
    titles: set[str] = set()
    i = ent.start - 1
    while i >= 0 and i >= ent.start - 4:
        tok = doc[i]
        word = tok.lower_
        if (
            word in _TITLE_WORDS
            or tok.ent_type_ in ("NORP", "GPE")
            or (tok.is_title and tok.pos_ == "PROPN")
        ):
            titles.add(_title(word))
            i -= 1
            continue
        break
    for tok in ent.root.children:
        if tok.dep_ == "appos":
            titles.update(
                _title(t.lower_) for t in tok.subtree if t.pos_ in ("NOUN", "ADJ", "PROPN")
            )
    return titles


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
        quoted = quoted or []
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
                at = offset + ent.start_char
                if not any(a <= at < b for a, b in quoted):
                    person.mentions.append(at)
                    if _is_subject(ent.root):
                        person.subjects.append(at)
        # A surname the entity tagger missed ("Fox said", tagged as a company) is still a
        # mention of the person it names elsewhere; "Fox News" is not.
        for offset, doc in parsed:
            named = {t.i for e in doc.ents if e.label_ == "PERSON" or len(e) > 1 for t in e}
            for tok in doc:
                known = self.people.get(_clean(tok.lower_))
                at = offset + tok.idx
                if (
                    known is None
                    or tok.pos_ != "PROPN"
                    or tok.i in named
                    or any(a <= at < b for a, b in quoted)
                ):
                    continue
                known.mentions.append(at)
                if _is_subject(tok):
                    known.subjects.append(at)
        for person in self.people.values():
            person.mentions.sort()
            person.subjects.sort()

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

    def resolve(self, mention: Span) -> str | None:
        """The canonical name of the person a speaker mention refers to, or the mention's own
        words for a group or institution ("the Kremlin", "officials")."""
        raw = re.findall(r"[\w.'’-]+", mention.text)
        words = [_title(_clean(w).lower()) for w in raw]
        for i in reversed(range(len(words))):
            # "Stone's attorney" is not Stone.
            if words[i] in self.people and (i == len(raw) - 1 or not _POSSESSIVE.search(raw[i])):
                return self.people[words[i]].name
        content = [w for w in words if w not in ("the", "a", "an", "this", "that")]
        if len(content) == 1 and content[0] in PRONOUNS:
            person = self._pronoun(content[0], mention.start)
            return person.name if person else None
        wanted = {w for w in content if w in _TITLE_WORDS or w[:1].isalpha()}
        fitting = [p for p in self.people.values() if wanted and wanted <= p.titles]
        if not fitting and content and content[-1] in _TITLE_WORDS:
            # "the U.S. president" when the article only wrote "President Trump": the head title
            # decides, among people whose nationality words do not clash.
            fitting = [
                p
                for p in self.people.values()
                if content[-1] in p.titles and not (p.titles - _TITLE_WORDS) - set(content)
            ]
        person = self._last_before(mention.start, fitting)
        if person is not None:
            return person.name
        return " ".join(mention.text.split()) if content else None
