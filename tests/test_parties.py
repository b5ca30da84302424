"""parties.py: one party per government, named by its leader; merges shown and overridable."""

from __future__ import annotations

from typing import Any

import pytest

from takediff.article import analyse, select
from takediff.errors import TooFewParties
from takediff.parties import assign, country, parse_merge
from takediff.quotes import paragraphs
from takediff.speakers import Directory

#: Invented for this test: real countries, invented people.
CALL = """Russian President Ivan Sokolov and U.S. President Ann Carter spoke for an hour on Friday.

“The sides agreed to keep talking,” the Kremlin said in a statement.

Kremlin spokesman Oleg Marin told reporters that no summit date had been set.

“President Carter made clear that sanctions stay until the shelling stops,” the White House said.

Moscow said it wanted guarantees first.

Russian opposition leader Lev Orlov said the call changed nothing.

“We will not be rushed,” Sokolov said.

“We expect an answer within days,” Carter said.
"""


def parties_of(text: str, **kwargs: Any) -> dict[str, set[str]]:
    """party → the speakers (before merging) of its quotes."""
    out: dict[str, set[str]] = {}
    for aq in analyse(text, **kwargs).quotes:
        if aq.party:
            out.setdefault(aq.party, set()).add(aq.speaker or "")
    return out


@pytest.fixture(scope="module")
def call_parties() -> dict[str, set[str]]:
    return parties_of(CALL)


def test_one_governments_speakers_are_one_party_named_by_its_leader(call_parties) -> None:
    assert call_parties["Ivan Sokolov"] == {"Ivan Sokolov", "the Kremlin", "Oleg Marin", "Moscow"}
    assert call_parties["Ann Carter"] == {"Ann Carter", "the White House"}


def test_an_opposition_leader_keeps_his_own_party(call_parties) -> None:
    assert call_parties["Lev Orlov"] == {"Lev Orlov"}
    assert set(call_parties) == {"Ivan Sokolov", "Ann Carter", "Lev Orlov"}


def test_merges_are_reported_with_their_reason() -> None:
    merges = analyse(CALL).merges
    russia = next(m for m in merges if m.party == "Ivan Sokolov")
    assert set(russia.members) == {"Ivan Sokolov", "the Kremlin", "Oleg Marin", "Moscow"}
    assert russia.reason == "same government (russia)"


def test_automatic_merging_can_be_turned_off_and_merges_asked_for() -> None:
    apart = parties_of(CALL, automatic=False)
    assert {"the Kremlin", "Moscow", "Oleg Marin"} <= set(apart)
    asked = parties_of(CALL, automatic=False, merge=[("Marin", "Kremlin")])
    assert asked["the Kremlin"] == {"the Kremlin", "Oleg Marin"}
    assert "Moscow" in asked  # only what was asked
    renamed = parties_of(CALL, merge=[("Orlov", "Opposition")])
    assert renamed["Opposition"] == {"Lev Orlov"}  # a name no speaker has is a new party


def test_country_words(nlp) -> None:
    assert country(["kremlin"], set()) == "russia"
    assert country(["beijing"], set()) == "china"
    assert country(["the", "white", "house"], set()) == "united states"
    assert country(["french"], set()) == "france"
    # A place only the article knows, and its nationality word.
    assert country(["sudrean", "foreign", "ministry"], {"sudrea"}) == "sudrea"
    assert country(["harbour", "office"], {"sudrea"}) is None


def test_a_person_without_a_government_title_is_not_merged(nlp) -> None:
    text = "Russian writer Olga Petrova met Russian President Ivan Sokolov.\n"
    paras = list(paragraphs(text))
    parsed = list(zip((a for a, _ in paras), nlp.pipe(text[a:b] for a, b in paras), strict=True))
    sides = assign(["Olga Petrova", "Ivan Sokolov"], Directory(parsed))
    assert sides.party == {"Olga Petrova": "Olga Petrova", "Ivan Sokolov": "Ivan Sokolov"}
    assert sides.merges == ()


@pytest.mark.parametrize("bad", ["Kremlin", "=Putin", "Kremlin=", " = "])
def test_a_merge_must_name_both_sides(bad: str) -> None:
    with pytest.raises(ValueError, match="NAME=PARTY"):
        parse_merge(bad)
    assert parse_merge(" Kremlin = Putin ") == ("Kremlin", "Putin")


