"""``takediff users``: the people who may use a server started with ``serve --auth users``.

They live in the reports' database (``--db``, as for ``serve``). A new user's token is printed
once; only its hash is kept, so a lost token is replaced (``users token NAME``), not recovered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from takediff.errors import TakediffError
from takediff.terminal import printable

if TYPE_CHECKING:
    from takediff.web.users import UserStore

T = TypeVar("T")

users_app = typer.Typer(
    help="The people who may use 'takediff serve --auth users': add, list, remove, new token.",
    no_args_is_help=True,
)

DB = typer.Option(
    help="The server's database: a SQLAlchemy URL or a SQLite file (default: $TAKEDIFF_DB, "
    "else ~/.local/share/takediff/reports.sqlite3).",
    show_default=False,
)


def _fail(message: str) -> None:
    typer.echo(printable(f"takediff: {message}"), err=True)
    raise typer.Exit(2)


def _users(db: str | None) -> UserStore:
    """The user store of ``db``, its tables made; a database it cannot open is one line."""
    try:
        from sqlalchemy.exc import SQLAlchemyError

        from takediff.web.settings import database_url
        from takediff.web.store import ReportStore
    except ImportError as exc:
        _fail(f"users need the web app's extra: pip install 'takediff[web]' ({exc}).")
    try:
        store = ReportStore(database_url(db))
        store.create()
    except (OSError, SQLAlchemyError) as exc:
        reason = getattr(exc, "orig", None) or getattr(exc, "strerror", None) or exc
        _fail(f"cannot open the database {db or '(default)'}: {reason} (--db)")
    from takediff.web.users import UserStore

    return UserStore(store.engine)


def _run(action: Callable[[], T]) -> T:
    try:
        return action()
    except TakediffError as exc:
        _fail(str(exc))
        raise  # not reached: _fail exits


@users_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Their name: letters, digits and . _ @ -.")],
    password: Annotated[
        bool,
        typer.Option(
            "--password", help="Also set a password for the page's login (asked, not shown)."
        ),
    ] = False,
    db: Annotated[str | None, DB] = None,
) -> None:
    """Add a user and print their API token (shown once). The token also signs in on the page."""
    users = _users(db)
    secret = None
    if password:
        secret = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    token = _run(lambda: users.add(name, secret))
    typer.echo(token)
    typer.echo(
        f"takediff: {printable(name)} added. Give them the token above (it is not kept, only "
        "its hash): API 'Authorization: Bearer TOKEN', or sign in on the page with it.",
        err=True,
    )


@users_app.command("token")
def token(
    name: Annotated[str, typer.Argument(help="The user.")],
    db: Annotated[str | None, DB] = None,
) -> None:
    """Print a new token for a user; the old one stops working at once."""
    users = _users(db)
    typer.echo(_run(lambda: users.new_token(name)))


@users_app.command("list")
def list_users(db: Annotated[str | None, DB] = None) -> None:
    """The users, one a line: name, when added, whether they have a password."""
    for user in _users(db).all():
        mark = "password" if user.has_password else "token only"
        typer.echo(printable(f"{user.name}\t{user.created}\t{mark}"))


@users_app.command("remove")
def remove(
    name: Annotated[str, typer.Argument(help="The user.")],
    db: Annotated[str | None, DB] = None,
) -> None:
    """Remove a user: their token and login stop working (their reports stay, unlisted)."""
    users = _users(db)
    _run(lambda: users.remove(name))
    typer.echo(printable(f"takediff: {name} removed."), err=True)
