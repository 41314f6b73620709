"""respite kinds and application event states kept to their known values by CHECK constraints

Revision ID: 0014_more_checks
Revises: 0013_states

As in 0013_states: each column named below may hold only the values its enum declares
(webapp/enums.py `one_of`), written out here as they were at this revision.

Safe while the old version serves, as 0013_states.
"""

from alembic import op

revision = "0014_more_checks"
down_revision = "0013_states"
branch_labels = None
depends_on = None

RESPITE_KINDS = ("institution", "day", "home", "child_home")
APPLICATION_STATES = ("received", "in_review", "granted", "rejected", "withdrawn")

STATES = [
    ("respite_units", "kind", RESPITE_KINDS),
    ("respite_applications", "kind_wanted", RESPITE_KINDS),
    ("respite_application_events", "status", APPLICATION_STATES),
]


def upgrade():
    for table, column, values in STATES:
        allowed = ", ".join(f"'{value}'" for value in values)
        with op.batch_alter_table(table) as batch_op:
            batch_op.create_check_constraint(op.f(f"ck_{table}_{column}"), f"{column} IN ({allowed})")


def downgrade():
    for table, column, _values in reversed(STATES):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_{column}"), type_="check")
