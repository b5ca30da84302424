"""training/contrast.py: each rule edits a premise into a hypothesis of known label."""

from __future__ import annotations

from typing import Any

import pytest

from takediff.evaluate.nli_data import NliPair
from takediff.training.contrast import RULES, make_pairs, verb_antonyms

ANTONYMS = verb_antonyms([("open", "close", "v"), ("accept", "reject", "v"), ("hot", "cold", "a")])


def premise(i: int, text: str, split: str = "train") -> NliPair:
    return NliPair(f"t{i}", "test", "nli3", text, "anything", "neutral", split)


def made(texts: list[str], nlp: Any, per_rule: int = 5) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    pairs = make_pairs(
        [premise(i, t) for i, t in enumerate(texts)], nlp, ANTONYMS, per_rule=per_rule
    )
    for p in pairs:
        out.setdefault(p.id.split("-")[1], []).append((p.hypothesis, p.label))
    return out


def test_each_rule_makes_its_edit_with_its_label(nlp: Any) -> None:
    out = made(
        [
            "The ministry will open the northern crossing on Monday.",
            "The council approved 40 new teaching posts for the district.",
            "The union will accept the offer from the rail company.",
            "The mayor praised the nurses and the teachers at the ceremony.",
        ],
        nlp,
    )
    assert ("The ministry will not open the northern crossing on Monday.", "contradiction") in out[
        "negation"
    ]
    framed = [h for h, _ in out["framed_negation"]]
    assert any(
        h.endswith("the ministry will not open the northern crossing on Monday.") for h in framed
    )
    (date, label), *_ = out["date"]
    assert "Monday" not in date and label == "contradiction"
    numbers = [h for h, _ in out["number"]]
    assert numbers and "40" not in numbers[0] and "new teaching posts" in numbers[0]
    assert ("The union will reject the offer from the rail company.", "contradiction") in out[
        "antonym"
    ]
    assert ("The mayor praised the nurses at the ceremony.", "entailment") in out["scope"]
    assert set(out) <= set(RULES)


def test_no_edit_where_the_label_would_not_be_known(nlp: Any) -> None:
    out = made(
        [
            "More than 40 people attended the meeting in the hall.",  # a bound, not a value
            "The union will not accept the offer from the company.",  # negated already
            "Will the ministry open the crossing on the first day?",  # a question
            "The road runs between the river and the old mill.",  # "between" needs both
        ],
        nlp,
    )
    assert "number" not in out and "scope" not in out
    assert all("not not" not in h for h, _ in out.get("negation", []))
    assert not any("Will the" in h for hs in out.values() for h, _ in hs)


def test_rules_stop_at_their_quota_and_refuse_dev_premises(nlp: Any) -> None:
    texts = [f"The ministry will open crossing number {i} on Monday." for i in range(10, 20)]
    out = made(texts, nlp, per_rule=2)
    assert all(len(v) <= 2 for v in out.values())
    with pytest.raises(ValueError, match="train premises only"):
        make_pairs([premise(0, texts[0], split="dev")], nlp, ANTONYMS, per_rule=1)
