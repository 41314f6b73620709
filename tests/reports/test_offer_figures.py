"""Sign-ups, attendance, waiting lists and use per staircase step, against hand-built data."""

from datetime import UTC, date, datetime

from tests.reports.conftest import make_session, make_signup, offers_setting, oslo
from webapp.offers import figures

JAN, FEB, MAR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)


def test_signups_count_in_their_oslo_month_and_cancelled_or_waiting_ones_do_not(ctx):
    m, walk, dance, cafe, other = offers_setting()
    make_signup(walk, oslo(date(2026, 1, 31), 23, 30))  # 22:30 UTC: January
    make_signup(walk, oslo(date(2026, 2, 1), 0, 30))  # still 31 January in UTC: February in Oslo
    make_signup(walk, oslo(date(2026, 1, 10)), status="cancelled")
    make_signup(walk, oslo(date(2026, 1, 11)), status="waiting")
    make_signup(walk, oslo(date(2025, 12, 31), 23, 59))  # before the period
    make_signup(other, oslo(date(2026, 1, 12)))
    rows = figures.activity(m, JAN, FEB)
    assert [(r.title, r.month, r.signups) for r in rows] == [("Gågruppe", JAN, 1), ("Gågruppe", FEB, 1)]


def test_attendance_is_those_present_plus_drop_ins_in_the_month_of_the_session(ctx):
    m, walk, dance, cafe, other = offers_setting()
    make_session(dance, oslo(date(2026, 2, 3), 10), present=2, absent=1, drop_ins=3)
    make_session(dance, oslo(date(2026, 2, 10), 10), drop_ins=None)  # not counted yet
    make_session(dance, oslo(date(2026, 3, 1), 0, 15), present=1)  # after the period
    make_session(other, oslo(date(2026, 2, 3), 10), present=5)
    [row] = figures.activity(m, JAN, FEB)
    assert (row.title, row.month, row.present, row.drop_ins, row.attended) == ("Sittedans", FEB, 2, 3, 5)
    assert row.signups == 3  # the three signed up for the session on 3 February


def test_waiting_list_length_at_each_month_end_and_now(ctx):
    m, walk, dance, cafe, other = offers_setting()
    make_signup(walk, oslo(date(2026, 1, 10)), status="waiting")
    make_signup(walk, oslo(date(2026, 1, 5)), promoted_at=oslo(date(2026, 2, 3)))
    make_signup(dance, oslo(date(2026, 2, 28), 23, 30), status="waiting")  # end of February, Oslo
    make_signup(other, oslo(date(2026, 1, 5)), status="waiting")
    now = datetime(2026, 3, 15, tzinfo=UTC)
    assert figures.waiting_by_month(m, JAN, MAR, now=now) == [(JAN, 2), (FEB, 2), (MAR, 2)]
    assert [(w.title, w.waiting) for w in figures.waiting_now(m)] == [("Gågruppe", 1), ("Sittedans", 1)]


def test_use_per_step_lowest_first_and_offers_without_a_step_last(ctx):
    m, walk, dance, cafe, other = offers_setting()
    make_signup(walk, oslo(date(2026, 1, 10)))
    make_signup(walk, oslo(date(2026, 1, 11)))
    make_session(dance, oslo(date(2026, 1, 13)), drop_ins=4)
    make_signup(cafe, oslo(date(2026, 1, 14)))
    levels = figures.use_by_level(m, JAN, JAN)
    assert [(lv.rank, lv.needs_decision, lv.offers, lv.signups, lv.attended) for lv in levels] == [
        (1, False, 1, 2, 0),
        (2, True, 1, 0, 4),
        (None, None, 1, 1, 0),
    ]
