"""outbox messages given up on; which client made an offer sign-up

Revision ID: 0010_outbox_dead
Revises: 0008_task_reconfirm
"""

import sqlalchemy as sa
from alembic import op

import webapp.database

revision = "0010_outbox_dead"
down_revision = "0008_task_reconfirm"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("dead_at", webapp.database.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table("offer_signups", schema=None) as batch_op:
        batch_op.add_column(sa.Column("client_hash", sa.String(length=16), server_default="", nullable=False))


def downgrade():
    with op.batch_alter_table("offer_signups", schema=None) as batch_op:
        batch_op.drop_column("client_hash")
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_column("dead_at")
