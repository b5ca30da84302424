from collections import Counter

import pytest

import takediff
from takediff.errors import DuplicateParty, EmptyInput, TooFewParties


def test_example_report_finds_the_planted_divergences(example_report) -> None:
    def verdict_of(party: str, word: str) -> str:
        (v,) = [
            v
            for v in example_report.verdicts
            if any(c.party == party and word in c.text for c in v.topic.claims)
        ]
        return v.label

    assert verdict_of("Norland", "reopen") == "contradict"  # reopen vs remain closed
    assert verdict_of("Sudrea", "no release") == "contradict"  # agreed vs not agreed
    assert verdict_of("Norland", "jobs") == "one_sided"
    assert verdict_of("Sudrea", "sovereignty") == "one_sided"
    assert 0.2 < example_report.divergence <= 1.0


def test_swapping_parties_swaps_sides_not_verdicts(example_texts) -> None:
    (a, ta), (b, tb) = example_texts.items()
    forward = takediff.compare({a: ta, b: tb})
    backward = takediff.compare({b: tb, a: ta})
    assert Counter(v.label for v in forward.verdicts) == Counter(v.label for v in backward.verdicts)
    assert forward.divergence == pytest.approx(backward.divergence, abs=1e-6)


def test_identical_accounts_do_not_diverge(example_texts) -> None:
    text = next(iter(example_texts.values()))
    report = takediff.compare({"One": text, "Two": text})
    assert {v.label for v in report.verdicts} <= {"agree"}
    assert report.divergence == 0.0


def test_three_parties(example_texts) -> None:
    texts = dict(example_texts)
    texts["Observer"] = (
        "Observers at the river said the border crossings remain closed and "
        "that no fishermen have been released."
    )
    report = takediff.compare(texts)
    assert report.parties == tuple(texts)
    assert any(len(v.topic.parties) == 3 for v in report.verdicts)


@pytest.mark.parametrize(
    ("accounts", "error"),
    [
        ({"A": "Only one party speaks here."}, TooFewParties),
        ({"A": "Words here.", "B": "   "}, EmptyInput),
        ({"A": "Words here.", " ": "More words."}, EmptyInput),
    ],
)
def test_bad_accounts(accounts, error) -> None:
    with pytest.raises(error):
        takediff.compare(accounts)


def test_duplicate_party_names_are_refused() -> None:
    from takediff.attribute import whole_text
    from takediff.ingest import make_document

    doc = make_document("The ferry will sail tomorrow.")
    with pytest.raises(DuplicateParty):
        takediff.compare([whole_text("A", doc), whole_text("A", doc)])
