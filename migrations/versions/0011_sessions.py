"""sessions that can be ended, used links recorded by meaning, limits on unasked-for mail

Revision ID: 0011_sessions
Revises: 0010_outbox_dead

Links used before this revision were recorded by a digest of their text. They are kept, with that
digest as the subject and the time of use as the issue time, and webapp.tokens still finds them.
Sessions made before it carry no session version and end at the first request after it, and a
change of e-mail address asked for before it must be asked for again (its link carries no time).
"""

import sqlalchemy as sa
from alembic import op

import webapp.database

revision = "0011_sessions"
down_revision = "0010_outbox_dead"
branch_labels = None
depends_on = None

USER_COLUMNS = ("pending_email_at", "password_changed_at", "session_version")


def _old_used_tokens():
    return sa.table(
        "used_tokens",
        sa.column("digest", sa.String()),
        sa.column("purpose", sa.String()),
        sa.column("used_at", webapp.database.UTCDateTime(timezone=True)),
    )


def _new_used_tokens():
    return sa.table(
        "used_tokens",
        sa.column("purpose", sa.String()),
        sa.column("subject", sa.String()),
        sa.column("issued_at", webapp.database.UTCDateTime(timezone=True)),
        sa.column("used_at", webapp.database.UTCDateTime(timezone=True)),
    )


def upgrade():
    # Only adding columns: SQLite alters the table in place, so the rows that refer to users stay.
    with op.batch_alter_table("users", recreate="never") as batch_op:
        batch_op.add_column(sa.Column("pending_email_at", webapp.database.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("password_changed_at", webapp.database.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("session_version", sa.Integer(), server_default="1", nullable=False))

    op.create_table(
        "address_notices",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("address_digest", sa.String(length=64), nullable=False),
        sa.Column("sent_at", webapp.database.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("kind", "address_digest", name=op.f("pk_address_notices")),
    )
    with op.batch_alter_table("address_notices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_address_notices_sent_at"), ["sent_at"], unique=False)

    old = op.get_bind().execute(sa.select(_old_used_tokens())).all()
    op.drop_table("used_tokens")
    op.create_table(
        "used_tokens",
        sa.Column("purpose", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("issued_at", webapp.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", webapp.database.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("purpose", "subject", "issued_at", name=op.f("pk_used_tokens")),
    )
    if old:
        op.bulk_insert(
            _new_used_tokens(),
            [
                {"purpose": row.purpose, "subject": row.digest, "issued_at": row.used_at, "used_at": row.used_at}
                for row in old
            ],
        )


def downgrade():
    rows = op.get_bind().execute(sa.select(_new_used_tokens())).all()
    op.drop_table("used_tokens")
    op.create_table(
        "used_tokens",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=40), nullable=False),
        sa.Column("used_at", webapp.database.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("digest", name=op.f("pk_used_tokens")),
    )
    # A link recorded by meaning has no text digest; its subject stands in (one row per subject).
    by_digest = {row.subject: row for row in rows}
    if by_digest:
        op.bulk_insert(
            _old_used_tokens(),
            [{"digest": row.subject, "purpose": row.purpose, "used_at": row.used_at} for row in by_digest.values()],
        )

    with op.batch_alter_table("address_notices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_address_notices_sent_at"))
    op.drop_table("address_notices")

    # SQLite drops a column in place (3.35 and later); recreating users would cascade to its rows.
    with op.batch_alter_table("users", recreate="never") as batch_op:
        for column in reversed(USER_COLUMNS):
            batch_op.drop_column(column)
