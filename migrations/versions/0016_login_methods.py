"""staff log in through their municipality's provider; e-mail login switched per municipality; help by phone

Revision ID: 0016_login_methods
Revises: 0014_more_checks

`staff_identities` keeps the subject a municipality's own identity provider gave a staff member,
so later logins find the account without the e-mail address. `municipalities` gets whether
relatives, and staff, may log in with e-mail and password (on for every municipality as before).
`assisted_actions` records what staff did for a person who phoned in, and who did it.

Safe while the old version serves: new tables, and columns with a server default.
"""

import sqlalchemy as sa
from alembic import op

import webapp.database

revision = "0016_login_methods"
down_revision = "0014_more_checks"
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

    op.create_table(
        "assisted_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.String(length=200), nullable=False),
        sa.Column("created_at", webapp.database.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('registered', 'offer_signup', 'volunteer', 'respite_booking')",
            name=op.f("ck_assisted_actions_kind"),
        ),
        sa.CheckConstraint("channel IN ('phone')", name=op.f("ck_assisted_actions_channel")),
        sa.ForeignKeyConstraint(
            ["municipality_id"], ["municipalities.id"], name=op.f("fk_assisted_actions_municipality_id_municipalities")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["users.id"], name=op.f("fk_assisted_actions_person_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["users.id"], name=op.f("fk_assisted_actions_staff_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assisted_actions")),
    )
    with op.batch_alter_table("assisted_actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assisted_actions_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assisted_actions_staff_id"), ["staff_id"], unique=False)


def downgrade():
    with op.batch_alter_table("assisted_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assisted_actions_staff_id"))
        batch_op.drop_index(batch_op.f("ix_assisted_actions_person_id"))
    op.drop_table("assisted_actions")
    with op.batch_alter_table("staff_identities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_identities_user_id"))
    op.drop_table("staff_identities")
    with op.batch_alter_table("municipalities", recreate="never") as batch_op:
        for column in reversed(LOGIN_SWITCHES):
            batch_op.drop_column(column)
