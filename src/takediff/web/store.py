"""The history of reports: one table, SQLAlchemy Core, so SQLite and PostgreSQL share the code.

Each row keeps the Report's JSON, the inputs it was made from, and its rendered HTML page, so a
permalink shows the same page after a restart without running the models again.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

#: The owner of every report on a server without users (``--auth none``), and of the reports
#: kept before reports had owners.
LOCAL = "local"

metadata = sa.MetaData()
reports = sa.Table(
    "takediff_reports",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("parties", sa.JSON, nullable=False),
    sa.Column("divergence", sa.Float, nullable=False),
    sa.Column("inputs", sa.JSON, nullable=False),
    sa.Column("report", sa.JSON, nullable=False),
    sa.Column("html", sa.Text, nullable=False),
    sa.Column("owner", sa.String(64), nullable=False, index=True, server_default=LOCAL),
    sa.Column("shared", sa.Boolean, nullable=False, server_default=sa.false()),
)


#: Bytes of randomness in an id: 128 bits, written as 22 URL-safe base64 characters.
ID_BYTES = 16
_ID = re.compile(r"[A-Za-z0-9_-]{22}")


def new_id() -> str:
    """An unguessable id: 128 random bits from the OS's CSPRNG, URL-safe."""
    return secrets.token_urlsafe(ID_BYTES)


def valid_id(report_id: str) -> bool:
    """Whether a string from a request can be an id at all; nothing else reaches the database."""
    return _ID.fullmatch(report_id) is not None


@dataclass(slots=True, frozen=True)
class StoredReport:
    id: str
    created: datetime
    kind: str  # "compare" or "article"
    parties: list[str]
    divergence: float
    inputs: dict[str, Any]
    report: dict[str, Any]
    html: str
    owner: str = LOCAL
    shared: bool = False  # readable by anyone with the link, by the owner's explicit choice

    @property
    def created_iso(self) -> str:
        return iso(self.created)


def iso(moment: datetime) -> str:
    """UTC time as ISO 8601 with a Z (SQLite hands datetimes back without their zone)."""
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


#: Columns added since the table was first made, as a database made before them gains them.
_ADDED = {
    "owner": f"VARCHAR(64) NOT NULL DEFAULT '{LOCAL}'",
    "shared": "BOOLEAN NOT NULL DEFAULT FALSE",
}

_SUMMARY = (
    reports.c.id,
    reports.c.created,
    reports.c.kind,
    reports.c.parties,
    reports.c.divergence,
    reports.c.shared,
)


class ReportStore:
    """Add, read, list and delete stored reports."""

    def __init__(self, url: str) -> None:
        options: dict[str, Any] = {"pool_pre_ping": True}
        if url.startswith("sqlite"):
            options = {"connect_args": {"check_same_thread": False}}
        self.engine = sa.create_engine(url, **options)

    def create(self) -> None:
        """The tables; a database from before reports had owners gains the two columns (its
        reports belong to ``LOCAL``, the single user of a server without ``--auth users``)."""
        metadata.create_all(self.engine)
        have = {c["name"] for c in sa.inspect(self.engine).get_columns(reports.name)}
        with self.engine.begin() as conn:
            for name, kind in _ADDED.items():
                if name not in have:
                    conn.execute(sa.text(f"ALTER TABLE {reports.name} ADD COLUMN {name} {kind}"))

    def close(self) -> None:
        self.engine.dispose()

    def add(self, row: StoredReport) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                reports.insert().values(
                    id=row.id,
                    created=row.created,
                    kind=row.kind,
                    parties=row.parties,
                    divergence=row.divergence,
                    inputs=row.inputs,
                    report=row.report,
                    html=row.html,
                    owner=row.owner,
                    shared=row.shared,
                )
            )

    def get(self, report_id: str, reader: str | None = None) -> StoredReport | None:
        """The report, if ``reader`` may read it: its owner, anyone once it is shared, everyone
        when ``reader`` is None (the server's own use). Not readable and missing look alike."""
        if not valid_id(report_id):
            return None
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(reports).where(reports.c.id == report_id)).first()
        if row is None:
            return None
        found = StoredReport(**row._mapping)
        if reader is not None and found.owner != reader and not found.shared:
            return None
        return found

    def recent(self, limit: int = 50, offset: int = 0, owner: str = LOCAL) -> list[dict[str, Any]]:
        """``owner``'s reports, newest first: id, created, kind, parties, divergence, shared (no
        texts, no HTML)."""
        query = (
            sa.select(*_SUMMARY)
            .where(reports.c.owner == owner)
            .order_by(reports.c.created.desc(), reports.c.id)
            .limit(limit)
            .offset(offset)
        )
        with self.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(query)]
        for row in rows:
            row["created"] = iso(row["created"])
        return rows

    def delete(self, report_id: str, owner: str = LOCAL) -> bool:
        """Delete ``owner``'s report; False when there is none of theirs with this id."""
        if not valid_id(report_id):
            return False
        mine = (reports.c.id == report_id) & (reports.c.owner == owner)
        with self.engine.begin() as conn:
            result = conn.execute(reports.delete().where(mine))
        return result.rowcount > 0

    def share(self, report_id: str, owner: str, shared: bool) -> bool:
        """Let anyone with the link read ``owner``'s report (or stop); False when not theirs."""
        if not valid_id(report_id):
            return False
        mine = (reports.c.id == report_id) & (reports.c.owner == owner)
        with self.engine.begin() as conn:
            result = conn.execute(reports.update().where(mine).values(shared=shared))
        return result.rowcount > 0


def now() -> datetime:
    return datetime.now(UTC)
