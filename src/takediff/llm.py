"""An optional LLM judge for hard cases and explanations (off by default).

Set ``TAKEDIFF_LLM`` to a local GGUF file (or ``repo_id::filename`` for a hub model, which
llama.cpp downloads once) and install ``llama-cpp-python``. The pipeline then asks the LLM about
relations the cross-encoder is unsure of (no rule fired and neither contradiction nor entailment
is clearly above or below its threshold), and keeps the LLM's one-sentence reason. At about five
pairs a second on two cores it is too slow to judge every pair.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from functools import lru_cache
from typing import Any

from takediff.errors import ModelUnavailable
from takediff.settings import LlmSettings
from takediff.types import Relation, RelationLabel

_LABELS: dict[str, RelationLabel] = {
    "agree": "entail",
    "entail": "entail",
    "contradict": "contradict",
    "neutral": "neutral",
    "unrelated": "unrelated",
}
PROMPT = """Two parties describe the same event. Compare their statements.
Party {pa}: "{a}"
Party {pb}: "{b}"
Answer with JSON: {{"label": "agree" | "contradict" | "neutral" | "unrelated", "reason": "<one \
sentence quoting the deciding words>"}}. "contradict" means both cannot be true at once; "agree" \
means one states what the other states; "neutral" means same subject, neither follows.
"""


class LlmJudge:
    """A llama.cpp chat model that labels one claim pair and says why in one sentence."""

    def __init__(self, spec: str) -> None:
        try:
            from llama_cpp import Llama
        except ImportError as exc:
            raise ModelUnavailable(
                "TAKEDIFF_LLM is set but llama-cpp-python is not installed: "
                "pip install llama-cpp-python (builds from source, a few minutes)"
            ) from exc
        self.name = spec
        threads = os.cpu_count() or 1
        if "::" in spec:
            repo, filename = spec.split("::", 1)
            self._llm = Llama.from_pretrained(
                repo, filename, n_ctx=2048, n_threads=threads, verbose=False
            )
        elif os.path.isfile(spec):
            self._llm = Llama(model_path=spec, n_ctx=2048, n_threads=threads, verbose=False)
        else:
            raise ModelUnavailable(f"TAKEDIFF_LLM={spec!r} is neither a GGUF file nor repo::file")

    def ask(self, rel: Relation) -> tuple[RelationLabel, str] | None:
        prompt = PROMPT.format(
            pa=rel.claim_a.party, a=rel.claim_a.plain, pb=rel.claim_b.party, b=rel.claim_b.plain
        )
        out: Any = self._llm.create_chat_completion(
            messages=[{"role": "user", "content": prompt}],
            response_format={"type": "json_object"},
            temperature=0.0,
            max_tokens=120,
        )
        try:
            data = json.loads(out["choices"][0]["message"]["content"])
            return _LABELS[str(data["label"]).lower()], str(data.get("reason", ""))[:300]
        except (KeyError, ValueError, TypeError):
            return None  # an unparseable answer leaves the cross-encoder's verdict in place


def is_hard(rel: Relation, settings: LlmSettings = LlmSettings()) -> bool:
    """A relation is hard when its deciding probability lies inside the settings' band."""
    lo, hi = settings.hard_low, settings.hard_high
    deciding = max(rel.scores["contradict"], rel.scores["entail"])
    return rel.source == "model" and lo <= deciding <= hi


def refine(
    relations: list[Relation], judge: LlmJudge, settings: LlmSettings = LlmSettings()
) -> list[Relation]:
    """Replace the label of each hard relation with the LLM's, keeping its reason."""
    out = []
    for rel in relations:
        answer = judge.ask(rel) if is_hard(rel, settings) else None
        if answer is None:
            out.append(rel)
        else:
            label, reason = answer
            out.append(replace(rel, label=label, source="llm", reason=reason))
    return out


@lru_cache(maxsize=2)
def get_llm_judge(spec: str | None = None) -> LlmJudge | None:
    """The LLM judge named by ``spec`` or $TAKEDIFF_LLM, or None when it is off (the default)."""
    spec = spec or os.environ.get("TAKEDIFF_LLM")
    return LlmJudge(spec) if spec else None
