"""Quotes in a news article: direct quotes, indirect speech and claims the writer attributes.

``extract(document, nlp)`` yields ``Quote``s, each with the character spans of its content, its
cue verb and the speaker mention as written. Who the mention *is* ("he", "the Russian
president") is decided in ``speakers.py``. spaCy gives the parse; only the attribution rules are
written here (textacy's direct-quotation rules work sentence by sentence and miss quotes that
span paragraphs or continue without a new attribution).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from takediff.lemmas import lemma as lemma_of
from takediff.lemmas import lemma_in
from takediff.speakers import DOCUMENTS, counted
from takediff.types import Document, Span

QuoteKind = Literal["direct", "indirect", "according_to"]

#: Lemmas of verbs that introduce speech or writing.
CUE_VERBS = frozenset(
    """say tell write add state declare announce claim insist deny warn emphasize emphasise stress
    argue explain note acknowledge admit affirm assert confirm contend maintain promise pledge vow
    predict suggest reply respond answer recall report testify tweet post urge caution concede
    complain boast remark observe comment reiterate repeat describe propose accuse retort quip
    counter exclaim lament scoff""".split()
)
#: Verbs that attribute a quotation next to them ("“…?” he asked", "“…,” she concluded",
#: "she denounced the plan as “…”") but do not introduce indirect speech ("asked to leave",
#: "concluded the talks", "denounced the plan").
DIRECT_CUE_VERBS = CUE_VERBS | frozenset(
    """ask conclude call continue denounce condemn criticize criticise decry dismiss blast slam
    hail praise label brand""".split()
)
#: "The statement read: “…”": a cue only when a document is its subject (the parser often
#: tags this "read" as a noun).
_READ = frozenset({"read", "reads"})
#: A quoted stretch with fewer words is a scare quote or a quoted term, not a quotation.
MIN_QUOTE_WORDS = 4
_OPEN_CLOSE = {"“": "”", '"': '"', "«": "»", "„": "“"}
#: A closing mark of the other style, accepted when the matching one never comes ("“…," X said).
_ALT_CLOSE = {"“": '"', '"': "”"}
_RELATIVE = frozenset({"who", "that", "which"})
#: A cue verb in these relations shares the subject of the word it hangs on.
_SUBJECT_FROM_HEAD = frozenset({"advcl", "conj"})
_AFTER_QUOTE = ' \n\t”"»’'
_WORD = re.compile(r"\w+")


@dataclass(slots=True, frozen=True)
class Quote:
    """Words attributed to someone: ``content`` (without quotation marks), ``cue`` and
    ``speaker`` spans as written; offsets index the Document's text."""

    content: tuple[Span, ...]
    speaker: Span | None
    cue: Span | None
    kind: QuoteKind
    is_claim: bool = True  # False for "X told a different story": speech named, not reported


