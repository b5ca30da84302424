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
