"""speakers.py: the people of an article and whom a speaker mention refers to.

tests/test_article.py checks speakers through whole analyses; these tests build a Directory
from a parse and call ``resolve`` on mentions directly, one rule at a time.
"""

from __future__ import annotations

from typing import Any

from takediff.quotes import paragraphs
from takediff.speakers import Directory
from takediff.types import Span


def parse(text: str, nlp: Any) -> list[tuple[int, Any]]:
    paras = list(paragraphs(text))
    return list(zip((a for a, _ in paras), nlp.pipe(text[a:b] for a, b in paras), strict=True))


def directory(text: str, nlp: Any, quoted: list[tuple[int, int]] | None = None) -> Directory:
    return Directory(parse(text, nlp), quoted)


def mention(text: str, words: str, after: int = 0) -> Span:
    """The first ``words`` in ``text`` at or after ``after``, as a speaker mention."""
    start = text.index(words, after)
    return Span(start, start + len(words), words)


PEOPLE = (
    "Mayor Anna Kovacs met Peter Holm at the port of Keldt on Monday.\n"
    "Gov. Marta Lindqvist visited the port on Tuesday.\n"
    "Tomas Berg, a doctor from the island, also came.\n"
    "French President Odile Marchetti sent a letter to the port.\n"
)


def test_people_are_keyed_by_surname_with_full_name_and_titles(nlp: Any) -> None:
    text = PEOPLE + "Ms. Kovacs spoke first.\n"
    people = directory(text, nlp).people
    assert set(people) == {"kovacs", "holm", "lindqvist", "berg", "marchetti"}
    kovacs = people["kovacs"]
    assert kovacs.name == "Anna Kovacs"  # the longest form, titles excluded
    assert {"mayor", "ms."} <= kovacs.titles
    assert kovacs.mentions == [text.index("Anna Kovacs"), text.index("Kovacs spoke")]
    assert kovacs.mentions == kovacs.subjects  # the subject of both clauses
    assert people["holm"].subjects == []  # the object of "met"
    assert "governor" in people["lindqvist"].titles  # "Gov." read as the word
    assert "doctor" in people["berg"].titles  # the appositive
    assert {"french", "president"} <= people["marchetti"].titles


def test_surname_and_titled_name_resolve_to_the_full_name(nlp: Any) -> None:
    text = PEOPLE + "Ms. Kovacs said. Holm said. Berg’s remark."
    d = directory(text, nlp)
    assert d.resolve(mention(text, "Ms. Kovacs")) == "Anna Kovacs"
    assert d.resolve(mention(text, "Holm", text.index("Holm said"))) == "Peter Holm"
    assert d.resolve(mention(text, "Berg’s")) == "Tomas Berg"  # possessive of the mention itself


def test_nominal_mentions_resolve_by_title(nlp: Any) -> None:
    text = PEOPLE + (
        "the mayor said. the governor said. the doctor said. the French president said. "
        "the president said."
    )
    d = directory(text, nlp)
    end = len(PEOPLE)
    assert d.resolve(mention(text, "the mayor", end)) == "Anna Kovacs"
    assert d.resolve(mention(text, "the governor", end)) == "Marta Lindqvist"
    assert d.resolve(mention(text, "the doctor", end)) == "Tomas Berg"
    assert d.resolve(mention(text, "the French president", end)) == "Odile Marchetti"
    assert d.resolve(mention(text, "the president", end)) == "Odile Marchetti"


def test_a_clashing_nationality_is_not_the_same_president(nlp: Any) -> None:
    text = PEOPLE + "the U.S. president said."
    d = directory(text, nlp)
    assert d.resolve(mention(text, "the U.S. president")) == "the U.S. president"


def test_groups_and_possessives_keep_their_own_words(nlp: Any) -> None:
    text = PEOPLE + "Kovacs’s lawyer said. the harbour  council said. the said."
    d = directory(text, nlp)
    end = len(PEOPLE)
    # "Kovacs’s lawyer" is not Kovacs.
    assert d.resolve(mention(text, "Kovacs’s lawyer", end)) == "Kovacs’s lawyer"
    # A group is named by its words, whitespace normalised.
    assert d.resolve(mention(text, "the harbour  council", end)) == "the harbour council"
    assert d.resolve(mention(text, "the", text.index("the said"))) is None


def test_pronouns_follow_gender(nlp: Any) -> None:
    text = "Ms. Anna Kovacs spoke first. Mr. Peter Holm listened.\nshe said. he said."
    d = directory(text, nlp)
    tail = text.index("\n")
    # Holm is the later subject, but "she" cannot be Mr. Holm.
    assert d.resolve(mention(text, "she", tail)) == "Anna Kovacs"
    assert d.resolve(mention(text, "he", tail)) == "Peter Holm"


