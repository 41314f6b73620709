"""where a municipality's offers may be embedded, and in which colour

Revision ID: 0019_embed_origins
Revises: 0018_feed_changes

The embed page may be framed only by the origins listed here (CSP frame-ancestors); none listed,
it may be framed nowhere.

Safe while the old version serves: two columns with a server default.
"""

import sqlalchemy as sa
from alembic import op

revision = "0019_embed_origins"
down_revision = "0018_feed_changes"
branch_labels = None
depends_on = None


def upgrade():
    # Only adding columns: SQLite alters the table in place, so the rows that refer to it stay.
    with op.batch_alter_table("municipalities", recreate="never") as batch_op:
        batch_op.add_column(sa.Column("embed_origins", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("embed_colour", sa.String(length=7), server_default="", nullable=False))


def downgrade():
    # SQLite drops a column in place (3.35 and later); recreating the table would cascade to its rows.
    with op.batch_alter_table("municipalities", recreate="never") as batch_op:
        batch_op.drop_column("embed_colour")
        batch_op.drop_column("embed_origins")
