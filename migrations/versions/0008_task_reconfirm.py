"""re-confirmation of standing volunteer tasks

Revision ID: 0008_task_reconfirm
Revises: 0007_attendance
"""

import sqlalchemy as sa
from alembic import op

import webapp.database

revision = "0008_task_reconfirm"
down_revision = "0007_attendance"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "volunteer_reconfirmations",
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("answer", sa.String(length=10), nullable=False),
        sa.Column("answered_at", webapp.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["volunteer_assignments.id"],
            name=op.f("fk_volunteer_reconfirmations_assignment_id_volunteer_assignments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("assignment_id", "day", name=op.f("pk_volunteer_reconfirmations")),
    )


def downgrade():
    op.drop_table("volunteer_reconfirmations")
