"""messages to a group, and who they went to by which channel

Revision ID: 0023_group_messages
Revises: 0021_volunteer_attendance

Safe while the old version serves: two new tables that the old version does not read.
"""

import sqlalchemy as sa
from alembic import op

import webapp.database

revision = "0023_group_messages"
down_revision = "0015_person_ids"
branch_labels = None
depends_on = None

KINDS = "'offer', 'session', 'waiting', 'role', 'area', 'week'"
CHANNELS = "'email', 'sms', 'both', 'none'"


def upgrade():
    op.create_table(
        "group_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.Integer(), nullable=True),
        sa.Column("group_kind", sa.String(length=20), nullable=False),
        sa.Column("group_key", sa.String(length=60), nullable=False),
        sa.Column("group_title", sa.String(length=300), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body_nb", sa.Text(), nullable=False),
        sa.Column("body_nn", sa.Text(), nullable=False),
        sa.Column("sent_at", webapp.database.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(f"group_kind IN ({KINDS})", name=op.f("ck_group_messages_group_kind")),
        sa.ForeignKeyConstraint(
            ["municipality_id"], ["municipalities.id"], name=op.f("fk_group_messages_municipality_id_municipalities")
        ),
        sa.ForeignKeyConstraint(
            ["sender_id"], ["users.id"], name=op.f("fk_group_messages_sender_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_messages")),
    )
    with op.batch_alter_table("group_messages") as batch_op:
        batch_op.create_index(batch_op.f("ix_group_messages_municipality_id"), ["municipality_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_group_messages_sent_at"), ["sent_at"], unique=False)
    op.create_table(
        "group_message_recipients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.CheckConstraint(f"channel IN ({CHANNELS})", name=op.f("ck_group_message_recipients_channel")),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["group_messages.id"],
            name=op.f("fk_group_message_recipients_message_id_group_messages"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_group_message_recipients_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_message_recipients")),
    )
    with op.batch_alter_table("group_message_recipients") as batch_op:
        batch_op.create_index(batch_op.f("ix_group_message_recipients_message_id"), ["message_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_group_message_recipients_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("group_message_recipients") as batch_op:
        batch_op.drop_index(batch_op.f("ix_group_message_recipients_user_id"))
        batch_op.drop_index(batch_op.f("ix_group_message_recipients_message_id"))
    op.drop_table("group_message_recipients")
    with op.batch_alter_table("group_messages") as batch_op:
        batch_op.drop_index(batch_op.f("ix_group_messages_sent_at"))
        batch_op.drop_index(batch_op.f("ix_group_messages_municipality_id"))
    op.drop_table("group_messages")
