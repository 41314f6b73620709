"""how long a politiattest and a confidentiality declaration hold, per municipality

Revision ID: 0020_renewals
Revises: 0019_embed_origins

Safe while the old version serves: a new table.
"""

import sqlalchemy as sa
from alembic import op

revision = "0020_renewals"
down_revision = "0019_embed_origins"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "volunteer_renewal_rules",
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("politiattest_months", sa.Integer(), nullable=False),
        sa.Column("declaration_months", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_volunteer_renewal_rules_municipality_id_municipalities"),
        ),
        sa.PrimaryKeyConstraint("municipality_id", name=op.f("pk_volunteer_renewal_rules")),
    )


def downgrade():
    op.drop_table("volunteer_renewal_rules")
