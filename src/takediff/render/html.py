"""A self-contained HTML report: summary, topics sharpest first, each party's text highlighted.

No asset comes from the network: CSS and a few lines of JavaScript are inline. Every piece of
input text is cut at its offsets and escaped on its own (Jinja2 autoescape), so an account that
contains markup shows as the words it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from takediff.report import notices, summary
from takediff.types import Account, Claim, Report, TopicVerdict

#: CSS class of each cue kind: the five groups a reader tells apart, plus hearsay.
CUE_CLASS = {
    "firm": "cue-firm",
    "hedge": "cue-hedge",
    "condition": "cue-condition",
    "timing_now": "cue-timing cue-timing-now",
    "timing_future": "cue-timing cue-timing-future",
    "negation": "cue-negation",
    "refusal": "cue-negation cue-refusal",
    "attribution": "cue-attribution",
}
CUE_LEGEND = (
    ("firm", "firm"),
    ("hedge", "hedged"),
    ("condition", "condition"),
    ("timing", "timing"),
    ("negation", "negation / refusal"),
    ("attribution", "hearsay"),
)
VERDICT_NAMES = {
    "contradict": "contradict",
    "commitment_gap": "commitment gap",
    "one_sided": "one-sided",
    "related": "related",
    "agree": "agree",
}


@dataclass(slots=True, frozen=True)
class Piece:
    """A run of input text, with the cue kind that marks it (``None``: plain words)."""

    text: str
    cue: str | None = None
    kind: str = ""


@dataclass(slots=True)
class ClaimView:
    """A claim as shown: where it is, which topic and verdict it belongs to, its pieces."""

    claim: Claim
    html_id: str
    topic_id: str
    verdict: str
    party_index: int
    pieces: list[Piece]


@dataclass(slots=True)
class TextRun:
    """A stretch of a full text: a claim, plain words of an account, or words outside any."""

    text: str = ""
    outside: bool = False
    claim: ClaimView | None = None


@dataclass(slots=True)
class Panel:
    """One full text with its claims in place: a party's own text, or an article's shared one."""

    parties: list[str]
    source: str
    runs: list[TextRun] = field(default_factory=list)


def claim_pieces(claim: Claim) -> list[Piece]:
    """The claim's text cut at its cues' offsets; overlapping or stray cues are left plain."""
    pieces: list[Piece] = []
    pos = claim.start
    for cue in sorted(claim.cues, key=lambda c: (c.start, -c.end)):
        start, end = max(cue.start, claim.start), min(cue.end, claim.end)
        if start < pos or end <= start:
            continue
        if start > pos:
            pieces.append(Piece(claim.text[pos - claim.start : start - claim.start]))
        pieces.append(
            Piece(
                claim.text[start - claim.start : end - claim.start],
                CUE_CLASS.get(cue.kind, "cue-other"),
                cue.kind.replace("_", " "),
            )
        )
        pos = end
    if pos < claim.end:
        pieces.append(Piece(claim.text[pos - claim.start :]))
    return pieces


def _covers_all(account: Account) -> bool:
    text = account.document.text
    return sum(s.end - s.start for s in account.spans) >= len(text.strip())


def _plain_runs(text: str, start: int, end: int, inside: list[tuple[int, int]]) -> list[TextRun]:
    """Plain text between claims, split into the parts inside and outside the accounts shown."""
    runs: list[TextRun] = []
    pos = start
    for a, b in inside:
        a, b = max(a, start), min(b, end)
        if b <= a or b <= pos:
            continue
        if a > pos:
            runs.append(TextRun(text[pos:a], outside=True))
        runs.append(TextRun(text[max(a, pos) : b]))
        pos = b
    if pos < end:
        runs.append(TextRun(text[pos:end], outside=True))
    return runs


def panels(report: Report, views: dict[str, ClaimView]) -> list[Panel]:
    """The full texts to show. A party whose account is a whole text gets its own panel;
    accounts that are parts of one shared text (quotes in an article) share one panel."""
    groups: dict[tuple[str, ...], tuple[Panel, list[Account]]] = {}
    for acc in report.accounts:
        key = (acc.document.id,) if not _covers_all(acc) else (acc.document.id, acc.party)
        if key not in groups:
            groups[key] = (Panel([], acc.document.source), [])
        groups[key][0].parties.append(acc.party)
        groups[key][1].append(acc)
    out = []
    for panel, accounts in groups.values():
        text = accounts[0].document.text
        names = set(panel.parties)
        doc_id = accounts[0].document.id
        inside = sorted((s.start, s.end) for acc in accounts for s in acc.spans)
        claims = sorted(
            (v for v in views.values() if v.claim.party in names and v.claim.document_id == doc_id),
            key=lambda v: (v.claim.start, -v.claim.end),
        )
        pos = 0
        for view in claims:
            c = view.claim
            if c.start < pos or c.end > len(text) or text[c.start : c.end] != c.text:
                continue  # overlapping or not from this text: shown in its topic only
            panel.runs.extend(_plain_runs(text, pos, c.start, inside))
            panel.runs.append(TextRun(claim=view))
            pos = c.end
        panel.runs.extend(_plain_runs(text, pos, len(text), inside))
        out.append(panel)
    return out


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment of takediff's templates, autoescaping everything."""
    env = Environment(
        loader=PackageLoader("takediff", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(cue_legend=CUE_LEGEND, verdict_names=VERDICT_NAMES)
    return env


def _topic_columns(
    report: Report, verdict: TopicVerdict, views: dict[str, ClaimView]
) -> list[tuple[str, list[ClaimView]]]:
    return [
        (party, [views[c.id] for c in verdict.topic.claims if c.party == party])
        for party in report.parties
    ]


def verdict_detail(verdict: TopicVerdict) -> str:
    """The numbers behind a verdict, for a hover: explanations are plain sentences."""
    parts = [f"strength {verdict.strength:.2f}"]
    ids = {c.id for c in verdict.evidence}
    rel = next(
        (r for r in verdict.relations if {r.claim_a.id, r.claim_b.id} == ids and len(ids) == 2),
        None,
    )
    if rel is not None:
        s = rel.scores
        parts.append(
            f"judge: contradiction {s['contradict']:.2f}, entailment {s['entail']:.2f}, "
            f"neutral {s['neutral']:.2f}; similarity {rel.similarity:.2f}"
        )
    parts += [f"{c.party}: commitment {c.commitment:.2f}" for c in verdict.evidence]
    return " · ".join(parts)


def html_context(report: Report) -> dict[str, Any]:
    """What the report template shows, built from the Report alone."""
    party_index = {p: i for i, p in enumerate(report.parties)}
    views: dict[str, ClaimView] = {}
    for v in report.verdicts:
        for c in v.topic.claims:
            views[c.id] = ClaimView(
                c,
                f"claim-{len(views) + 1}",
                v.topic.id,
                v.label,
                party_index.get(c.party, 0),
                claim_pieces(c),
            )
    topics = [
        {
            "rank": rank,
            "verdict": v,
            "label": VERDICT_NAMES.get(v.label, v.label),
            "columns": _topic_columns(report, v, views),
            "evidence": {c.id for c in v.evidence},
            "detail": verdict_detail(v),
        }
        for rank, v in enumerate(report.verdicts, 1)
    ]
    counts: dict[str, int] = {}
    for v in report.verdicts:
        counts[v.label] = counts.get(v.label, 0) + 1
    return {
        "report": report,
        "summary": summary(report, with_notices=False),
        "notices": notices(report),
        "topics": topics,
        "counts": counts,
        "panels": panels(report, views),
        "party_index": party_index,
        "meta": report.meta,
    }


def to_html(
    report: Report, *, title: str | None = None, links: Mapping[str, str] | None = None
) -> str:
    """The report as one HTML page that needs nothing else: open it, print it, mail it.

    ``links`` (label → URL) adds a navigation bar, as the web app does for its pages.
    """
    title = title or "takediff: " + ", ".join(report.parties)
    return (
        environment()
        .get_template("report.html")
        .render(title=title, links=dict(links or {}), **html_context(report))
    )


__all__ = ["CUE_CLASS", "claim_pieces", "html_context", "to_html"]
