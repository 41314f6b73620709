"""The score components, hard requirements and the weekly batch, on arrays (no database)."""

from __future__ import annotations

import itertools
from datetime import date

import numpy as np
import pytest

from webapp.volunteers import matching

DAY = date(2026, 12, 1).toordinal()  # a Tuesday


def pool(n: int = 2, **overrides) -> matching.Pool:
    """n approved volunteers at the same place, free Tuesdays 08–16, liking escort, speaking nn."""
    grid = matching.empty_grid(n)
    for i in range(n):
        matching.fill_slot(grid, i, 1, 8 * 60, 16 * 60)
    values = dict(
        ids=np.arange(1, n + 1),
        approved=np.ones(n, bool),
        politiattest=np.zeros(n, bool),
        car=np.zeros(n, bool),
        lat=np.full(n, 61.149),
        lon=np.full(n, 9.064),
        max_km=np.full(n, 20.0),
        roles=np.ones((n, 1), bool),
        langs=np.zeros((n, 2), bool),
        wants=np.zeros(n, np.int8),
        load_hours=np.zeros(n),
        grid=grid,
        capacity=np.ones(n, np.int64),
        role_index={"escort": 0},
        lang_index={"nb": 0, "pl": 1},
    )
    values["langs"][:, 0] = True
    values.update(overrides)
    return matching.Pool(**values)


def task(**overrides) -> matching.TaskSpec:
    values = dict(role="escort", kind="one_off", weekday=1, start_q=40, end_q=44, day=DAY, lat=61.149, lon=9.064)
    values.update(overrides)
    return matching.TaskSpec(**values)


def part(name: str, t: matching.TaskSpec, p: matching.Pool) -> np.ndarray:
    return matching.components(t, p)[0][name]


def test_availability_needs_the_whole_task_inside_a_slot():
    p = pool(3)
    p.grid[1] = False
    matching.fill_slot(p.grid, 1, 1, 8 * 60, 10 * 60 + 30)  # ends in the middle of the task
    p.grid[2] = False
    matching.fill_slot(p.grid, 2, 1, 8 * 60, 10 * 60)  # two adjoining slots cover 10–11 together
    matching.fill_slot(p.grid, 2, 1, 10 * 60, 12 * 60)
    assert part("availability", task(), p).tolist() == [1.0, 0.0, 1.0]
    assert part("availability", task(weekday=2), p).tolist() == [0.0, 0.0, 0.0]


def test_an_exception_period_makes_the_volunteer_unavailable_that_day_only():
    p = pool(2, away_row=np.array([0]), away_start=np.array([DAY - 2]), away_end=np.array([DAY]))
    assert part("availability", task(), p).tolist() == [0.0, 1.0]
    assert part("availability", task(day=DAY + 7), p).tolist() == [1.0, 1.0]


def test_distance_falls_with_kilometres_and_is_zero_beyond_the_travel_limit():
    p = pool(3, lat=np.array([61.149, 61.247, np.nan]), lon=np.array([9.064, 8.910, np.nan]))
    # Beitostølen is about 13 km from Heggenes: within 20 km but not close.
    values = part("distance", task(), p)
    assert values[0] == pytest.approx(1.0)
    assert 0.2 < values[1] < 0.6
    assert values[2] == matching.UNKNOWN_DISTANCE
    p.max_km[1] = 5
    assert part("distance", task(), p)[1] == 0.0


def test_interest_in_the_role_and_the_kind_of_task():
    p = pool(3, roles=np.array([[True], [False], [True]]), wants=np.array([0, 0, 1], np.int8))
    assert part("interest", task(), p).tolist() == [1.0, 0.0, 0.5]  # 2 wants only standing tasks
    assert part("interest", task(kind="standing"), p).tolist() == [1.0, 0.0, 1.0]


def test_language_scores_when_wished_and_excludes_when_required():
    p = pool(2)
    p.langs[1] = [False, True]
    assert part("language", task(), p).tolist() == [1.0, 1.0]
    assert part("language", task(language="pl"), p).tolist() == [0.0, 1.0]
    assert np.isfinite(matching.scores(task(language="pl"), p)).tolist() == [True, True]
    assert np.isfinite(matching.scores(task(language="pl", language_required=True), p)).tolist() == [False, True]


def test_load_this_month_lowers_the_score():
    p = pool(3, load_hours=np.array([0.0, 8.0, 40.0]))
    assert part("load", task(), p).tolist() == [1.0, 0.5, 0.0]


