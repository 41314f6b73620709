"""the OpenActive feed items, with tombstones

Revision ID: 0018_feed_changes
Revises: 0016_login_methods

Each published session series and scheduled session is one row whose `modified` grows on every
change; a withdrawn one stays as a deleted item. After upgrading, `flask offers refresh-feeds`
fills the feeds from the offers there are.

Safe while the old version serves: a new table (run `flask offers refresh-feeds` afterwards).
"""

import sqlalchemy as sa
from alembic import op

revision = "0018_feed_changes"
down_revision = "0016_login_methods"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "offer_feed_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("item_id", sa.String(length=80), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("modified", sa.BigInteger(), nullable=False),
        sa.Column("data", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_offer_feed_items_municipality_id_municipalities"),
        ),
        sa.ForeignKeyConstraint(["offer_id"], ["offers.id"], name=op.f("fk_offer_feed_items_offer_id_offers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offer_feed_items")),
        sa.UniqueConstraint("kind", "item_id", name=op.f("uq_offer_feed_items_kind")),
    )
    op.create_index(op.f("ix_offer_feed_items_offer_id"), "offer_feed_items", ["offer_id"], unique=False)
    op.create_index(
        "ix_offer_feed_items_feed", "offer_feed_items", ["municipality_id", "kind", "modified", "item_id"], unique=False
    )


def downgrade():
    op.drop_index("ix_offer_feed_items_feed", table_name="offer_feed_items")
    op.drop_index(op.f("ix_offer_feed_items_offer_id"), table_name="offer_feed_items")
    op.drop_table("offer_feed_items")
