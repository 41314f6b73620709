"""staff log in through their municipality's provider; e-mail login switched per municipality

Revision ID: 0016_login_methods
Revises: 0013_states

`staff_identities` keeps the subject a municipality's own identity provider gave a staff member,
so later logins find the account without the e-mail address. `municipalities` gets whether
relatives, and staff, may log in with e-mail and password (on for every municipality as before).
"""

import sqlalchemy as sa
from alembic import op

import webapp.database

revision = "0016_login_methods"
down_revision = "0013_states"
branch_labels = None
depends_on = None

LOGIN_SWITCHES = ("password_login_relatives", "password_login_staff")


def upgrade():
    # Only adding columns: SQLite alters the table in place, so the rows that refer to it stay.
    with op.batch_alter_table("municipalities", recreate="never") as batch_op:
        for column in LOGIN_SWITCHES:
            batch_op.add_column(sa.Column(column, sa.Boolean(), server_default=sa.true(), nullable=False))
    op.create_table(
        "staff_identities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("issuer", sa.String(length=255), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("created_at", webapp.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_staff_identities_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_identities")),
        sa.UniqueConstraint("issuer", "subject", name=op.f("uq_staff_identities_issuer")),
    )
    with op.batch_alter_table("staff_identities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_identities_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("staff_identities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_identities_user_id"))
    op.drop_table("staff_identities")
    with op.batch_alter_table("municipalities", recreate="never") as batch_op:
        for column in reversed(LOGIN_SWITCHES):
            batch_op.drop_column(column)
