"""The command line: thin wrappers over the library functions of the same name."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from takediff.cli_users import users_app
from takediff.errors import BadArguments, TakediffError
from takediff.evaluate import CLASSIFICATIONS, EVALUATIONS
from takediff.ingest import DEFAULT_MAX_CHARS
from takediff.settings import CorpusSettings
from takediff.terminal import json_printable, printable

app = typer.Typer(
    help="takediff: where accounts of one event agree, contradict or leave things out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Format(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


#: Library options named by errors (``TakediffError.options``) → this command line's flags.
FLAGS = {
    "max_chars": "--max-chars",
    "party": "--party",
    "speakers": "--speaker",
    "with_article": "--with-article",
    "data_dir": "--data-dir",
    "skip_bad": "--skip-bad",
    "restart": "--restart",
    "out": "--out",
    "topic": "--topic",
    "plot": "--plot",
    "split": "--split",
}
_CORPUS = CorpusSettings()


def _echo(text: str, *, err: bool = False, nl: bool = True, kind: str = "plain") -> None:
    """Print untrusted text: ``plain`` without control characters, ``json`` with them escaped,
    ``ansi`` as rich rendered it (its untrusted parts were made printable before)."""
    typer.echo(_safe(text, kind), err=err, nl=nl)


def _safe(text: str, kind: str) -> str:
    """``text`` as ``_echo`` prints it (and a report file holds it)."""
    return json_printable(text) if kind == "json" else printable(text) if kind == "plain" else text


def _kind(fmt: str, color: bool | None) -> str:
    """How ``_echo`` treats a rendered report: JSON, rich's own colours, or plain text."""
    return "json" if fmt == "json" else "ansi" if fmt == "text" and color is not False else "plain"


def _fail(message: str, code: int = 2) -> None:
    _echo(f"takediff: {message}", err=True)
    raise typer.Exit(code)


def _error(exc: TakediffError) -> None:
    """Print a library error with the flags for the options it names, and exit 2."""
    flags = [FLAGS[o] for o in exc.options if o in FLAGS]
    _fail(str(exc) + (f" (command line: {', '.join(flags)})" if flags else ""))


def _pipeline(max_chars: int) -> Any:
    """The pipeline a command runs: the bundled models, the LLM named by $TAKEDIFF_LLM if any."""
    from takediff.llm import get_llm_judge
    from takediff.pipeline import Pipeline

    return Pipeline(llm=get_llm_judge(), max_chars=max_chars)


@app.command()
def compare(
    files: Annotated[
        list[str],
        typer.Argument(
            help="Two or more text files, one account per party; '-' reads one from stdin.",
            show_default=False,
        ),
    ],
    party: Annotated[
        list[str] | None,
        typer.Option(
            "--party",
            "-p",
            help="Name of the party for each file, in order (default: file stem).",
            show_default=False,
        ),
    ] = None,
    report_party: Annotated[
        list[str] | None,
        typer.Option(
            "--report",
            "-r",
            help="A party whose account reports what happened (a news report), judged as deeds "
            "against the others' words.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report here instead of stdout.")
    ] = None,
    max_chars: Annotated[
        int, typer.Option(min=1, help="Refuse accounts longer than this many characters.")
    ] = DEFAULT_MAX_CHARS,
    encoding: Annotated[
        str | None,
        typer.Option(
            help="The files' encoding, if known (default: UTF-8, else UTF-16/32, else detected; "
            "a detected code page is named in the report).",
            show_default=False,
        ),
    ] = None,
    news: Annotated[
        bool,
        typer.Option(
            "--news",
            help="The files are news outlets' articles (each a report, unless --report names "
            "some): contradictions take the news bars, fitted on real news (README, "
            "'Contradictions between outlets').",
        ),
    ] = False,
) -> None:
    """Compare accounts of one event: topics, verdicts, commitment, with the exact words."""
    from takediff.attribute import whole_text
    from takediff.ingest import read_document
    from takediff.render import render

    names = list(party or [])
    try:
        if files.count("-") > 1:
            raise BadArguments("stdin ('-') can be given only once.")
        if len(names) > len(files):
            raise BadArguments(f"{len(names)} --party names for {len(files)} files.")
        accounts = []
        for i, f in enumerate(files):
            doc = read_document(f, max_chars=max_chars, encoding=encoding)
            name = names[i] if i < len(names) else ("stdin" if f == "-" else Path(f).stem)
            accounts.append(whole_text(name, doc))
        # News articles given whole are their outlets' reports, unless --report names some.
        reports = report_party or ([a.party for a in accounts] if news else [])
        report = _pipeline(max_chars).compare(accounts, reports, news=news)
        color = None if output is None and sys.stdout.isatty() else False
        text = render(report, fmt.value, color=color)
    except TakediffError as exc:
        _error(exc)
        return
    if output is not None:
        # HTML escapes the input itself; the other formats are read in terminals too.
        safe = text if fmt.value == "html" else _safe(text, _kind(fmt.value, False))
        try:
            output.write_text(safe, encoding="utf-8")
        except OSError as exc:
            _fail(f"cannot write the report to {output}: {exc.strerror or exc}")
        _echo(f"takediff: report written to {output}", err=True)
    else:
        _echo(text, nl=not text.endswith("\n"), kind=_kind(fmt.value, color))