def test_one_governments_two_documents_are_not_set_against_each_other() -> None:
    text = (
        "U.S. President Ann Carter called Russian President Ivan Sokolov on Monday.\n\n"
        "“Both leaders agreed that talks on the border will start at once,” the White House "
        "release said.\n\n"
        "“Talks could begin only if the shelling stops first,” the U.S. statement said later.\n"
    )
    quotes = analyse(text).quotes
    assert len(quotes) == 2 and {q.party for q in quotes} == {"Ann Carter"}
    assert "White House" in {q.speaker for q in quotes}  # the release's issuer


def test_a_spokeswoman_whose_office_is_a_seat_of_government_speaks_for_it() -> None:
    # "press" stops the title words before the name, so only the office written with her
    # role ("White House …") says whose government she speaks for.
    text = (
        "The White House said that the summit with Norland would go ahead in May.\n\n"
        "“The president looks forward to a frank talk with his counterpart,” White House press "
        "secretary Nora Vance told reporters.\n\n"
        "“We expect the talks to last two full days,” the White House said.\n"
    )
    analysis = analyse(text)
    assert {q.party for q in analysis.quotes} == {"the White House"}
    assert analysis.government == {"the White House": "united states"}
    assert [m.reason for m in analysis.merges] == ["same government (united states)"]


HARBOUR = (
    "Civic groups clash over the new harbour levy\n\n"
    'The Harbour Users Alliance President Mara Quell said the levy "will drive small boats out '
    'of the bay." Quell added that members would "fight this at every hearing."\n\n'
    'Tovin Dask, a spokesman for the Port Authority of Elmsby, said the charge "covers only the '
    'cost of dredging." The Port Authority said in a statement that "no boat owner will pay more '
    'than last year."\n\n'
    'Former Alliance chairman Rolf Ebbe said he "would have welcomed the levy a decade ago."\n\n'
    '"We have asked for a meeting," said Lina Varr, a professor at Elmsby College.\n'
)


@pytest.fixture(scope="module")
def harbour() -> Any:
    return analyse(HARBOUR)


def test_a_person_in_an_organisations_speaking_role_speaks_as_it(harbour) -> None:
    party = {aq.speaker: aq.party for aq in harbour.quotes}
    assert party["Mara Quell"] == "Harbour Users Alliance"  # "… Alliance President Mara Quell"
    # An appositive role, and the organisation itself quoted: one party, not two.
    assert party["Tovin Dask"] == party["the Port Authority of Elmsby"]
    # A former chairman no longer speaks for it; a professor at a college never did.
    assert party["Rolf Ebbe"] == "Rolf Ebbe"
    assert party["Lina Varr"] == "Lina Varr"
    quell = next(m for m in harbour.merges if m.party == "Harbour Users Alliance")
    assert quell.members == ("Harbour Users Alliance", "Mara Quell")
    assert quell.reason == "speaks for Harbour Users Alliance"
    assert "Harbour Users Alliance" not in {
        a.party for a in analyse(HARBOUR, automatic=False).accounts
    }


def test_an_institution_named_as_speaker_is_not_its_spokesman(harbour) -> None:
    # The spokesman's appositive holds the institution's words; the mention is the institution.
    statement = next(aq for aq in harbour.quotes if "no boat owner" in aq.quote.content[0].text)
    assert statement.speaker == "the Port Authority of Elmsby"


def test_a_speaker_merged_into_a_party_still_selects_it(harbour) -> None:
    chosen = select(harbour.accounts, ["Quell", "Dask"], False, harbour.merges)
    assert {a.party for a in chosen} == {"Harbour Users Alliance", "the Port Authority of Elmsby"}
    with pytest.raises(TooFewParties):
        select(harbour.accounts, ["Quell", "Dask"], False)  # without the merges: names unknown


def test_an_organisation_known_by_its_initials_is_not_a_country() -> None:
    # The tagger may call the initials a nationality; a president of the union speaks for the
    # union, and the union's other officers join it rather than a "government" led by her.
    text = (
        "Teachers rally against the school funding cut\n\n"
        "NFTU President Dana Holt said the cut “will close rural schools.”\n\n"
        "“We will see the state in court,” said Eli Brandt, the NFTU's legal director.\n\n"
        "NFTU leaders said the strike fund “can last the whole term.”\n\n"
        "“The budget is balanced at last,” Governor Sam Reyes said.\n"
    )
    analysis = analyse(text)
    party = {aq.speaker: aq.party for aq in analysis.quotes}
    # Its officers and "NFTU leaders": one party, not the union twice under two names.
    assert party["Dana Holt"] == party["Eli Brandt"] == party["NFTU leaders"] == "NFTU"
    assert party["Sam Reyes"] == "Sam Reyes"
    assert [m.reason for m in analysis.merges] == ["speaks for NFTU"]
