"""Shared fixtures: the real default models, loaded once per test session."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from seed import SHARED  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DATA = SHARED / "data"


@pytest.fixture(scope="session")
def nlp() -> Any:
    from takediff.segment import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def embedder() -> Any:
    from takediff.models import get_embedder

    return get_embedder()


@pytest.fixture(scope="session")
def stance_model() -> Any:
    from takediff.models import get_stance_model

    return get_stance_model()


@pytest.fixture(scope="session")
def judge() -> Any:
    """The claim judge compare() runs."""
    from takediff.models import get_judge

    return get_judge()


@pytest.fixture(scope="session")
def judge_model(judge: Any) -> Any:
    """The same, for modules where ``judge`` names the stage function."""
    return judge


@pytest.fixture(scope="session")
def pipeline(nlp: Any, embedder: Any, judge: Any, stance_model: Any) -> Any:
    """A Pipeline over the session's models, as compare() builds it."""
    from takediff.pipeline import Pipeline

    return Pipeline(nlp=nlp, embedder=embedder, judge=judge, stance=stance_model)


@pytest.fixture(scope="session")
def example_texts() -> dict[str, str]:
    """The two leaders' statements of the README's first command (not the article example)."""
    return {
        name.capitalize(): (EXAMPLES / f"{name}.txt").read_text(encoding="utf-8")
        for name in ("norland", "sudrea")
    }


@pytest.fixture(scope="session")
def example_report(example_texts: dict[str, str]) -> Any:
    import takediff

    return takediff.compare(example_texts)
