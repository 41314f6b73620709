"""volunteers take tasks open to claim, and ask for a substitute

Revision ID: 0024_claims_expenses
Revises: 0015_person_ids

`volunteer_tasks.open_to_claim`: the coordinator lets approved volunteers who meet the
requirements take the task themselves (off for every task as before).
`volunteer_assignments.substitute_sought_at` and `released_at`: the volunteer cannot come and asked
for a substitute, and when one took the task over.

Safe while the old version serves: new nullable columns, and one with a server default.
"""

import sqlalchemy as sa
from alembic import op

import webapp.database

revision = "0024_claims_expenses"
down_revision = "0015_person_ids"
branch_labels = None
depends_on = None


def upgrade():
    # Only adding columns: SQLite alters the tables in place, so the rows that refer to them stay.
    with op.batch_alter_table("volunteer_tasks", recreate="never") as batch_op:
        batch_op.add_column(sa.Column("open_to_claim", sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table("volunteer_assignments", recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("substitute_sought_at", webapp.database.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("released_at", webapp.database.UTCDateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("volunteer_assignments") as batch_op:
        batch_op.drop_column("released_at")
        batch_op.drop_column("substitute_sought_at")
    with op.batch_alter_table("volunteer_tasks") as batch_op:
        batch_op.drop_column("open_to_claim")