def test_a_pronoun_prefers_the_last_subject(nlp: Any) -> None:
    text = "Jonas Reiter praised the harbour plan of Tomas Berg.\nhe said."
    d = directory(text, nlp)
    # Berg is named later, but as an object; Reiter is the clause's subject.
    assert d.resolve(mention(text, "he", text.index("\n"))) == "Jonas Reiter"


def test_a_pronoun_with_no_fitting_antecedent_is_unresolved(nlp: Any) -> None:
    text = "she said. Mr. Peter Holm listened.\nshe said."
    d = directory(text, nlp)
    assert d.resolve(mention(text, "she")) is None  # nobody named before it
    assert d.resolve(mention(text, "she", text.index("\n"))) is None  # only a man before it


def test_a_name_inside_a_quotation_is_no_antecedent(nlp: Any) -> None:
    text = (
        "Jonas Reiter spoke at the quay.\n"
        "“Karl Ostrow finished the ferry plan and paid for it,” he said."
    )
    inside = (text.index("Karl Ostrow"), text.index("it,”") + 3)
    he = mention(text, "he", text.index("” he said"))
    assert directory(text, nlp).resolve(he) == "Karl Ostrow"  # without the quotation known
    d = directory(text, nlp, [inside])
    assert d.resolve(he) == "Jonas Reiter"
    assert d.people["ostrow"].mentions == []
    assert d.resolve(mention(text, "Karl Ostrow")) == "Karl Ostrow"  # still known by name


def test_a_surname_the_tagger_missed_is_still_a_mention(nlp: Any) -> None:
    text = (
        "Mayor Anna Kovacs met Peter Holm at the port of Keldt.\n"
        "Kovacs smiled.\n"
        "Holm Shipping Lines lost a boat.\n"
    )
    parsed = parse(text, nlp)
    smiled = parsed[1][1]
    assert [e.label_ for e in smiled.ents if e.text == "Kovacs"] != ["PERSON"]  # the premise
    people = Directory(parsed).people
    at = text.index("Kovacs smiled")
    assert at in people["kovacs"].mentions and at in people["kovacs"].subjects
    # A longer name holding the surname ("Fox News") is not a mention of the person.
    assert people["holm"].mentions == [text.index("Peter Holm")]


def test_a_party_abbreviated_dem_is_the_democratic_party() -> None:
    from takediff.speakers import political_party

    assert political_party({"leading", "dem"}) == "Democratic"
    assert political_party({"dems", "gop"}) is None  # two parties: none


def test_an_incoming_title_and_a_comma_set_party_are_read(nlp: Any) -> None:
    # "Representative-elect": the title before the hyphen; "Nora Pike, Democrat of Maine,"
    # (which the parser reads as a noun-phrase modifier, not an appositive) gives her party.
    text = (
        '"I asked for my salary to be frozen until the ferry runs again," '
        "Representative-elect Nora Pike, Democrat of Maine, wrote on Twitter.\n"
    )
    pike = directory(text, nlp).people["pike"]
    assert "representative" in pike.titles
    assert pike.party == "Democratic"


def resolved(text: str, words: str, nlp: Any) -> str | None:
    """Whom the first ``words`` of ``text`` name, in a Directory of ``text`` alone."""
    return directory(text, nlp).resolve(mention(text, words))


def test_a_definite_office_names_the_last_subject_without_an_office(nlp: Any) -> None:
    # The article names her as a hopeful, later as "the Norland governor" (an epithet).
    hopeful = "Republican hopeful Dana Holt toured the port of Keldt on Monday.\n"
    assert resolved(hopeful + "the Norland governor said.\n", "the Norland governor", nlp) == (
        "Dana Holt"
    )
    # Not someone named only as an object, nor someone the article gives another office.
    met = "Mayor Anna Kovacs met Dana Holt at the port.\nthe Norland governor said.\n"
    assert resolved(met, "the Norland governor", nlp) == "the Norland governor"


def test_a_generic_institution_names_the_one_named_institution_of_its_kind(nlp: Any) -> None:
    bank = "The Bank of Norland raised its rates on Monday.\n"
    said = "the central bank said.\n"
    assert resolved(bank + said, "the central bank", nlp) == "the Bank of Norland"
    # Two named banks: "the central bank" could be either, so it keeps its own words.
    two = bank + "The Sudrean Savings Bank kept its rates.\n" + said
    assert resolved(two, "the central bank", nlp) == "the central bank"
    # A capitalised head is a name or a person's description, not a generic institution.
    party = "The Norland Republican Party met on Monday.\nthe Arizona Republican said.\n"
    assert resolved(party, "the Arizona Republican", nlp) == "the Arizona Republican"


def test_figures_and_a_study_speak_for_their_issuer(nlp: Any) -> None:
    text = (
        "The Keldt harbour authority raised its fees on Monday.\n"
        "The rise brings in 40,000 crowns, according to the authority's figures.\n"
    )
    assert resolved(text, "the authority's figures", nlp) == "the Keldt harbour authority"