def _span(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, text[start:end])


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Paragraph boundaries: one per line, except that a hard-wrapped line (no closing
    punctuation, next line starting in lower case) continues on the next."""
    start = None
    for m in re.finditer(r"[^\n]*\S[^\n]*", text):
        if start is None:
            start = m.start()
        nxt = text[m.end() :].lstrip()
        if m.group().rstrip()[-1] not in '.!?:"”’)»' and nxt[:1].islower():
            continue
        yield start, m.end()
        start = None
    if start is not None:
        yield start, len(text.rstrip())


def parse_paragraphs(text: str, nlp: Any) -> list[tuple[int, Any]]:
    """Each paragraph parsed once: (offset, spaCy Doc), without the lemmatizer (lemmas.py
    answers the few lemma questions asked here, for a fifth of the parse time)."""
    paras = list(paragraphs(text))
    texts = (text[a:b] for a, b in paras)
    lemmatizer = "lemmatizer" in getattr(nlp, "pipe_names", ())
    docs = nlp.pipe(texts, disable=["lemmatizer"]) if lemmatizer else nlp.pipe(texts)
    return list(zip((a for a, _ in paras), docs, strict=True))


def quoted_stretches(
    text: str, start: int, end: int, carried: bool = False
) -> list[tuple[int, int, bool]]:
    """(start, end, closed) of the quoted stretches in one paragraph, marks excluded.

    An opening mark with no closing one runs to the paragraph's end (closed=False): in news
    style that means the quote continues in the next paragraph. With ``carried`` (the previous
    paragraph's quote was left open), a paragraph that does not reopen it starts inside it, up
    to its first closing mark.
    """
    out: list[tuple[int, int, bool]] = []
    i = start
    while i < end and text[i].isspace():
        i += 1
    if carried and i < end and text[i] not in _OPEN_CLOSE:
        closes = [j for j in (text.find(c, i, end) for c in ('"', "”")) if j != -1]
        if closes:
            out.append((i, min(closes), True))
            i = min(closes) + 1
    while i < end:
        ch = text[i]
        close = _OPEN_CLOSE.get(ch)
        if close is None:
            i += 1
            continue
        j = text.find(close, i + 1, end)
        if ch == '"' and (k := text.find("”", i + 1, end)) > -1 and (j == -1 or k < j):
            j = k  # "…,” X said: a straight mark closed by a curly one
        if j == -1 and ch in _ALT_CLOSE:
            j = text.find(_ALT_CLOSE[ch], i + 1, end)
        if j == -1:
            out.append((i + 1, end, False))
            break
        out.append((i + 1, j, True))
        i = j + 1
    return out


def _speaker_span(tok: Any) -> Span:
    """The speaker's name as written: the subject noun with its compounds and titles, without an
    appositive ("Hugh Hill, a doctor," → "Hugh Hill"); for a partitive ("a group of teachers")
    whom it counts."""
    tok = counted(tok)
    keep = [tok] + [
        t
        for t in tok.subtree
        if t.dep_ in ("compound", "flat", "amod", "det", "poss") and t.head == tok
    ]
    keep += [t for t in tok.subtree if t.dep_ == "compound" and t.head in keep]
    a = min(t.i for t in keep)
    b = max(t.i for t in keep) + 1
    doc = tok.doc
    span = doc[a:b]
    return Span(span.start_char, span.end_char, span.text)


def _subject(verb: Any, inside: set[int] | frozenset[int] = frozenset()) -> Any | None:
    """The subject of a cue verb; for a relative clause ("Trump, who said …") the noun the
    clause hangs on; for a verb without its own ("X did not back down, saying …", "X smiled and
    said …") the subject of the verb it hangs on. Not through "X refused to say …": no claim."""
    climb = _SUBJECT_FROM_HEAD
    for _ in range(3):
        subj = next(
            (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i not in inside),
            None,
        )
        if subj is not None and subj.lower_ in _RELATIVE and verb.dep_ == "relcl":
            return verb.head
        if subj is None and verb.dep_ == "acl" and verb.head.i not in inside:
            # "a statement calling for …", "a letter saying …"; but "a release posted
            # online": a past participle says what was done to the document, not what it says.
            return None if verb.tag_ == "VBN" else verb.head
        if subj is None and verb.dep_ == "xcomp" and verb.head.pos_ == "ADJ":
            verb = verb.head.head  # "X was quick to retort": the subject of "was"
            continue
        if subj is None and verb.dep_ == "ROOT":
            return _name_before(verb, inside)
        if subj is not None:
            return _titled_name(subj, verb, inside)
        if verb.dep_ not in climb or verb.head.i in inside:
            return None
        verb, climb = verb.head, _SUBJECT_FROM_HEAD | {"xcomp"}  # "X refused to back down, saying"
    return None


def _titled_name(subj: Any, verb: Any, inside: set[int] | frozenset[int]) -> Any:
    """ "Former sprinter, TV host and campaigner Ilse Varga said": a run of bare titles before
    a name describes the name; it is no second speaker. The parser makes the first title the
    subject, and the name its conjunct or a second subject of the verb. A title with an
    article ("the minister and Varga"), a plural ("officials and Varga") or a name is kept."""
    if (
        subj.ent_type_ == "PERSON"
        or subj.pos_ not in ("NOUN", "PROPN")
        or subj.tag_ in ("NNS", "NNPS")
        or any(c.dep_ in ("det", "poss") for c in subj.children)
    ):
        return subj
    names = [
        c
        for c in verb.children
        if c.dep_ in ("nsubj", "nsubjpass") and c.i > subj.i and c.ent_type_ == "PERSON"
    ]
    names += [t for t in subj.subtree if t.dep_ == "conj" and t.ent_type_ == "PERSON"]
    names = [t for t in names if t.i not in inside]
    return names[0] if len(names) == 1 else subj


def _name_before(verb: Any, inside: set[int] | frozenset[int]) -> Any | None:
    """A sentence's speech verb that the parser left without a subject: the name just before
    it, past a describing appositive ("In a release posted to Twitter, Ilves, a councillor,
    said": the parser hangs "Ilves" on "Twitter")."""
    described = {
        t.i for a in verb.sent if a.dep_ == "appos" and a.pos_ != "PROPN" for t in a.subtree
    }
    for tok in reversed(verb.sent[: verb.i - verb.sent.start]):
        if tok.i in described or tok.is_punct:
            continue
        named = tok.ent_type_ == "PERSON" or tok.pos_ == "PROPN"
        return tok if named and tok.i not in inside else None
    return None


def _cue_of(sent: Any, inside: set[int]) -> tuple[Any, Any] | None:
    """A speech verb outside the quotes in ``sent`` and its subject: a speech verb of
    ``CUE_VERBS`` first, then "asked" or "concluded" ("Asked about it, Smith said …": said)."""
    found = []
    for tok in sent:
        if tok.i in inside:
            continue
        if tok.lower_ in _READ:
            subj = _subject(tok, inside)
            if subj is not None and _is_document(subj):
                found.append((False, tok.i, tok, subj))
            continue
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        lemma = lemma_of(tok, DIRECT_CUE_VERBS)
        if lemma not in DIRECT_CUE_VERBS:
            continue
        subj = _subject(tok, inside)
        if subj is not None:
            found.append((lemma not in CUE_VERBS, tok.i, tok, subj))
    if not found:
        return _according_to(sent, inside)
    _, _, tok, subj = min(found, key=lambda f: f[:2])
    return tok, subj


#: What a cue verb may take as its object and still introduce the quote that follows ("X
#: posted a reply.", "X issued a statement.").
_SAID_NOUNS = DOCUMENTS | frozenset({"reply", "response", "remark", "comment", "answer"})


def _introduces(doc: Any, sent: Any, inside: set[int]) -> bool:
    """Does the paragraph end by introducing the next one's quote: "X wrote:", or a sentence
    with no quote whose cue verb takes no content ("Trump noted it in a tweet.")?"""
    if doc.text.rstrip().endswith(":"):
        return True
    if any(t.i in inside for t in sent):
        return False
    return any(
        t.pos_ == "VERB"
        and lemma_in(t, CUE_VERBS)
        and not any(
            c.dep_ in ("ccomp", "xcomp") or (c.dep_ == "dobj" and not lemma_in(c, _SAID_NOUNS))
            for c in t.children
        )
        for t in sent
    )


def _cue_before(
    sents: list[Any], text: str, offset: int, start: int, inside: set[int]
) -> tuple[Any, Any] | None:
    """ "“Stop!” Mr. Fox wrote. “Mexico is …”": a quote opening its sentence right after a
    sentence that ends on its cue verb takes that cue."""
    before = [s for s in sents if offset + s.end_char <= start]
    if not before or text[offset + before[-1].end_char : start - 1].strip(_AFTER_QUOTE):
        return None
    sent = before[-1]
    last = next((t for t in reversed(sent) if not t.is_punct), None)
    found = _cue_of(sent, inside)
    return found if found is not None and last is not None and found[0].i == last.i else None


def _colon_subject(
    doc: Any, text: str, offset: int, start: int, inside: set[int]
) -> tuple[Any, Any] | None:
    """ "Biden was quick to retort: “…”": a quote after a colon belongs to the subject of the
    clause the colon ends, whatever its verb (the parser often misreads such verbs)."""
    if not text[:start].rstrip(' "“«').endswith(":"):
        return None
    colon = max(
        (t for t in doc if offset + t.idx < start and t.text == ":"),
        default=None,
        key=lambda t: t.i,
    )
    if colon is None:
        return None
    sent = colon.sent
    subj = [
        t
        for t in sent
        if t.i < colon.i
        and t.i not in inside
        and t.dep_ in ("nsubj", "nsubjpass")
        and t.pos_ in ("PROPN", "NOUN", "PRON")
    ]
    return (subj[-1].head, subj[-1]) if subj else None


def _lend_speaker(quotes: list[Quote], closing: Quote, p_start: int) -> None:
    """A quote left open in one paragraph and closed in the next ("… 2015.¶Was supposed to
    leave …," Trump tweeted.) takes the speaker of its closing part, if it had none."""
    for i in range(len(quotes) - 1, -1, -1):
        q = quotes[i]
        if q.kind == "direct" and q.content[-1].end <= p_start:
            if q.speaker is None:
                quotes[i] = Quote(q.content, closing.speaker, closing.cue, "direct")
            return


def _is_document(tok: Any) -> bool:
    """Is the noun a document ("the statement", "the English translation of the statement")?"""
    if lemma_in(tok, DOCUMENTS):
        return True
    return any(c.dep_ == "prep" and _is_document_pobj(c) for c in tok.children)


def _is_document_pobj(prep: Any) -> bool:
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    return pobj is not None and lemma_in(pobj, DOCUMENTS)


def _according_source(tok: Any, sent: Any) -> Any | None:
    """The source named by "according to X" when ``tok`` is its "according"."""
    if tok.lower_ != "according" or tok.i + 1 >= sent.end or sent.doc[tok.i + 1].lower_ != "to":
        return None
    return next((c for c in sent.doc[tok.i + 1].children if c.dep_ == "pobj"), None)


def _according_to(sent: Any, inside: set[int]) -> tuple[Any, Any] | None:
    """ "“…,” according to a readout from the Kremlin.": the cue and its source."""
    for tok in sent:
        if tok.i in inside:
            continue
        pobj = _according_source(tok, sent)
        if pobj is not None and pobj.i not in inside:
            return tok, pobj
    return None


def _cue_after(
    sents: list[Any], text: str, offset: int, end: int, inside: set[int]
) -> tuple[Any, Any] | None:
    """ "“… wall!” Mr. Calderón told CNBC.": a cue sentence right after a quote that closed its
    own sentence, when the sentence opens with the speaker or the cue."""
    nxt = next((s for s in sents if offset + s.start_char >= end), None)
    if nxt is None or text[end : offset + nxt.start_char].strip(_AFTER_QUOTE):
        return None
    found = _cue_of(nxt, inside)
    if found is None:
        return None
    first = next((t for t in nxt if not t.is_punct and t.i not in inside), None)
    cue, subj = found
    return found if first is not None and first.i in (cue.i, subj.left_edge.i) else None


def _shift(span: Span, offset: int) -> Span:
    return Span(span.start + offset, span.end + offset, span.text)


def _doc_span(tokens: Any, offset: int) -> Span:
    return Span(offset + tokens.start_char, offset + tokens.end_char, tokens.text)


def extract(
    document: Document, nlp: Any, parsed: list[tuple[int, Any]] | None = None
) -> list[Quote]:
    """All quotes in the document, in text order. ``parsed`` is (offset, Doc) per paragraph,
    as ``article.parse`` makes it; without it the paragraphs are parsed here."""
    text = document.text
    if parsed is None:
        parsed = parse_paragraphs(text, nlp)
    quotes: list[Quote] = []
    previous: Quote | None = None  # the last direct quote, for continuations
    previous_para_direct = False
    colon: tuple[Span, Span] | None = None  # "X said:" ending the previous paragraph
    spoke: tuple[Span, Span] | None = None  # "X accused Y of …" ending it, with no quote
    left_open = False  # the previous paragraph's last quote had no closing mark
    for p_start, doc in parsed:
        p_end = p_start + len(doc.text)
        every = quoted_stretches(text, p_start, p_end, left_open)
        carried = bool(every) and left_open and every[0][0] == p_start
        left_open = bool(every) and not every[-1][2]
        stretches = [s for s in every if len(_WORD.findall(text[s[0] : s[1]])) >= MIN_QUOTE_WORDS]
        # Tokens inside a quote, its marks included.
        inside = {t.i for t in doc for a, b, _ in stretches if a - 1 <= p_start + t.idx <= b}
        attributed: list[Quote] = []
        sents = list(doc.sents)
        for a, b, _ in stretches:
            span = _span(text, a, b)
            # The cue sits in a sentence the quote touches ("“…,” X said, “…”"); a quote that
            # ends a sentence may be attributed by a colon sentence just before it.
            touching = [
                s for s in sents if p_start + s.start_char <= b and a - 1 <= p_start + s.end_char
            ]
            found = next((f for s in touching if (f := _cue_of(s, inside))), None)
            if found is None and text[b - 1 : b] in ".!?":
                found = _cue_after(sents, text, p_start, b, inside)
            if found is None:
                found = _cue_before(sents, text, p_start, a, inside)
            if found is None:
                found = _colon_subject(doc, text, p_start, a, inside)
            last = attributed[-1] if attributed else None
            if found is not None:
                cue, subj = found
                cue_span = _doc_span(doc[cue.i : cue.i + 1], p_start)
                if last is not None and last.cue == cue_span:
                    attributed[-1] = Quote((*last.content, span), last.speaker, last.cue, "direct")
                else:
                    attributed.append(
                        Quote((span,), _shift(_speaker_span(subj), p_start), cue_span, "direct")
                    )
            elif last is not None and last.kind == "direct":
                # "“A,” X said. “B.”": the second half continues the first.
                attributed[-1] = Quote((*last.content, span), last.speaker, last.cue, "direct")
            elif colon is not None:
                attributed.append(Quote((span,), colon[0], colon[1], "direct"))
            elif spoke is not None and not text[p_start : a - 1].strip():
                # "He accused the mayor of misleading the port.¶“This is …”": a paragraph
                # that opens on a quote with no cue of its own, after one whose last sentence
                # reports someone's speech, is theirs.
                attributed.append(Quote((span,), spoke[0], spoke[1], "direct"))
            elif previous is not None and previous_para_direct:
                attributed.append(Quote((span,), previous.speaker, previous.cue, "direct"))
            else:
                attributed.append(Quote((span,), None, None, "direct"))
            previous = attributed[-1]
            if carried and a == p_start and found is not None:
                _lend_speaker(quotes, attributed[-1], p_start)
        previous_para_direct = bool(stretches)
        colon = spoke = None
        last_cue = _cue_of(sents[-1], inside)
        if last_cue is not None:
            cue, subj = last_cue
            cued = (
                _shift(_speaker_span(subj), p_start),
                _doc_span(doc[cue.i : cue.i + 1], p_start),
            )
            if _introduces(doc, sents[-1], inside):
                colon = cued
            elif not stretches and cue.pos_ == "VERB":
                spoke = cued
        for sent in doc.sents:
            if any(t.i in inside for t in sent):
                continue
            attributed.extend(_indirect(sent, p_start))
        quotes.extend(attributed)
    return sorted(quotes, key=lambda q: q.content[0].start)


def _indirect(sent: Any, offset: int) -> Iterator[Quote]:
    """Indirect speech ("X said that ...", "X told a different story") and "according to X"."""
    for tok in sent:
        pobj = _according_source(tok, sent)
        if pobj is not None:
            phrase = [t.i for t in tok.subtree] + [t.i for t in sent.doc[tok.i + 1].subtree]
            lo, hi = min(phrase), max(phrase) + 1
            rest = [(sent.start, lo), (hi, sent.end)]
            a, b = max(rest, key=lambda r: r[1] - r[0])
            while a < b and sent.doc[a].is_punct:  # "According to X, the …": no comma
                a += 1
            body = sent.doc[a:b]
            if len(body) >= MIN_QUOTE_WORDS:
                yield Quote(
                    (_doc_span(body, offset),),
                    _shift(_speaker_span(pobj), offset),
                    _doc_span(sent.doc[tok.i : tok.i + 2], offset),
                    "according_to",
                )
            continue
        if tok.pos_ != "VERB" or not lemma_in(tok, CUE_VERBS):
            continue
        subj = _subject(tok)
        if subj is None:
            continue
        comp = next((c for c in tok.children if c.dep_ in ("ccomp", "xcomp")), None)
        is_claim = comp is not None
        if comp is None and lemma_of(tok, CUE_VERBS) == "tell":
            comp = next((c for c in tok.children if c.dep_ == "dobj"), None)
        if comp is None:
            continue
        tokens = sorted(comp.subtree, key=lambda t: t.i)
        body = sent.doc[tokens[0].i : tokens[-1].i + 1]
        if len([t for t in body if t.is_alpha]) < 3:
            continue
        yield Quote(
            (_doc_span(body, offset),),
            _shift(_speaker_span(subj), offset),
            _doc_span(sent.doc[tok.i : tok.i + 1], offset),
            "indirect",
            is_claim,
        )
