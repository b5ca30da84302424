"""The LLM judge's routing; the LLM itself is optional and not installed in CI."""

import importlib.util

import pytest

from takediff.errors import ModelUnavailable
from takediff.llm import LlmJudge, is_hard, refine
from takediff.types import Claim, Relation


def relation(contradict: float, entail: float, source: str = "model") -> Relation:
    a = Claim("A#1", "A", "d", "The port opens today.", 0, 21)
    b = Claim("B#1", "B", "d", "The port may open soon.", 0, 23)
    scores = {"contradict": contradict, "entail": entail, "neutral": 0.3, "unrelated": 0.1}
    return Relation(a, b, "neutral", scores, source)


class Answers:
    """Stands in for the LLM: records what it was asked, answers "contradict"."""

    def __init__(self) -> None:
        self.asked: list[Relation] = []

    def ask(self, rel: Relation):
        self.asked.append(rel)
        return "contradict", "opens today vs may open soon"


def test_only_hard_model_relations_go_to_the_llm() -> None:
    hard, sure, ruled = relation(0.5, 0.2), relation(0.95, 0.01), relation(0.5, 0.2, "rule:x")
    assert is_hard(hard) and not is_hard(sure) and not is_hard(ruled)
    fake = Answers()
    out = refine([hard, sure, ruled], fake)  # type: ignore[arg-type]
    assert fake.asked == [hard]
    assert out[0].label == "contradict" and out[0].source == "llm" and out[0].reason
    assert out[1] is sure and out[2] is ruled


@pytest.mark.skipif(
    importlib.util.find_spec("llama_cpp") is not None, reason="llama-cpp-python is installed"
)
def test_missing_llama_cpp_is_a_clear_error() -> None:
    with pytest.raises(ModelUnavailable, match="pip install llama-cpp-python"):
        LlmJudge("/nowhere/model.gguf")
