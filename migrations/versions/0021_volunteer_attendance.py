"""whether a volunteer came to a time of a task

Revision ID: 0021_volunteer_attendance
Revises: 0020_renewals

Safe while the old version serves: a new table.
"""

import sqlalchemy as sa
from alembic import op

import webapp.database

revision = "0021_volunteer_attendance"
down_revision = "0020_renewals"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "volunteer_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("came", sa.Boolean(), nullable=False),
        sa.Column("marked_at", webapp.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("marked_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["volunteer_assignments.id"],
            name=op.f("fk_volunteer_attendance_assignment_id_volunteer_assignments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["marked_by_id"], ["users.id"], name=op.f("fk_volunteer_attendance_marked_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_attendance")),
        sa.UniqueConstraint("assignment_id", "day", name=op.f("uq_volunteer_attendance_assignment_id")),
    )
    with op.batch_alter_table("volunteer_attendance") as batch_op:
        batch_op.create_index(batch_op.f("ix_volunteer_attendance_assignment_id"), ["assignment_id"], unique=False)


def downgrade():
    with op.batch_alter_table("volunteer_attendance") as batch_op:
        batch_op.drop_index(batch_op.f("ix_volunteer_attendance_assignment_id"))
    op.drop_table("volunteer_attendance")
