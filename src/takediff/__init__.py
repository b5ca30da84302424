"""takediff: a diff for what people say happened.

>>> report = takediff.compare({"Norland": text_a, "Sudrea": text_b})
"""

from typing import Any

from takediff.article import from_article
from takediff.errors import TakediffError
from takediff.pipeline import Pipeline, compare
from takediff.reading import JudgeReading, judge_pair, judge_pairs
from takediff.report import to_dict
from takediff.settings import Settings
from takediff.types import (
    Account,
    Claim,
    Cue,
    Document,
    Relation,
    Report,
    Span,
    Topic,
    TopicVerdict,
)
from takediff.version import __version__


def __getattr__(name: str) -> Any:
    """``takediff.to_html`` loads the HTML renderer (Jinja2) on first use, not at import."""
    if name == "to_html":
        from takediff.render.html import to_html

        return to_html
    raise AttributeError(f"module 'takediff' has no attribute {name!r}")


__all__ = [
    "Account",
    "Claim",
    "Cue",
    "Document",
    "JudgeReading",
    "Pipeline",
    "Relation",
    "Report",
    "Settings",
    "Span",
    "TakediffError",
    "Topic",
    "TopicVerdict",
    "__version__",
    "compare",
    "from_article",
    "judge_pair",
    "judge_pairs",
    "to_dict",
    "to_html",
]
