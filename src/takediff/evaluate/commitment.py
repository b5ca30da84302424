"""takediff's commitment score for words in a text, computed as ``takediff.compare`` does it.

The text goes through the pipeline's segment → annotate; a word's score is the commitment of the
claim (clause) that holds it. Shared by the CommitmentBank, factuality and ClaimDiff evaluations.
"""

from __future__ import annotations

import re

from takediff.annotate import annotate_claim
from takediff.attribute import whole_text
from takediff.ingest import make_document
from takediff.pipeline import Pipeline
from takediff.segment import Parsed
from takediff.types import Claim

_WORD = re.compile(r"[^\W\d_]{3,}")


def claims_of(text: str, pipeline: Pipeline) -> list[Claim]:
    """The annotated claims of ``text``; a text too short to hold a claim counts as one."""
    doc = make_document(text, source="evaluation item")
    claims = pipeline.claims([whole_text("item", doc)])
    if claims:
        return claims
    whole = Claim("item#1", "item", doc.id, text, 0, len(text))
    return [annotate_claim(Parsed(whole, pipeline.nlp(text)[:]), pipeline.settings.commitment)]


def claim_at(claims: list[Claim], start: int, end: int) -> Claim:
    """The claim that holds character ``start``, else the one nearest to [start, end)."""
    for claim in claims:
        if claim.start <= start < claim.end:
            return claim
    return min(claims, key=lambda c: max(c.start - end, start - c.end, 0))


def claim_about(claims: list[Claim], words: str) -> Claim:
    """The claim sharing most words (of three letters or more) with ``words``; first on ties."""
    wanted = {w.lower() for w in _WORD.findall(words)}
    return max(claims, key=lambda c: len(wanted & {w.lower() for w in _WORD.findall(c.text)}))


def signed_commitment(claim: Claim) -> float:
    """Commitment with the claim's polarity. Factuality scales put "did not happen" below zero;
    takediff keeps firmness and negation apart (a firm denial is a firm claim), so a negated claim
    reads as minus its commitment."""
    return -claim.commitment if claim.negated else claim.commitment


def text_commitment(claims: list[Claim]) -> float:
    """One score for a whole text: the mean commitment of its claims."""
    return sum(c.commitment for c in claims) / len(claims)
