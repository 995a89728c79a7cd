"""The database tables, as SQLAlchemy 2 typed ORM classes.

Three tables: `workspace` (a named map and the number of its current version),
`workspace_version` (every saved version, with the map's two contract tables as
JSON) and `workspace_member` (per-workspace roles). The schema itself is created
and changed by the Alembic migrations in `mapping/store/migrations/`; these classes
must match the latest migration (a test compares them).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import zlib
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

__all__ = ["Base", "MemberRow", "PackedJSON", "UTCDateTime", "VersionRow", "WorkspaceRow"]

NAME_LENGTH = 200
PACKED_KEY = "packed"
"""The one key of a compressed version's stored content (see `PackedJSON`)."""

# Named constraints, so that later migrations can alter them on SQLite (batch mode).
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A moment in UTC: aware datetimes in, aware UTC datetimes out, on every backend.

    SQLite keeps no time zone, so values are stored as naive UTC there and marked
    UTC again when read.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("store times must be timezone-aware")
        utc = value.astimezone(dt.UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class PackedJSON(TypeDecorator[dict[str, Any]]):
    """A version's content, stored compressed: JSON in, JSON out, a zlib-packed JSON document in between.

    A map's two tables are repetitive text (kinds, sources, notes repeated on many
    rows), and every save, rename or share stores a whole version: packed, a
    30,000-actor map takes about a seventh of the room (README: "Workspaces").
    The column stays JSON, `{"packed": "<base64 of zlib>"}`, so no migration is
    needed and versions written before are read as they are.
    """

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: dict[str, Any] | None, dialect: Dialect) -> dict[str, Any] | None:
        if value is None:
            return None
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return {PACKED_KEY: base64.b64encode(zlib.compress(text, 6)).decode("ascii")}

    def process_result_value(self, value: Any, dialect: Dialect) -> dict[str, Any] | None:
        if isinstance(value, dict) and set(value) == {PACKED_KEY}:
            return dict(json.loads(zlib.decompress(base64.b64decode(value[PACKED_KEY]))))
        return value  # type: ignore[no-any-return]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class WorkspaceRow(Base):
    """A workspace. `name_key` is the name folded for uniqueness among live workspaces."""

    __tablename__ = "workspace"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    name_key: Mapped[str] = mapped_column(String(NAME_LENGTH))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    head_version: Mapped[int] = mapped_column(default=0)
    deleted: Mapped[bool] = mapped_column(default=False)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (
        # Unique among workspaces that are not deleted: a deleted name can be reused.
        Index(
            "uq_workspace_live_name",
            "name_key",
            unique=True,
            sqlite_where=text("deleted = 0"),
            postgresql_where=text("NOT deleted"),
        ),
    )


class VersionRow(Base):
    """One saved version: the contract tables as JSON, with their hash and row counts.

    `content` is `{"actors": {"headers": [...], "rows": [[...], ...]},
    "relationships": {...}}`, the headers and rows of `mapping.export.actor_rows`
    and `relationship_rows`.
    """

    __tablename__ = "workspace_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    author: Mapped[str] = mapped_column(String(NAME_LENGTH))
    description: Mapped[str] = mapped_column(Text)
    content: Mapped[dict[str, Any]] = mapped_column(PackedJSON)
    tables_digest: Mapped[str] = mapped_column("content_hash", String(64))  # column named before the rename
    actor_count: Mapped[int]
    relationship_count: Mapped[int]
    restored_from: Mapped[int | None]

    __table_args__ = (UniqueConstraint("workspace_id", "number", name="uq_workspace_version_number"),)


class MemberRow(Base):
    """A user's role on a workspace: viewer, editor or owner."""

    __tablename__ = "workspace_member"

    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(NAME_LENGTH), primary_key=True)
    role: Mapped[str] = mapped_column(String(10))

    __table_args__ = (CheckConstraint("role IN ('viewer', 'editor', 'owner')", name="role"),)
