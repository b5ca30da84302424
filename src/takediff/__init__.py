"""takediff: a diff for what people say happened.

>>> report = takediff.compare({"Norland": text_a, "Sudrea": text_b})
"""

__version__ = "0.1.0"

from takediff.article import from_article  # noqa: E402
from takediff.errors import TakediffError  # noqa: E402
from takediff.pipeline import compare  # noqa: E402
from takediff.types import (  # noqa: E402
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

__all__ = [
    "Account",
    "Claim",
    "Cue",
    "Document",
    "Relation",
    "Report",
    "Span",
    "TakediffError",
    "Topic",
    "TopicVerdict",
    "compare",
    "from_article",
    "__version__",
]
