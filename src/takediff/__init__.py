"""takediff: a diff for what people say happened.

>>> report = takediff.compare({"Norland": text_a, "Sudrea": text_b})
"""

from takediff.article import from_article
from takediff.errors import TakediffError
from takediff.pipeline import Pipeline, compare
from takediff.render.html import to_html
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

__all__ = [
    "Account",
    "Claim",
    "Cue",
    "Document",
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
    "to_dict",
    "to_html",
]
