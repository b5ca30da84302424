"""One closed event → one output row: its parties' accounts compared, offsets into the records.

Records with a party are that party's words, whole; a party with several records gets them joined
into one account. Records without a party are news articles: ``takediff.article.analyse`` splits
each into its speakers' quotes (the writer's own voice is left out), and a speaker quoted in
several articles of the event ("Ilse Varga", "Varga") is one party. Every claim in the row names
its record and its offsets into that record's text. ``only_here`` lists the claims whose words
the other parties' records do not use (``corpus.only_here``): what the others left out.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from takediff.corpus import only_here
from takediff.corpus.grouping import EventTask
from takediff.corpus.records import Record
from takediff.pipeline import Pipeline
from takediff.report import to_dict
from takediff.speakers import INITIALS
from takediff.types import Account, Claim, Document, Report, Span

#: Between two records of one party in its joined account: a paragraph break.
JOIN = "\n\n"


def load_pipeline(max_chars: int) -> Pipeline:
    """The pipeline one worker loads once and uses for every event."""
    return Pipeline(max_chars=max_chars).load()


@dataclass(slots=True)
class _Party:
    name: str
    given: bool  # named by the record's party field, not found as a speaker in an article
    pieces: list[tuple[Record, tuple[Span, ...]]] = field(default_factory=list)


#: An initial or a dotted acronym ("F.", "N.A.A.C.P."): read without its dots.
_DOTTED = re.compile(r"(?:\w\.)+\w?")


def _words(name: str) -> list[str]:
    """A name's words, case-folded, an acronym's dots dropped ("N.A.A.C.P." = "NAACP")."""
    return [w.replace(".", "") if _DOTTED.fullmatch(w) else w for w in name.casefold().split()]


def _same_person(a: str, b: str) -> bool:
    """ "Ilse Varga" and "Varga" (or "varga"): one name is the other's last words, once middle
    initials and a leading "the" are set aside ("Ilse M. Varga" is "Ilse Varga"; "the port
    authority" is "the Keldt port authority"), as two outlets write one name."""

    def core(words: list[str]) -> list[str]:
        words = words[1:] if words[:1] == ["the"] else words
        return [w for i, w in enumerate(words) if len(w) > 1 or i in (0, len(words) - 1)]

    short, long_ = sorted((core(_words(a)), core(_words(b))), key=len)
    return bool(short) and long_[len(long_) - len(short) :] == short


#: Words an organisation's initials may leave out ("Bank of Norland": "BON" or "BN").
_SMALL = frozenset("of and for the on in to at &".split())


def _initials(a: str, b: str) -> bool:
    """ "the NFTU" and "the Northern Ferry Transport Union": one names the other by its
    initials, as one outlet spells out what another abbreviates."""
    for short, long_ in ((a, b), (b, a)):
        words = [w for w in short.split() if w.casefold() != "the"]
        if len(words) != 1 or not INITIALS.fullmatch(words[0]):
            continue
        letters = words[0].replace(".", "").casefold()
        full = [w for w in _words(long_) if w != "the"]
        if len(full) >= 3 and letters in (
            "".join(w[0] for w in full),
            "".join(w[0] for w in full if w not in _SMALL),
        ):
            return True
    return False


def _of_cut(a: str, b: str) -> bool:
    """ "People's Bank" and "the People's Bank of Norland": one outlet's name is the other's
    cut before its "of" (the parser leaves "of Norland" out of the speaker). Two words at least:
    "the Bank" is too little to tell."""
    short, long_ = sorted(([w for w in _words(n) if w != "the"] for n in (a, b)), key=len)
    n = len(short)
    return n >= 2 and len(long_) > n + 1 and long_[:n] == short and long_[n] == "of"


def _party(parties: list[_Party], name: str, given: bool) -> _Party:
    """The party this name belongs to. Names from party fields match only each other's exact
    spelling (any case); a speaker's name also matches by its last words, as the other's
    initials, or as the other cut before its "of"."""
    for p in parties:
        if p.given and given:
            same = _words(p.name) == _words(name)
        else:
            same = _same_person(p.name, name) or _initials(p.name, name) or _of_cut(p.name, name)
        if same:
            if len(name) > len(p.name):
                p.name = name
            p.given = p.given or given
            return p
    parties.append(_Party(name, given))
    return parties[-1]


def _parties(task: EventTask, pipeline: Pipeline, outlets: bool = False) -> list[_Party]:
    """Each party's pieces. With ``outlets`` a record's party is the outlet that published it:
    the writer's own voice is the outlet's account and the people it quotes speak for
    themselves, so two outlets quoting one senator are not set against each other."""
    from takediff.article import ARTICLE

    parties: list[_Party] = []
    governments: dict[str, _Party] = {}  # country → the party speaking for its government
    for rec in task.records:
        if rec.party is not None and not outlets:
            whole = (Span(0, len(rec.text), rec.text),)
            _party(parties, rec.party, True).pieces.append((rec, whole))
            continue
        analysis = pipeline.article(_document(rec.text, rec.id))
        for acc in analysis.accounts:
            if acc.party == ARTICLE:
                if rec.party is not None:
                    _party(parties, rec.party, True).pieces.append((rec, acc.spans))
                continue
            # One government is one party across the event's articles, as in one article
            # ("Norland" in one outlet, "Norland's foreign ministry" in another).
            where = analysis.government.get(acc.party)
            party = governments.get(where) if where else None
            if party is None:
                party = _party(parties, acc.party, False)
            if where:
                governments.setdefault(where, party)
            party.pieces.append((rec, acc.spans))
    return parties


def _document(text: str, source: str) -> Document:
    # Built directly, not through ingest: the record's text is taken as it is (no HTML
    # extraction), so every offset indexes exactly the text the user gave.
    digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return Document(digest, text, source, {"encoding": "utf-8", "chars": len(text)})


def _account(task: EventTask, party: _Party) -> tuple[Account, list[tuple[int, Record]]]:
    """One account per party; its text the party's records joined, spans shifted to match."""
    texts: list[str] = []
    bases: list[tuple[int, Record]] = []
    spans: list[Span] = []
    base = 0
    for rec, rec_spans in party.pieces:
        bases.append((base, rec))
        texts.append(rec.text)
        spans.extend(Span(base + s.start, base + s.end, s.text) for s in rec_spans)
        base += len(rec.text) + len(JOIN)
    doc = _document(JOIN.join(texts), f"{task.key}/{party.name}")
    # Each record's own end: a feed's excerpt cut off on "…" loses its last fragment there too.
    doc.meta["texts"] = [(b, b + len(rec.text)) for b, rec in bases]
    return Account(party.name, doc, tuple(spans)), bases


def accounts_of(
    task: EventTask, pipeline: Pipeline, outlets: bool = False
) -> tuple[list[Account], list[str]]:
    """The event's accounts, one per party, and the parties that are reports (the outlets'
    own reporting, with ``outlets``), as ``compare_event`` compares them."""
    parties = _parties(task, pipeline, outlets)
    return [_account(task, p)[0] for p in parties], _reports(parties, outlets)


def _reports(parties: list[_Party], outlets: bool) -> list[str]:
    """An outlet's own reporting is a report of what happened, set against quoted words."""
    return [p.name for p in parties if p.given] if outlets else []


def _claim(claim: Claim, bases: list[tuple[int, Record]]) -> dict[str, Any]:
    base, rec = max((b for b in bases if b[0] <= claim.start), key=lambda b: b[0])
    return {
        "party": claim.party,
        "record_id": rec.id,
        "date": rec.date,
        "start": claim.start - base,
        "end": claim.end - base,
        "text": claim.text,
        "commitment": round(claim.commitment, 4),
        "modality": claim.modality,
        "negated": claim.negated,
    }


def _row(task: EventTask, status: str, parties: list[str], message: str | None) -> dict[str, Any]:
    dates = sorted(r.date for r in task.records if r.date is not None)
    return {
        "event": task.key,
        "status": status,
        "message": message,
        "grouping": task.grouping,
        "parties": parties,
        "date_start": dates[0] if dates else None,
        "date_end": dates[-1] if dates else None,
        "records": [
            {"id": r.id, "party": r.party, "date": r.date, "url": r.url} for r in task.records
        ],
        "divergence": None,
        "summary": None,
        "topics": [],
        "only_here": [],
        "report": None,
    }


def _full(report: Report) -> dict[str, Any]:
    full = to_dict(report)
    full["meta"] = {k: v for k, v in full["meta"].items() if k != "timings_s"}
    return full


def compare_event(
    task: EventTask, pipeline: Pipeline, *, full: bool = False, outlets: bool = False
) -> dict[str, Any]:
    """The event's row: ``compared``, ``too_few_parties`` or ``error`` (with a message);
    ``outlets``: records' parties are the outlets of news articles (``_parties``), each outlet's
    own reporting is a report of what happened, and contradictions take the news bars
    (``Settings.for_news``).

    The event is parsed inside a spaCy memory zone: the strings its texts add to the parser's
    vocabulary are freed when the row is made, so a worker's memory stays flat over a corpus
    (the row holds plain values only)."""
    with pipeline.nlp.memory_zone():
        return _compare_event(task, pipeline, full=full, outlets=outlets)


def _compare_event(
    task: EventTask, pipeline: Pipeline, *, full: bool, outlets: bool
) -> dict[str, Any]:
    from takediff.errors import InputTooLong, TakediffError
    from takediff.report import summary

    try:
        parties = _parties(task, pipeline, outlets)
        names = [p.name for p in parties]
        if len(parties) < 2:
            found = f"{len(parties)} part{'y' if len(parties) == 1 else 'ies'}"
            message = f"{found} ({', '.join(names) or 'none'}); a comparison needs two"
            return _row(task, "too_few_parties", names, message)
        built = [_account(task, p) for p in parties]
        accounts = [acc for acc, _ in built]
        max_chars = pipeline.max_chars
        if too_long := [a.party for a in accounts if len(a.document.text) > max_chars]:
            raise InputTooLong(
                f"the accounts of {', '.join(too_long)} exceed {max_chars:,} chars",
                options=("max_chars",),
            )
        report = pipeline.compare(accounts, _reports(parties, outlets), news=outlets)
    except TakediffError as exc:
        return _row(task, "error", [], str(exc))
    except Exception as exc:  # one odd event must not stop a corpus: its row says what broke
        return _row(task, "error", [], f"internal error, please report: {exc!r}")
    bases = {acc.party: b for acc, b in built}
    row = _row(task, "compared", list(report.parties), None)
    row["divergence"] = round(report.divergence, 4)
    row["summary"] = summary(report)
    row["topics"] = [
        {
            "label": v.topic.label,
            "verdict": v.label,
            "strength": round(v.strength, 4),
            "explanation": v.explanation,
            "claims": [_claim(c, bases[c.party]) for c in v.topic.claims],
        }
        for v in report.verdicts
    ]
    row["only_here"] = [
        o.as_dict()
        for o in only_here.find(
            (c for t in row["topics"] for c in t["claims"]),
            [(r.id, r.party or r.id, r.text) for r in task.records],
            pipeline.settings.corpus.only_here_share,
        )
    ]
    if full:
        row["report"] = _full(report)
    return row
