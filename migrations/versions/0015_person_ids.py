"""people known by ID-porten: the keyed hash of the identity number (of accounts, of the
person cared for), accounts without e-mail, the provider's session ids

Revision ID: 0015_person_ids
Revises: 0021_volunteer_attendance

The identity number itself is never stored: `users.pid_hash` holds its HMAC. An account made at
an ID-porten login may have a phone number and no e-mail address, so `users.email` may be empty.

Safe while the old version serves on PostgreSQL (new columns and a table; dropping NOT NULL
from `users.email` is instant there). SQLite copies `users`: stop the app for it.
"""

from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

import webapp.database

revision = "0015_person_ids"
down_revision = "0021_volunteer_attendance"
branch_labels = None
depends_on = None


@contextmanager
def _users_recreated():
    """SQLite changes a column's NOT NULL only by copying the table and dropping the old one. With
    foreign keys enforced, dropping `users` would delete every row that refers to a person (role
    grants cascade), so enforcement is off while the copy is made, and checked after."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        yield
        return
    # PRAGMA foreign_keys is ignored inside a transaction: Alembic commits what came before.
    with op.get_context().autocommit_block():
        bind.exec_driver_sql("PRAGMA foreign_keys=OFF")
        try:
            yield
            broken = bind.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"rows refer to missing rows after copying users: {broken[:5]}")
        finally:
            bind.exec_driver_sql("PRAGMA foreign_keys=ON")


def upgrade():
    # recreate="never": SQLite changes the table in place, so the rows that refer to users stay.
    with op.batch_alter_table("users", recreate="never") as batch_op:
        batch_op.add_column(sa.Column("pid_hash", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_users_pid_hash"), ["pid_hash"], unique=True)
    with _users_recreated():
        with op.batch_alter_table("users") as batch_op:
            batch_op.alter_column("email", existing_type=sa.String(length=254), nullable=True)

    op.create_table(
        "idporten_sessions",
        sa.Column("sid", sa.String(length=255), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("started_at", webapp.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_idporten_sessions_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("sid", name=op.f("pk_idporten_sessions")),
    )
    with op.batch_alter_table("idporten_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_idporten_sessions_started_at"), ["started_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_idporten_sessions_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("respite_care_receivers", recreate="never") as batch_op:
        batch_op.add_column(sa.Column("pid_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("pid_tail", sa.String(length=5), nullable=True))
        batch_op.create_index(batch_op.f("ix_respite_care_receivers_pid_hash"), ["pid_hash"], unique=False)
    with op.batch_alter_table("respite_decision_relatives", recreate="never") as batch_op:
        batch_op.add_column(sa.Column("pid_tail", sa.String(length=5), nullable=True))


def downgrade():
    with op.batch_alter_table("respite_decision_relatives", recreate="never") as batch_op:
        batch_op.drop_column("pid_tail")
    with op.batch_alter_table("respite_care_receivers", recreate="never") as batch_op:
        batch_op.drop_index(batch_op.f("ix_respite_care_receivers_pid_hash"))
        batch_op.drop_column("pid_tail")
        batch_op.drop_column("pid_hash")

    with op.batch_alter_table("idporten_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_idporten_sessions_user_id"))
        batch_op.drop_index(batch_op.f("ix_idporten_sessions_started_at"))
    op.drop_table("idporten_sessions")

    # Accounts without an e-mail address get one that can receive nothing, so the column can be
    # required again.
    users = sa.table("users", sa.column("id", sa.Integer()), sa.column("email", sa.String()))
    op.execute(
        users.update()
        .where(users.c.email.is_(None))
        .values(email=sa.literal("no-email-") + sa.cast(users.c.id, sa.String()) + sa.literal("@invalid"))
    )
    with _users_recreated():
        with op.batch_alter_table("users") as batch_op:
            batch_op.alter_column("email", existing_type=sa.String(length=254), nullable=False)
    with op.batch_alter_table("users", recreate="never") as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_pid_hash"))
        batch_op.drop_column("pid_hash")
