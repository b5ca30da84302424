"""Who a speaker mention is: "he", "the Russian president" and "Putin" → "Vladimir Putin".

People are the PERSON entities of the article, keyed by surname, each with the titles written
next to them ("Russian President Vladimir Putin" → {russian, president}; "Hugh Hill, a doctor" →
{doctor}). A pronoun resolves to the person mentioned last before it; a nominal mention to the
person mentioned last whose titles cover its words.
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
    premier foreign defense defence state vice deputy former""".split()
)
_POSSESSIVE = re.compile(r"[’']s$")


@dataclass(slots=True)
class Person:
    key: str  # lowercased surname
    name: str  # the longest way the article writes the name, titles excluded
    titles: set[str] = field(default_factory=set)
    mentions: list[int] = field(default_factory=list)  # character offsets


def _clean(name: str) -> str:
    return _POSSESSIVE.sub("", name.strip())


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
            titles.add(word)
            i -= 1
            continue
        break
    for tok in ent.root.children:
        if tok.dep_ == "appos":
            titles.update(t.lower_ for t in tok.subtree if t.pos_ in ("NOUN", "ADJ", "PROPN"))
    return titles


class Directory:
    """The people of one article and the order in which they are mentioned."""

    def __init__(self, parsed: list[tuple[int, Any]]) -> None:
        self.people: dict[str, Person] = {}
        for offset, doc in parsed:
            for ent in doc.ents:
                if ent.label_ != "PERSON":
                    continue
                words = [w for w in _clean(ent.text).split() if w.lower() not in _TITLE_WORDS]
                if not words:
                    continue
                key = words[-1].lower()
                person = self.people.setdefault(key, Person(key, " ".join(words)))
                if len(" ".join(words)) > len(person.name):
                    person.name = " ".join(words)
                person.titles |= _titles_before(ent)
                person.mentions.append(offset + ent.start_char)

    def _last_before(self, pos: int, people: list[Person]) -> Person | None:
        best, best_pos = None, -1
        for p in people:
            before = [m for m in p.mentions if m < pos]
            if before and before[-1] > best_pos:
                best, best_pos = p, before[-1]
        return best

    def resolve(self, mention: Span) -> str | None:
        """The canonical name of the person a speaker mention refers to, or the mention's own
        words for a group or institution ("the Kremlin", "officials")."""
        words = [_clean(w).lower() for w in re.findall(r"[\w.'’-]+", mention.text)]
        for w in reversed(words):
            if w in self.people:
                return self.people[w].name
        content = [w for w in words if w not in ("the", "a", "an", "this", "that")]
        if len(content) == 1 and content[0] in PRONOUNS:
            person = self._last_before(mention.start, list(self.people.values()))
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
