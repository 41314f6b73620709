"""attendance on offer sessions

Revision ID: 0007_attendance
Revises: 0006_reconfirm
"""

import sqlalchemy as sa
from alembic import op

import webapp.database

revision = "0007_attendance"
down_revision = "0006_reconfirm"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "offer_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("signup_id", sa.Integer(), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.Column("marked_at", webapp.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["offer_sessions.id"],
            name=op.f("fk_offer_attendance_session_id_offer_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["signup_id"],
            ["offer_signups.id"],
            name=op.f("fk_offer_attendance_signup_id_offer_signups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offer_attendance")),
        sa.UniqueConstraint("session_id", "signup_id", name=op.f("uq_offer_attendance_session_id")),
    )
    op.create_index(op.f("ix_offer_attendance_session_id"), "offer_attendance", ["session_id"], unique=False)
    op.create_index(op.f("ix_offer_attendance_signup_id"), "offer_attendance", ["signup_id"], unique=False)
    op.add_column("offer_sessions", sa.Column("drop_ins", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("offer_sessions") as batch:
        batch.drop_column("drop_ins")
    op.drop_index(op.f("ix_offer_attendance_signup_id"), table_name="offer_attendance")
    op.drop_index(op.f("ix_offer_attendance_session_id"), table_name="offer_attendance")
    op.drop_table("offer_attendance")
