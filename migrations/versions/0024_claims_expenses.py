"""volunteers take tasks open to claim, and ask for a substitute

Revision ID: 0024_claims_expenses
Revises: 0015_person_ids

`volunteer_tasks.open_to_claim`: the coordinator lets approved volunteers who meet the
requirements take the task themselves (off for every task as before).
`volunteer_assignments.substitute_sought_at` and `released_at`: the volunteer cannot come and asked
for a substitute, and when one took the task over.
`volunteer_expenses`: kilometres driven and money spent for a task, approved or not, and when the
line went to the payroll export. `volunteer_expense_rules`: a municipality's rate per kilometre.

Safe while the old version serves: new tables, new nullable columns, and one with a server default.
"""

import sqlalchemy as sa
from alembic import op

import webapp.database

revision = "0024_claims_expenses"
down_revision = "0023_group_messages"
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
    op.create_table(
        "volunteer_expenses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("km", sa.Float(), nullable=False),
        sa.Column("rate_ore", sa.Integer(), nullable=False),
        sa.Column("amount_ore", sa.Integer(), nullable=False),
        sa.Column("from_place", sa.String(length=120), nullable=False),
        sa.Column("to_place", sa.String(length=120), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("decided_at", webapp.database.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("exported_at", webapp.database.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            webapp.database.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint("kind IN ('mileage', 'expense')", name=op.f("ck_volunteer_expenses_kind")),
        sa.CheckConstraint("status IN ('pending', 'approved', 'rejected')", name=op.f("ck_volunteer_expenses_status")),
        sa.ForeignKeyConstraint(
            ["volunteer_id"], ["volunteers.id"], name=op.f("fk_volunteer_expenses_volunteer_id_volunteers")
        ),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["volunteer_tasks.id"],
            name=op.f("fk_volunteer_expenses_task_id_volunteer_tasks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_volunteer_expenses_decided_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_expenses")),
    )
    with op.batch_alter_table("volunteer_expenses") as batch_op:
        batch_op.create_index(batch_op.f("ix_volunteer_expenses_volunteer_id"), ["volunteer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_volunteer_expenses_task_id"), ["task_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_volunteer_expenses_exported_at"), ["exported_at"], unique=False)
    op.create_table(
        "volunteer_expense_rules",
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("km_rate_ore", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_volunteer_expense_rules_municipality_id_municipalities"),
        ),
        sa.PrimaryKeyConstraint("municipality_id", name=op.f("pk_volunteer_expense_rules")),
    )


def downgrade():
    op.drop_table("volunteer_expense_rules")
    with op.batch_alter_table("volunteer_expenses") as batch_op:
        batch_op.drop_index(batch_op.f("ix_volunteer_expenses_exported_at"))
        batch_op.drop_index(batch_op.f("ix_volunteer_expenses_task_id"))
        batch_op.drop_index(batch_op.f("ix_volunteer_expenses_volunteer_id"))
    op.drop_table("volunteer_expenses")
    with op.batch_alter_table("volunteer_assignments") as batch_op:
        batch_op.drop_column("released_at")
        batch_op.drop_column("substitute_sought_at")
    with op.batch_alter_table("volunteer_tasks") as batch_op:
        batch_op.drop_column("open_to_claim")
