"""municipalities of a region share tasks and volunteers

Revision ID: 0025_region_pool
Revises: 0024_claims_expenses

`municipalities.shares_with_region`: the municipality shares tasks and volunteers with the other
municipalities of its region that share too (off for every municipality as before).
`volunteer_tasks.shared_with_region`: volunteers of those municipalities may be asked for the task,
or take it when it is open to claim (off for every task as before).

Safe while the old version serves: two new columns with a server default, which the old version
does not read.
"""

import sqlalchemy as sa
from alembic import op

revision = "0025_region_pool"
down_revision = "0024_claims_expenses"
branch_labels = None
depends_on = None


def upgrade():
    # Only adding columns: SQLite alters the tables in place, so the rows that refer to them stay.
    with op.batch_alter_table("municipalities", recreate="never") as batch_op:
        batch_op.add_column(sa.Column("shares_with_region", sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table("volunteer_tasks", recreate="never") as batch_op:
        batch_op.add_column(sa.Column("shared_with_region", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table("volunteer_tasks") as batch_op:
        batch_op.drop_column("shared_with_region")
    with op.batch_alter_table("municipalities") as batch_op:
        batch_op.drop_column("shares_with_region")
