"""Who may use a server started with ``--auth users``: one row per person, in the reports' database.

Each person has an API token, made here from 256 random bits and shown once; only its SHA-256 is
kept (a token is random, so a fast hash is as safe as a slow one, and a request is checked without
a slow hash). A person may also have a password for the page's login, kept as an Argon2 hash
(pwdlib), never as the password itself.
"""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from pwdlib import PasswordHash

from takediff.errors import BadUser
from takediff.web.store import LOCAL, iso, metadata, now

users = sa.Table(
    "takediff_users",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("password", sa.Text, nullable=True),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
)
#: Values the server keeps between restarts: the key that signs login cookies.
keys = sa.Table(
    "takediff_keys",
    metadata,
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("value", sa.String(128), nullable=False),
)

#: A user name: what a report's owner column holds and what the page shows.
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
#: Bytes of randomness in a token (256 bits); written as 43 URL-safe base64 characters.
TOKEN_BYTES = 32
#: Shortest password the login takes: a newsroom's page is on its network.
MIN_PASSWORD = 12

_hasher = PasswordHash.recommended()  # Argon2id with the library's current parameters


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def check_name(name: str) -> str:
    if not _NAME.fullmatch(name) or name == LOCAL:
        raise BadUser(
            f"{name!r} cannot be a user name: use 1-64 letters, digits and . _ @ -, starting "
            f"with a letter or digit (and not {LOCAL!r})."
        )
    return name


@dataclass(slots=True, frozen=True)
class User:
    name: str
    created: str
    has_password: bool


class UserStore:
    """Add, list, remove people; find the one a token or a password belongs to."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def add(self, name: str, password: str | None = None) -> str:
        """A new person; returns their token (shown once: only its hash is kept)."""
        check_name(name)
        if password is not None and len(password) < MIN_PASSWORD:
            raise BadUser(f"a password needs at least {MIN_PASSWORD} characters.")
        token = secrets.token_urlsafe(TOKEN_BYTES)
        row = {
            "name": name,
            "token_sha256": token_digest(token),
            "password": None if password is None else _hasher.hash(password),
            "created": now(),
        }
        try:
            with self.engine.begin() as conn:
                conn.execute(users.insert().values(**row))
        except sa.exc.IntegrityError:
            raise BadUser(f"there is already a user {name!r}.") from None
        return token

    def new_token(self, name: str) -> str:
        """A fresh token for ``name``; the old one stops working."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        with self.engine.begin() as conn:
            done = conn.execute(
                users.update().where(users.c.name == name).values(token_sha256=token_digest(token))
            )
        if done.rowcount == 0:
            raise BadUser(f"there is no user {name!r}.")
        return token

    def remove(self, name: str) -> None:
        with self.engine.begin() as conn:
            done = conn.execute(users.delete().where(users.c.name == name))
        if done.rowcount == 0:
            raise BadUser(f"there is no user {name!r}.")

    def all(self) -> list[User]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(users).order_by(users.c.name)).all()
        return [User(r.name, iso(r.created), bool(r.password)) for r in rows]

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(users)).scalar_one())

    def exists(self, name: str) -> bool:
        with self.engine.connect() as conn:
            query = sa.select(users.c.name).where(users.c.name == name)
            return conn.execute(query).first() is not None

    def by_token(self, token: str) -> str | None:
        """The name whose token this is, or None."""
        if not token or len(token) > 256:
            return None
        with self.engine.connect() as conn:
            query = sa.select(users.c.name).where(users.c.token_sha256 == token_digest(token))
            return conn.execute(query).scalar_one_or_none()

    def by_password(self, name: str, password: str) -> str | None:
        """``name`` when ``password`` is theirs (or is their token), else None. A slow hash: run
        it off the event loop."""
        if len(password) > 1024:
            return None
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(users).where(users.c.name == name)).first()
        if row is None:
            _hasher.verify(password, _dummy())  # as slow as a wrong password: no name probing
            return None
        if secrets.compare_digest(row.token_sha256, token_digest(password)):
            return str(row.name)
        if row.password and _hasher.verify(password, row.password):
            return str(row.name)
        return None

    def session_key(self) -> str:
        """The key that signs login cookies: made once, kept, so logins survive a restart."""
        with self.engine.begin() as conn:
            value = conn.execute(
                sa.select(keys.c.value).where(keys.c.name == "session")
            ).scalar_one_or_none()
            if value is None:
                value = secrets.token_urlsafe(48)
                conn.execute(keys.insert().values(name="session", value=value))
        return str(value)


@functools.cache
def _dummy() -> str:
    return _hasher.hash("takediff: a hash no password matches, for unknown names")