def test_continuity_with_the_same_person():
    p = pool(2)
    assert part("continuity", task(helped_before=np.array([False, True])), p).tolist() == [0.0, 1.0]
    ranked = matching.rank(task(helped_before=np.array([False, True])), p)
    assert ranked.tolist() == [1, 0]


@pytest.mark.parametrize(
    "field, requirement",
    [
        ("politiattest", {"needs_politiattest": True}),
        ("car", {"needs_car": True}),
        ("approved", {}),
    ],
)
def test_hard_requirements_are_never_broken(field, requirement):
    p = pool(3)
    values = getattr(p, field)
    values[:] = [False, True, False] if field != "approved" else [False, True, True]
    if field == "approved":
        values[:] = [False, True, True]
    ranked = matching.rank(task(**requirement), p).tolist()
    expected = [1] if field != "approved" else [1, 2]
    assert sorted(ranked) == expected
    # Even the best possible other scores do not let an excluded volunteer in.
    p.load_hours[:] = [0, 100, 100]
    assert 0 not in matching.rank(task(**requirement), p).tolist()


def test_total_is_the_weighted_sum():
    p = pool(1)
    missing = matching.WEIGHTS["continuity"] + matching.WEIGHTS["stated_interest"]
    assert matching.scores(task(), p)[0] == pytest.approx(100 - missing)


def brute_force(matrix: np.ndarray, capacity: np.ndarray) -> float:
    t, n = matrix.shape
    best = 0.0
    for choice in itertools.product([None, *range(n)], repeat=t):
        used = np.zeros(n, int)
        total = 0.0
        for row, col in enumerate(choice):
            if col is None:
                continue
            if not np.isfinite(matrix[row, col]):
                break
            used[col] += 1
            total += matrix[row, col]
        else:
            if (used <= capacity).all():
                best = max(best, total)
    return best


@pytest.mark.parametrize("seed", range(12))
def test_batch_is_optimal_on_small_cases(seed):
    rng = np.random.default_rng(seed)
    t, n = int(rng.integers(2, 6)), int(rng.integers(2, 5))
    matrix = rng.integers(0, 100, size=(t, n)).astype(float)
    matrix[rng.random((t, n)) < 0.3] = -np.inf
    capacity = rng.integers(0, 3, size=n)
    pairs = matching.batch_assign(matrix, capacity)
    assert all(np.isfinite(matrix[r, c]) for r, c in pairs)
    assert len({r for r, _ in pairs}) == len(pairs)
    used = np.bincount([c for _, c in pairs], minlength=n)
    assert (used <= capacity).all()
    assert sum(matrix[r, c] for r, c in pairs) == pytest.approx(brute_force(matrix, capacity))


def test_batch_leaves_a_task_open_rather_than_lowering_the_total():
    # Filling both tasks (1 + 1) is worse than giving the one volunteer the better task (100).
    matrix = np.array([[100.0, 1.0], [1.0, -np.inf]])
    pairs = matching.batch_assign(matrix, np.array([1, 1]))
    assert sum(matrix[r, c] for r, c in pairs) == brute_force(matrix, np.array([1, 1]))


@pytest.mark.parametrize("seed", range(6))
def test_batch_pruning_keeps_optimality_with_many_volunteers(seed):
    rng = np.random.default_rng(seed)
    n = 2 * matching.PRUNE_RATIO + 10  # enough volunteers for the pruning to run
    matrix = rng.integers(0, 100, size=(2, n)).astype(float)
    matrix[:, :5] = 99  # ties at the top, some of them without capacity
    matrix[rng.random((2, n)) < 0.3] = -np.inf
    capacity = rng.integers(0, 3, size=n)
    capacity[:3] = 0
    pairs = matching.batch_assign(matrix, capacity)
    assert sum(matrix[r, c] for r, c in pairs) == pytest.approx(brute_force(matrix, capacity))


def test_a_volunteer_busy_at_that_time_is_never_ranked():
    # Row 0 has a one-off task 10.30–11.30 that day; row 1 a standing task on Tuesdays 10–11 from
    # two weeks before until a week after; row 2 the same one-off task on another day.
    one = dict(
        busy_row=np.array([0, 1, 2]),
        busy_first=np.array([DAY, DAY - 14, DAY + 1]),
        busy_last=np.array([DAY, DAY + 7, DAY + 1]),
        busy_weekday=np.array([1, 1, 2]),
        busy_start_q=np.array([42, 40, 42]),
        busy_end_q=np.array([46, 44, 46]),
    )
    p = pool(3, **one)
    assert matching.rank(task(), p).tolist() == [2]  # 10–11 clashes for 0 and 1
    assert sorted(matching.rank(task(start_q=46, end_q=50), p).tolist()) == [0, 1, 2]  # 11.30: free
    assert sorted(matching.rank(task(day=DAY + 7), p).tolist()) == [0, 2]  # a week on: standing still
    assert sorted(matching.rank(task(day=DAY + 14), p).tolist()) == [0, 1, 2]  # the standing one ended