@app.command()
def article(
    file: Annotated[str, typer.Argument(help="A news article as text; '-' reads stdin.")],
    speaker: Annotated[
        list[str] | None,
        typer.Option(
            "--speaker",
            "-s",
            help="Compare only these speakers (part of the name).",
            show_default=False,
        ),
    ] = None,
    with_article: Annotated[
        bool, typer.Option(help="Add the writer's own words as a party named 'Article'.")
    ] = False,
    show_quotes: Annotated[
        bool, typer.Option(help="List the quotes found and whom they were attributed to.")
    ] = False,
    merge: Annotated[
        list[str] | None,
        typer.Option(
            "--merge",
            "-m",
            help="Put a speaker in another's party: NAME=PARTY, parts of names "
            "(e.g. 'Kremlin=Putin'); repeatable.",
            show_default=False,
        ),
    ] = None,
    keep_apart: Annotated[
        bool,
        typer.Option(
            help="Do not merge one government's speakers (leader, office, spokesperson, "
            "capital) into one party."
        ),
    ] = False,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    max_chars: Annotated[
        int, typer.Option(min=1, help="Refuse articles longer than this many characters.")
    ] = DEFAULT_MAX_CHARS,
    encoding: Annotated[
        str | None,
        typer.Option(
            help="The article's encoding, if known (default: UTF-8, else UTF-16/32, else detected; "
            "a detected code page is named in the report).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Split a news article into its parties' accounts (who said what), then compare them."""
    from takediff.article import ARTICLE, note_merges, select
    from takediff.ingest import read_document
    from takediff.parties import parse_merge
    from takediff.render import render

    try:
        merges = [parse_merge(m) for m in merge or []]
    except ValueError as exc:
        _fail(f"--merge: {exc}")
    try:
        pipeline = _pipeline(max_chars)
        analysis = pipeline.article(
            read_document(file, max_chars=max_chars, encoding=encoding), merges, not keep_apart
        )
        if show_quotes:
            _echo(quotes_table(analysis))
        accounts = select(analysis.accounts, speaker, with_article, analysis.merges)
        # The writer's own voice reports what happened: deeds against the speakers' words.
        report = pipeline.compare(accounts, [a.party for a in accounts if a.party == ARTICLE])
        note_merges(report.meta, analysis.merges)
        color = None if sys.stdout.isatty() else False
        text = render(report, fmt.value, color=color)
    except TakediffError as exc:
        _error(exc)
        return
    _echo(text, nl=not text.endswith("\n"), kind=_kind(fmt.value, color))


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    db: Annotated[
        str | None,
        typer.Option(
            help="Where reports are kept: a SQLAlchemy URL (postgresql://...) or a SQLite file "
            "(default: $TAKEDIFF_DB, else ~/.local/share/takediff/reports.sqlite3).",
            show_default=False,
        ),
    ] = None,
    max_body_bytes: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Refuse larger requests with 413 (default: $TAKEDIFF_MAX_BODY, else 2 MiB).",
            show_default=False,
        ),
    ] = None,
    max_chars: Annotated[
        int, typer.Option(min=1, help="Refuse accounts longer than this many characters.")
    ] = DEFAULT_MAX_CHARS,
    max_queue: Annotated[
        int | None,
        typer.Option(
            min=0,
            help="Comparisons that may wait their turn; one more gets 503 with Retry-After "
            "(default: $TAKEDIFF_MAX_QUEUE, else 8).",
            show_default=False,
        ),
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option(
            min=0.001,
            help="Seconds a request may take, waiting included: 503 while waiting, 504 once "
            "running (default: $TAKEDIFF_TIMEOUT, else 300).",
            show_default=False,
        ),
    ] = None,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            help="A Host name clients reach the server by (repeat; '*.example.org' for its "
            "subdomains). Others get 400: a DNS-rebinding page cannot read the server. Default: "
            "$TAKEDIFF_ALLOWED_HOSTS, else the loopback names and --host.",
            show_default=False,
        ),
    ] = None,
    auth: Annotated[
        str | None,
        typer.Option(
            help="Who may use it: 'none' (one person; loopback only) or 'users' (API tokens and "
            "a login, each person's reports their own; add people with 'takediff users add'). "
            "Default: $TAKEDIFF_AUTH, else none.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Start the web app: a page to paste accounts and read reports, and a JSON API."""
    try:
        from takediff.web.server import serve as run_server
        from takediff.web.settings import Settings, database_url
    except ImportError as exc:
        _fail(f"the web app needs its extra: pip install 'takediff[web]' ({exc}).")
        return
    from dataclasses import replace

    from takediff.web.settings import AUTH_MODES, LOOPBACK_HOSTS

    if auth is not None and auth not in AUTH_MODES:
        _fail(f"--auth must be one of {', '.join(AUTH_MODES)}, not {auth!r}.")
    try:
        settings = Settings(db_url=database_url(db), max_chars=max_chars)
    except OSError as exc:
        _fail(f"cannot keep reports at {db}: {exc.strerror or exc} (--db)")
        return
    except ValueError as exc:  # $TAKEDIFF_AUTH misspelt
        _fail(str(exc))
        return
    if auth is not None:
        settings = replace(settings, auth=auth)
    if settings.auth == "none" and host not in LOOPBACK_HOSTS:
        _fail(
            f"--host {host or repr(host)} can be reached from other machines, and without "
            "--auth users anyone who reaches it reads and deletes every report: add people with "
            "'takediff users add NAME', then start it with --auth users."
        )
    if max_body_bytes is not None:
        settings = replace(settings, max_body_bytes=max_body_bytes)
    if max_queue is not None:
        settings = replace(settings, max_queue=max_queue)
    if timeout is not None:
        settings = replace(settings, timeout_s=timeout)
    if allowed_host:
        settings = replace(settings, allowed_hosts=tuple(allowed_host))
    elif host in ("0.0.0.0", "::", ""):
        _fail(
            f"--host {host or repr(host)} listens on every address: name the hosts clients "
            "reach it by with --allowed-host (or $TAKEDIFF_ALLOWED_HOSTS)."
        )
    elif host not in settings.allowed_hosts:
        settings = replace(settings, allowed_hosts=(*settings.allowed_hosts, host))
    from sqlalchemy.exc import SQLAlchemyError

    from takediff.web.store import ReportStore

    store = ReportStore(settings.db_url)
    try:  # a database the server cannot write is a one-line error now, not a failed start-up
        store.create()
    except SQLAlchemyError as exc:
        reason = getattr(exc, "orig", None) or exc
        _fail(f"cannot keep reports in {settings.db_url}: {reason} (--db)")
    finally:
        store.close()
    if settings.auth == "users":
        from takediff.web.users import UserStore

        store = ReportStore(settings.db_url)
        count = UserStore(store.engine).count()
        store.close()
        if not count:
            _fail(
                "--auth users, but there are no users yet: add one with 'takediff users add "
                "NAME' (same --db), then start again."
            )
        _echo(f"takediff: {count} user(s) may sign in", err=True)
    _echo(f"takediff: reports kept in {settings.db_url}", err=True)
    run_server(settings, host=host, port=port)


def quotes_table(analysis: object) -> str:
    """The quotes an article yielded, one line each: party, speaker, kind, cue, offsets, words."""
    lines = [
        "| party | speaker | as written | cue | kind | offsets | content |",
        "|---|---|---|---|---|---|---|",
    ]
    for aq in analysis.quotes:  # type: ignore[attr-defined]
        q = aq.quote
        content = " … ".join(" ".join(c.text.split()) for c in q.content)
        lines.append(
            f"| {aq.party or '(unattributed)'} | {aq.speaker or ''} | "
            f"{q.speaker.text if q.speaker else ''} | "
            f"{q.cue.text if q.cue else ''} | {q.kind} | "
            f"{', '.join(f'{c.start}-{c.end}' for c in q.content)} | {content[:120]} |"
        )
    return "\n".join(lines) + "\n"


def _data_dir(given: Path | None) -> Path:
    """Where the public data lives: --data-dir, $TAKEDIFF_DATA, or ../shared/data."""
    import os

    from takediff.evaluate.data import require_dir

    return require_dir(given or Path(os.environ.get("TAKEDIFF_DATA", "../shared/data")))


@app.command("eval")
def evaluate(
    name: Annotated[
        str,
        typer.Argument(help=f"Which evaluation: {', '.join(EVALUATIONS)}, or all (each in turn)."),
    ],
    split: Annotated[
        str | None,
        typer.Option(help="The data set's split to score (default: its first; see each README)."),
    ] = None,
    limit: Annotated[
        int | None, typer.Option(help="Score a seeded random sample of N items (per data set).")
    ] = None,
    seed: Annotated[int, typer.Option(help="The seed of the --limit sample.")] = 0,
    data_dir: Annotated[Path | None, typer.Option(help="Folder of the public data sets.")] = None,
    min_macro_f1: Annotated[
        float | None,
        typer.Option(
            help="Exit 1 if a classification eval's macro-F1 (fnc1, rte3, nli, claimdiff) falls "
            "below this (for CI)."
        ),
    ] = None,
    no_gate: Annotated[
        bool, typer.Option(help="FNC-1: judge alone, without the relatedness gate.")
    ] = False,
) -> None:
    """Measure accuracy on a public data set and print its table."""
    from takediff import evaluate as ev

    names = list(EVALUATIONS) if name == "all" else [name]
    if name != "all" and name not in EVALUATIONS:
        _fail(f"unknown evaluation {name!r}; available: {', '.join(EVALUATIONS)}, all")
    if min_macro_f1 is not None and not CLASSIFICATIONS & set(names):
        _fail(f"--min-macro-f1 applies to {', '.join(sorted(CLASSIFICATIONS))} only")
    try:
        data = _data_dir(data_dir)
    except TakediffError as exc:
        _error(exc)
        return
    pipeline = _pipeline(DEFAULT_MAX_CHARS)
    failed: list[str] = []
    below: list[str] = []
    for i, each in enumerate(names):
        if i:
            typer.echo("")
        options = {"gate": False} if each == "fnc1" and no_gate else {}
        try:
            result = ev.run(each, data, split, limit, seed=seed, pipeline=pipeline, **options)
        except TakediffError as exc:
            if len(names) == 1:
                _error(exc)
            _echo(f"takediff: {each}: {exc}", err=True)
            failed.append(each)
            continue
        _echo(result.table())
        macro_f1 = result.macro_f1
        if min_macro_f1 is not None and macro_f1 is not None and macro_f1 < min_macro_f1:
            below.append(f"{each} macro-F1 {macro_f1:.3f} is below the floor {min_macro_f1}")
    if failed:
        _fail(f"{len(failed)} evaluation(s) could not run: {', '.join(failed)}")
    if below:
        _fail("; ".join(below), code=1)


class Engine(StrEnum):
    local = "local"
    ray = "ray"


@app.command("corpus")
def corpus_command(
    src: Annotated[
        Path, typer.Argument(metavar="IN", help="Records as JSONL or Parquet (by extension).")
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Reports, one per event: .jsonl or .parquet.")
    ],
    engine: Annotated[
        Engine, typer.Option(help="local: a pool of processes; ray: Ray Data ($RAY_ADDRESS).")
    ] = Engine.local,
    workers: Annotated[
        int | None,
        typer.Option(help="Worker processes (default: the number of cores).", show_default=False),
    ] = None,
    batch_size: Annotated[int, typer.Option(help="Events per output part and Ray batch.")] = 8,
    window_days: Annotated[
        int, typer.Option(help="An event closes this many days after its last record.")
    ] = _CORPUS.window_days,
    window_records: Annotated[
        int, typer.Option(help="...or this many records after its last one (undated input).")
    ] = _CORPUS.window_records,
    join_probability: Annotated[
        float,
        typer.Option(
            min=0.0,
            max=1.0,
            help="Records without an event id join an event when the fitted score says they are "
            "one story with this probability, against each of its records.",
        ),
    ] = _CORPUS.join_probability,
    full: Annotated[
        bool, typer.Option(help="Add each event's full report (takediff.to_dict(report)).")
    ] = False,
    skip_bad: Annotated[
        bool, typer.Option(help="Skip and count bad records instead of stopping at the first.")
    ] = False,
    restart: Annotated[
        bool, typer.Option(help="Discard the work directory of an earlier run; start over.")
    ] = False,
    outlets: Annotated[
        bool,
        typer.Option(
            help="Each record's party is the outlet of a news article: the people it quotes "
            "become parties of their own; the rest is the outlet's own reporting."
        ),
    ] = False,
    max_chars: Annotated[
        int, typer.Option(min=1, help="Refuse accounts longer than this many characters.")
    ] = DEFAULT_MAX_CHARS,
) -> None:
    """Compare every event of a corpus: streaming, resumable (rerun after a kill), exactly once."""
    from takediff.corpus import GroupingOptions, corpus

    try:
        result = corpus(
            src,
            out,
            engine=engine.value,
            workers=workers,
            batch_size=batch_size,
            grouping=GroupingOptions(
                window_days=window_days,
                window_records=window_records,
                join_probability=join_probability,
            ),
            full=full,
            outlets=outlets,
            skip_bad=skip_bad,
            restart=restart,
            max_chars=max_chars,
        )
    except TakediffError as exc:
        _error(exc)
        return
    except KeyboardInterrupt:
        _fail("interrupted; rerun the same command to continue where it stopped.", code=130)
        return
    except OSError as exc:  # a full disk, a folder made read-only mid-run
        where = f" ({exc.filename})" if exc.filename else ""
        _fail(
            f"cannot write the output or its work folder: {exc.strerror or exc}{where}. Free "
            "space or fix the folder, then rerun the same command to continue where it stopped."
        )
        return
    if result.already_complete:
        _echo(f"takediff: {out} is complete already; nothing to do.", err=True)
    elif result.resumed_from:
        typer.echo(f"takediff: resumed at line {result.resumed_from + 1}.", err=True)
    for line, reason in result.examples:
        _echo(f"takediff: skipped line {line}: {reason}", err=True)
    typer.echo(f"takediff: {result.summary()} in {result.seconds:.1f} s", err=True)


class TimelineFormat(StrEnum):
    table = "table"
    markdown = "markdown"
    json = "json"


@app.command("timeline")
def timeline_command(
    reports: Annotated[Path, typer.Argument(metavar="OUT", help="The output of takediff corpus.")],
    party: Annotated[str, typer.Option(help="The party (part of its name, any case).")],
    topic: Annotated[str, typer.Option(help="The matter, in a few words or a sentence.")],
    threshold: Annotated[
        float,
        typer.Option(
            min=-1.0, max=1.0, help="Keep claims at least this similar to the topic (cosine)."
        ),
    ] = _CORPUS.timeline_threshold,
    plot: Annotated[
        Path | None,
        typer.Option(help="Also draw commitment over time to this PNG.", show_default=False),
    ] = None,
    fmt: Annotated[
        TimelineFormat, typer.Option("--format", "-f", help="Output format.")
    ] = TimelineFormat.table,
) -> None:
    """One party's claims on one topic across the events of a corpus output, by date."""
    import json

    from takediff.timeline import markdown, rich_table, timeline
    from takediff.timeline import plot as draw

    try:
        entries = timeline(reports, party, topic, threshold=threshold)
        if plot is not None:
            draw(entries, plot, party, topic)
    except TakediffError as exc:
        _error(exc)
        return
    if fmt is TimelineFormat.json:
        _echo(json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=1), kind="json")
    elif fmt is TimelineFormat.markdown or not sys.stdout.isatty():
        _echo(markdown(entries), nl=False)
    else:
        from rich.console import Console

        Console().print(rich_table(entries, party, topic))
    if plot is not None:
        _echo(f"takediff: plot written to {plot}", err=True)


class JudgeFormat(StrEnum):
    text = "text"
    json = "json"


def _read_pairs(path: Path) -> list[tuple[str, str]]:
    """(a, b) rows of a TSV file with a header line naming columns ``a`` and ``b``."""
    import csv

    try:
        raw = sys.stdin.read() if str(path) == "-" else path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        _fail(f"no such file: {path}")
    except IsADirectoryError:
        _fail(f"{path} is a folder, not a TSV file")
    except UnicodeDecodeError as exc:
        _fail(f"{path} is not UTF-8 text (byte {exc.start}); save it as UTF-8")
    except OSError as exc:
        _fail(f"cannot read {path}: {exc.strerror}")
    rows = list(csv.reader(raw.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows:
        _fail(f"{path} is empty; it needs a header line with columns a and b")
    header = [h.strip() for h in rows[0]]
    if "a" not in header or "b" not in header:
        _fail(f"{path}: the header line must name columns a and b (it has: {', '.join(header)})")
    ia, ib = header.index("a"), header.index("b")
    pairs = []
    for line, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= max(ia, ib) or not row[ia].strip() or not row[ib].strip():
            _fail(f"{path}, line {line}: columns a and b must both hold a claim")
        pairs.append((row[ia], row[ib]))
    if not pairs:
        _fail(f"{path} holds a header but no pairs")
    return pairs


def _gated(r: Any) -> str:
    """How the contradiction score was made, where the same-matter reading is on."""
    if r.same_matter is None:
        return ""
    model = max(r.forward.get("contradiction", 0.0), r.backward.get("contradiction", 0.0))
    return f" = the model's {model:.3f} × same matter {r.same_matter:.3f}"


def _reading_text(r: Any, bar: float) -> str:
    """One reading for a person: the label, why, both directions' probabilities, the checks."""
    names = list(r.forward)
    width = max(len(n) for n in names) + 2
    lines = [
        f"A: {r.a}",
        f"B: {r.b}",
        f"label: {r.label}"
        + (f" (judge: {r.relation})" if r.relation != r.label else "")
        + f" — decided by {r.decided_by}",
        " " * 8 + "".join(f"{n:>{width}}" for n in names),
        "A → B   " + "".join(f"{r.forward[n]:>{width}.3f}" for n in names),
        "B → A   " + "".join(f"{r.backward[n]:>{width}.3f}" for n in names),
        f"p(contradict) {r.p_contradict:.3f} (the judge's bar: {bar}){_gated(r)}; "
        f"cosine {r.similarity:.2f}",
    ]
    if r.checks:
        lines += [f"check fired: {c.rule} — {c.reason}" for c in r.checks]
    else:
        lines.append("checks fired: none")
    return "\n".join(lines)


@app.command("judge")
def judge_command(
    claims: Annotated[
        list[str] | None,
        typer.Argument(help="Two claims, A and B (leave out with --pairs).", show_default=False),
    ] = None,
    pairs: Annotated[
        Path | None,
        typer.Option(
            help="A TSV file with a header line and columns a and b: one pair a line ('-': stdin)."
        ),
    ] = None,
    fmt: Annotated[
        JudgeFormat, typer.Option("--format", "-f", help="text, or json (one object a line).")
    ] = JudgeFormat.text,
) -> None:
    """Show how the claim judge reads two claims: its label, both directions' probabilities and
    the explicit checks that fired (why did compare say contradict?)."""
    import json

    from takediff.reading import judge_pairs

    if pairs is not None and claims:
        _fail("give two claims or --pairs FILE, not both")
    if pairs is None:
        if not claims or len(claims) != 2:
            _fail(f"give exactly two claims, A and B (got {len(claims or [])}), or --pairs FILE")
        todo = [(claims[0], claims[1])]
    else:
        todo = _read_pairs(pairs)
    pipeline = _pipeline(DEFAULT_MAX_CHARS)
    try:
        readings = judge_pairs(todo, pipeline)
    except TakediffError as exc:
        _error(exc)
        return
    bar = pipeline.settings.judge.contradict_min
    for k, r in enumerate(readings):
        if fmt == JudgeFormat.json:
            _echo(json.dumps(r.to_dict(), ensure_ascii=False), kind="json")
        else:
            if k:
                _echo("")
            _echo(_reading_text(r, bar))


@app.command()
def version() -> None:
    """Print takediff's version."""
    from takediff.version import __version__

    typer.echo(__version__)


app.add_typer(users_app, name="users")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
