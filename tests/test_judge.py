import pytest

from takediff.annotate import annotate
from takediff.attribute import make_accounts
from takediff.judge import check_rules, judge
from takediff.segment import segment


def pair(a: str, b: str, nlp: object) -> tuple:
    accounts = make_accounts({"A": a, "B": b})
    (ca,) = annotate(segment(accounts[0], nlp))
    (cb,) = annotate(segment(accounts[1], nlp))
    return ca, cb


@pytest.mark.parametrize(
    ("a", "b", "rule"),
    [
        (
            "The two sides agreed to release the detained sailors.",
            "No release of the detained sailors has been agreed.",
            "negation",
        ),
        (
            "The border crossings will reopen on Monday.",
            "The border crossings will remain closed on Monday.",
            "antonym",
        ),
        (
            "Fourteen soldiers were killed in the attack on the base.",
            "Three soldiers were killed in the attack on the base.",
            "numbers",
        ),
        (
            "The ministry refused to commit to a withdrawal of the troops.",
            "The ministry will definitely withdraw the troops this month.",
            "refusal",
        ),
    ],
)
def test_explicit_contradictions(a: str, b: str, rule: str, nlp: object) -> None:
    ca, cb = pair(a, b, nlp)
    hit = check_rules(ca, cb, similarity=0.8)
    assert hit is not None and hit.rule == rule
    assert check_rules(cb, ca, similarity=0.8) is not None  # symmetric


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "The two sides agreed to release the detained sailors.",
            "The two sides agreed to release the detained sailors soon.",
        ),
        (
            "Fourteen soldiers were killed in the attack on the base.",
            "Fourteen soldiers were killed in the attack on the base, officials said.",
        ),
        (
            "The border crossings will reopen on Monday.",
            "The border crossings will reopen as planned.",
        ),
    ],
)
def test_no_rule_fires_on_compatible_claims(a: str, b: str, nlp: object) -> None:
    ca, cb = pair(a, b, nlp)
    assert check_rules(ca, cb, similarity=0.9) is None


def test_rules_need_the_same_subject_matter(nlp: object) -> None:
    ca, cb = pair(
        "The two sides agreed to release the detained sailors.",
        "No release of the detained sailors has been agreed.",
        nlp,
    )
    assert check_rules(ca, cb, similarity=0.1) is None


def test_model_judges_both_directions(nlp: object, stance_model: object) -> None:
    ca, cb = pair(
        "The embassy in the capital will close on Friday.",
        "Reports that the embassy in the capital will close on Friday are false.",
        nlp,
    )
    (rel,) = judge([(ca, cb)], stance_model, {(ca.id, cb.id): 0.8})
    assert rel.label == "contradict"
    assert set(rel.scores) == {"entail", "contradict", "neutral", "unrelated"}
    assert all(0.0 <= v <= 1.0 for v in rel.scores.values())


def test_relation_scores_read_either_judge_by_label_name() -> None:
    import numpy as np

    from takediff.judge import relation_scores
    from takediff.models import NLI_LABELS, STANCE_LABELS

    # Two directions of one pair: the stronger direction gives entailment and contradiction.
    nli = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]])
    got = relation_scores(nli, NLI_LABELS)
    assert got == {"entail": 0.7, "contradict": 0.6, "neutral": 0.25, "unrelated": 0.0}
    stance = np.array([[0.7, 0.1, 0.1, 0.1], [0.1, 0.6, 0.1, 0.2]])
    got = relation_scores(stance, STANCE_LABELS)
    assert got["entail"] == 0.7 and got["contradict"] == 0.6
    assert got["neutral"] == pytest.approx(0.1) and got["unrelated"] == pytest.approx(0.15)


class _Fixed:
    """A stand-in judge: the same probabilities over its ``labels`` for every pair."""

    def __init__(self, labels: tuple[str, ...], row: list[float]) -> None:
        self.name, self.labels, self.row, self.seen = "fixed", labels, row, 0

    def score(self, pairs):
        import numpy as np

        self.seen += len(pairs)
        return np.tile(np.array(self.row), (len(pairs), 1))


def test_an_nli_judge_takes_unrelated_from_the_relatedness_model() -> None:
    from takediff.judge import judge
    from takediff.models import NLI_LABELS, STANCE_LABELS
    from takediff.types import Claim

    a = Claim("A#1", "A", "d", "Farm subsidies will rise next year.", 0, 34)
    b = Claim("B#1", "B", "d", "The navy launched a new frigate.", 0, 32)
    unsure = _Fixed(NLI_LABELS, [0.2, 0.6, 0.2])
    (plain,) = judge([(a, b)], unsure, rules=False)
    assert plain.label == "neutral" and plain.scores["unrelated"] == 0.0
    far = _Fixed(STANCE_LABELS, [0.05, 0.05, 0.1, 0.8])
    (gated,) = judge([(a, b)], unsure, rules=False, relatedness=far)
    assert gated.label == "unrelated" and gated.scores["unrelated"] == pytest.approx(0.8)
    assert far.seen == 2  # both directions
    # A judge with its own unrelated class is not second-guessed.
    stance = _Fixed(STANCE_LABELS, [0.1, 0.1, 0.7, 0.1])
    (own,) = judge([(a, b)], stance, rules=False, relatedness=far)
    assert own.label == "neutral" and far.seen == 2