def test_the_batch_never_gives_one_volunteer_two_tasks_at_the_same_time():
    specs = [task(), task(start_q=42, end_q=46), task(start_q=60, end_q=64)]
    matrix = np.array([[90.0, 50.0], [80.0, -np.inf], [70.0, 60.0]])
    capacity = np.array([3, 3])
    plain = matching.batch_assign(matrix, capacity)
    assert {r for r, c in plain if c == 0} == {0, 1, 2}  # the plain solver would double-book 0
    pairs = matching.batch_without_clashes(matrix, capacity, specs)
    for col in (0, 1):
        rows = [r for r, c in pairs if c == col]
        assert not any(matching.overlap(specs[a], specs[b]) for a in rows for b in rows if a < b)
    # The best without a clash: 0 takes 1 (80) and 2 (70), 1 takes 0 (50) → 200.
    assert sum(matrix[r, c] for r, c in pairs) == 200


def brute_force_with_time(matrix: np.ndarray, capacity: np.ndarray, specs) -> float:
    t, n = matrix.shape
    best = 0.0
    for choice in itertools.product([None, *range(n)], repeat=t):
        picked = [(row, col) for row, col in enumerate(choice) if col is not None]
        if any(not np.isfinite(matrix[r, c]) for r, c in picked):
            continue
        if (np.bincount([c for _, c in picked], minlength=n) > capacity).any():
            continue
        if any(
            c1 == c2 and matching.overlap(specs[r1], specs[r2])
            for i, (r1, c1) in enumerate(picked)
            for r2, c2 in picked[i + 1 :]
        ):
            continue
        best = max(best, sum(matrix[r, c] for r, c in picked))
    return best


@pytest.mark.parametrize("seed", range(12))
def test_batch_with_the_time_rule_is_optimal_on_small_cases(seed):
    rng = np.random.default_rng(100 + seed)
    t, n = int(rng.integers(2, 6)), int(rng.integers(1, 4))
    # Few days and times, so that tasks often overlap.
    specs = [
        task(day=DAY + int(rng.integers(0, 2)), start_q=int(s), end_q=int(s) + 4)
        for s in rng.choice([40, 42, 48], size=t)
    ]
    matrix = rng.integers(0, 100, size=(t, n)).astype(float)
    matrix[rng.random((t, n)) < 0.2] = -np.inf
    capacity = rng.integers(0, 4, size=n)
    pairs = matching.batch_without_clashes(matrix, capacity, specs)
    assert len({r for r, _ in pairs}) == len(pairs)
    assert (np.bincount([c for _, c in pairs], minlength=n) <= capacity).all()
    assert sum(matrix[r, c] for r, c in pairs) == pytest.approx(brute_force_with_time(matrix, capacity, specs))


def test_a_holiday_lowers_a_weekly_task_by_the_share_of_its_weeks():
    # A standing task on four Tuesdays; row 0 is away the second Tuesday, row 1 all four.
    p = pool(
        3, away_row=np.array([0, 1]), away_start=np.array([DAY + 5, DAY - 1]), away_end=np.array([DAY + 9, DAY + 30])
    )
    weekly = task(kind="standing", last_day=DAY + 21)
    assert part("availability", weekly, p).tolist() == [0.75, 0.0, 1.0]
    # Without an end, half a year is looked at: one week away is a small part of it.
    assert part("availability", task(kind="standing"), p)[0] == pytest.approx(1 - 1 / 26)
    # A one-off task on the day away is still simply unavailable.
    assert part("availability", task(day=DAY + 7), p).tolist() == [0.0, 0.0, 1.0]


def test_a_weekly_task_clashes_with_any_of_its_times():
    # Row 0 has a one-off task at the same hour on the third Tuesday.
    p = pool(
        2,
        busy_row=np.array([0]),
        busy_first=np.array([DAY + 14]),
        busy_last=np.array([DAY + 14]),
        busy_weekday=np.array([1]),
        busy_start_q=np.array([40]),
        busy_end_q=np.array([44]),
    )
    assert matching.rank(task(kind="standing", last_day=DAY + 21), p).tolist() == [1]
    assert sorted(matching.rank(task(kind="standing", last_day=DAY + 7), p).tolist()) == [0, 1]
    assert sorted(matching.rank(task(), p).tolist()) == [0, 1]  # the first Tuesday alone is free
