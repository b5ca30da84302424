"""The command line: thin wrappers over the library functions of the same name."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from takediff.errors import TakediffError
from takediff.ingest import DEFAULT_MAX_CHARS

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


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"takediff: {message}", err=True)
    raise typer.Exit(code)


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
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report here instead of stdout.")
    ] = None,
    max_chars: Annotated[
        int, typer.Option(help="Refuse accounts longer than this many characters.")
    ] = DEFAULT_MAX_CHARS,
) -> None:
    """Compare accounts of one event: topics, verdicts, commitment, with the exact words."""
    from takediff.attribute import whole_text
    from takediff.ingest import read_document
    from takediff.pipeline import compare as run_compare
    from takediff.render import render

    names = list(party or [])
    try:
        if files.count("-") > 1:
            raise TakediffError("stdin ('-') can be given only once.")
        if len(names) > len(files):
            raise TakediffError(f"{len(names)} --party names for {len(files)} files.")
        accounts = []
        for i, f in enumerate(files):
            doc = read_document(f, max_chars=max_chars)
            name = names[i] if i < len(names) else ("stdin" if f == "-" else Path(f).stem)
            accounts.append(whole_text(name, doc))
        report = run_compare(accounts, max_chars=max_chars)
        color = None if output is None and sys.stdout.isatty() else False
        text = render(report, fmt.value, color=color)
    except TakediffError as exc:
        _fail(str(exc))
        return
    if output is not None:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"takediff: report written to {output}", err=True)
    else:
        typer.echo(text, nl=not text.endswith("\n"))


@app.command()
def version() -> None:
    """Print takediff's version."""
    from takediff import __version__

    typer.echo(__version__)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
