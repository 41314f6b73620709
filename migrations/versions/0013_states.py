"""states kept to their known values by CHECK constraints

Revision ID: 0013_states
Revises: 0011_sessions

Each status, state and kind column named below may hold only the values its enum declares
(webapp/enums.py `one_of`). The values are written out here as they were at this revision.

Safe while the old version serves: the old code writes only these values. Adding each constraint
reads its table once (SQLite copies it).
"""

from alembic import op

revision = "0013_states"
down_revision = "0011_sessions"
branch_labels = None
depends_on = None

STATES = [
    (
        "offers",
        "status",
        (
            "active",
            "new",
            "paused",
            "reestablishing",
        ),
    ),
    (
        "offer_signups",
        "status",
        (
            "confirmed",
            "waiting",
            "cancelled",
        ),
    ),
    (
        "respite_decisions",
        "kind",
        (
            "institution",
            "day",
            "home",
            "child_home",
        ),
    ),
    (
        "respite_bookings",
        "status",
        (
            "pending",
            "confirmed",
            "declined",
            "cancelled",
        ),
    ),
    (
        "respite_waiting_list",
        "status",
        (
            "waiting",
            "offered",
            "accepted",
            "expired",
            "left",
        ),
    ),
    (
        "respite_applications",
        "status",
        (
            "received",
            "in_review",
            "granted",
            "rejected",
            "withdrawn",
        ),
    ),
    (
        "volunteers",
        "status",
        (
            "pending",
            "onboarding",
            "approved",
            "paused",
            "left",
        ),
    ),
    (
        "volunteer_tasks",
        "kind",
        (
            "standing",
            "one_off",
            "offer_helper",
        ),
    ),
    (
        "volunteer_tasks",
        "status",
        (
            "open",
            "filled",
            "done",
            "cancelled",
        ),
    ),
    (
        "volunteer_assignments",
        "state",
        (
            "draft",
            "proposed",
            "accepted",
            "declined",
            "confirmed",
        ),
    ),
    (
        "volunteer_hours",
        "status",
        (
            "pending",
            "approved",
            "rejected",
        ),
    ),
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
