"""Scores for matching volunteers to tasks, on numpy arrays so one task ranks 50,000 volunteers
at once. The app and the benchmark share this module; it knows nothing of the database.

A score is the weighted sum of components in [0, 1]; hard requirements give -inf (never proposed).
Interest counts twice over: in the task's role (from the sign-up) and in this very task ("Meld
interesse" on it, not yet answered no).
No-shows weigh negatively and gently: never more than `-WEIGHTS["no_shows"]` points off.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

WEIGHTS: dict[str, int] = {
    "availability": 30,
    "distance": 20,
    "interest": 10,
    "stated_interest": 10,
    "language": 10,
    "load": 10,
    "continuity": 10,
    # Less, not more: no-shows in the last year, the full amount from NO_SHOWS_FULL on.
    "no_shows": -10,
}
NO_SHOWS_FULL = 3
SLOTS_PER_DAY = 96  # quarter-hours
FULL_LOAD_HOURS = 16.0  # approved and planned hours in a month at which the load score is 0
UNKNOWN_DISTANCE = 0.5
WANTS_CODES = {"both": 0, "standing": 1, "one_off": 2}
EARTH_KM = 6371.0


@dataclass
class Pool:
    """Volunteers as columns of arrays; row i of every array is the same volunteer."""

    ids: np.ndarray
    approved: np.ndarray
    politiattest: np.ndarray
    car: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    max_km: np.ndarray
    roles: np.ndarray  # (n, roles) bool
    langs: np.ndarray  # (n, languages) bool
    wants: np.ndarray  # int8 WANTS_CODES
    load_hours: np.ndarray
    grid: np.ndarray  # (n, 7, 96) bool: available in that quarter-hour of the week
    capacity: np.ndarray  # tasks a week
    role_index: dict[str, int]
    lang_index: dict[str, int]
    # Away ranges, flattened: volunteer row, first and last day (date ordinals).
    away_row: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    away_start: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    away_end: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    # Tasks the volunteer already has or is asked for, as weekly windows: row, first and last day
    # (ordinals; the same for a one-off task), weekday and quarter-hours. Never two places at once.
    busy_row: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    busy_first: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    busy_last: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    busy_weekday: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    busy_start_q: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    busy_end_q: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    # Times the volunteer did not come in the last year, per row (None: nobody did).
    no_shows: np.ndarray | None = None
    _by_day: np.ndarray | None = field(default=None, init=False, repr=False)

    def __len__(self) -> int:
        return len(self.ids)

    def by_day(self) -> np.ndarray:
        """The grid as (weekday, quarter, volunteer), so one task reads contiguous memory."""
        if self._by_day is None:
            self._by_day = np.ascontiguousarray(self.grid.transpose(1, 2, 0))
        return self._by_day


@dataclass
class TaskSpec:
    role: str
    kind: str  # standing / one_off / offer_helper
    weekday: int
    start_q: int
    end_q: int  # exclusive
    day: int  # date ordinal of the (first) occurrence
    lat: float = float("nan")
    lon: float = float("nan")
    needs_politiattest: bool = False
    needs_car: bool = False
    language: str = ""
    language_required: bool = False
    helped_before: np.ndarray | None = None  # bool per pool row: helped the same person
    interested: np.ndarray | None = None  # bool per pool row: said they want this very task
    last_day: int | None = None  # a standing task: date ordinal of its last time (None: no end)


def quarter(minute: int) -> int:
    return max(0, min(SLOTS_PER_DAY, minute // 15))


def empty_grid(n: int) -> np.ndarray:
    return np.zeros((n, 7, SLOTS_PER_DAY), dtype=bool)


def fill_slot(grid: np.ndarray, row: int, weekday: int, start_minute: int, end_minute: int) -> None:
    grid[row, weekday, quarter(start_minute) : quarter(end_minute + 14)] = True


def distance_km(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Great-circle distance (haversine) from one point to many."""
    p1, p2 = np.radians(lat), np.radians(lats)
    dphi = p2 - p1
    dlmb = np.radians(lons - lon)
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


STANDING_HORIZON_WEEKS = 26  # the times of a standing task that availability looks at


def last_day(task: TaskSpec) -> int:
    """The last date (ordinal) looked at: the day itself for a one-off task; for a standing task
    its end, at most half a year on."""
    if task.kind != "standing":
        return task.day
    horizon = task.day + 7 * (STANDING_HORIZON_WEEKS - 1)
    return horizon if task.last_day is None else max(task.day, min(task.last_day, horizon))


def away_share(task: TaskSpec, pool: Pool) -> np.ndarray:
    """The share of the task's times each volunteer is away for: 0 or 1 for a one-off task, and
    for a weekly one the share of its weeks (a three-week holiday does not rule out half a year)."""
    share = np.zeros(len(pool))
    if not len(pool.away_row):
        return share
    last = last_day(task)
    times = (last - task.day) // 7 + 1
    first_k = np.ceil((np.maximum(pool.away_start, task.day) - task.day) / 7)
    last_k = np.floor((np.minimum(pool.away_end, last) - task.day) / 7)
    np.add.at(share, pool.away_row, np.maximum(last_k - first_k + 1, 0))
    return np.minimum(share / times, 1.0)


def availability(task: TaskSpec, pool: Pool) -> np.ndarray:
    """Where the weekly slots cover the whole task time: 1 less the share of its times the volunteer
    is away; 0 where the slots do not cover it."""
    end_q = max(task.end_q, task.start_q + 1)
    covered = pool.by_day()[task.weekday, task.start_q : end_q].all(axis=0)
    return covered * (1.0 - away_share(task, pool))


def busy(task: TaskSpec, pool: Pool) -> np.ndarray:
    """True where the volunteer already has (or is asked for) a task overlapping this one's time."""
    out = np.zeros(len(pool), dtype=bool)
    if len(pool.busy_row):
        end_q = max(task.end_q, task.start_q + 1)
        hit = (
            (pool.busy_weekday == task.weekday)
            & (pool.busy_first <= last_day(task))
            & (task.day <= pool.busy_last)
            & (pool.busy_start_q < end_q)
            & (task.start_q < pool.busy_end_q)
        )
        out[pool.busy_row[hit]] = True
    return out


def overlap(a: TaskSpec, b: TaskSpec) -> bool:
    """Two tasks at the same time on the same day (both as given: one occurrence each)."""
    return a.day == b.day and a.start_q < max(b.end_q, b.start_q + 1) and b.start_q < max(a.end_q, a.start_q + 1)


def components(task: TaskSpec, pool: Pool) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Each score component in [0, 1], and which volunteers meet every hard requirement."""
    n = len(pool)
    parts: dict[str, np.ndarray] = {"availability": availability(task, pool)}

    if np.isnan(task.lat):
        parts["distance"] = np.full(n, UNKNOWN_DISTANCE)
    else:
        km = distance_km(task.lat, task.lon, pool.lat, pool.lon)
        reach = np.maximum(pool.max_km, 1.0)
        near = np.clip(1.0 - km / reach, 0.0, 1.0)
        parts["distance"] = np.where(np.isnan(km), UNKNOWN_DISTANCE, near)

    role = pool.role_index.get(task.role)
    likes_role = pool.roles[:, role] if role is not None else np.zeros(n, dtype=bool)
    wanted_kind = WANTS_CODES["standing"] if task.kind == "standing" else WANTS_CODES["one_off"]
    kind_ok = (pool.wants == WANTS_CODES["both"]) | (pool.wants == wanted_kind)
    parts["interest"] = likes_role * np.where(kind_ok, 1.0, 0.5)
    parts["stated_interest"] = task.interested.astype(float) if task.interested is not None else np.zeros(n)

    lang = pool.lang_index.get(task.language) if task.language else None
    if not task.language:
        speaks = np.ones(n, dtype=bool)
    elif lang is None:
        speaks = np.zeros(n, dtype=bool)
    else:
        speaks = pool.langs[:, lang]
    parts["language"] = speaks.astype(float)

    parts["load"] = 1.0 - np.minimum(pool.load_hours / FULL_LOAD_HOURS, 1.0)
    parts["continuity"] = task.helped_before.astype(float) if task.helped_before is not None else np.zeros(n)
    no_shows = pool.no_shows if pool.no_shows is not None else np.zeros(n)
    parts["no_shows"] = np.minimum(no_shows / NO_SHOWS_FULL, 1.0)

    return parts, eligible(task, pool, speaks)


def eligible(task: TaskSpec, pool: Pool, speaks: np.ndarray | None = None) -> np.ndarray:
    """The hard requirements: approved, not busy with another task then (never two places at
    once), a valid politiattest and a car where the task needs them, and its language where
    required. `speaks`: who speaks the task's language, when the caller has worked it out."""
    if speaks is None:
        lang = pool.lang_index.get(task.language) if task.language else None
        speaks = pool.langs[:, lang] if lang is not None else np.full(len(pool), not task.language)
    feasible = pool.approved & ~busy(task, pool)
    if task.needs_politiattest:
        feasible &= pool.politiattest
    if task.needs_car:
        feasible &= pool.car
    if task.language and task.language_required:
        feasible &= speaks
    return feasible


def scores(task: TaskSpec, pool: Pool) -> np.ndarray:
    """Total score 0–100 per volunteer (less for no-shows); -inf where a hard requirement is not met."""
    parts, feasible = components(task, pool)
    total = sum(WEIGHTS[name] * values for name, values in parts.items())
    return np.where(feasible, total, -np.inf)


def rank(task: TaskSpec, pool: Pool, limit: int | None = None) -> np.ndarray:
    """Pool rows of feasible volunteers, best first."""
    total = scores(task, pool)
    rows = np.flatnonzero(np.isfinite(total))
    order = rows[np.argsort(-total[rows], kind="stable")]
    return order[:limit] if limit else order


def score_matrix(tasks: list[TaskSpec], pool: Pool) -> np.ndarray:
    return np.vstack([scores(task, pool) for task in tasks]) if tasks else np.zeros((0, len(pool)))


PRUNE_RATIO = 20  # prune columns only when volunteers outnumber tasks this much


def batch_assign(matrix: np.ndarray, capacity: np.ndarray) -> list[tuple[int, int]]:
    """Pairs (task row, volunteer column) maximising the total score, each volunteer at most
    `capacity` tasks, each task at most one volunteer, never an infeasible (-inf) pair.

    Volunteers are expanded into one column per unit of capacity, and each task gets a zero-score
    "nobody" column, so leaving a task open is allowed when that gives a higher total. With many
    more volunteers than tasks, only each task's best `t` volunteers can matter in an optimum of
    `t` tasks, so the others are pruned first (the result stays optimal)."""
    t, n = matrix.shape
    if t == 0 or n == 0:
        return []
    capacity = np.minimum(np.maximum(np.asarray(capacity, dtype=np.int64), 0), t)
    useful = (capacity > 0) & np.isfinite(matrix).any(axis=0)
    if n > PRUNE_RATIO * t:
        keep = np.zeros(n, dtype=bool)
        # Among usable volunteers only: a best one without capacity must not push others out.
        candidates = np.where(useful, matrix, -np.inf)
        keep[np.unique(np.argpartition(-candidates, t - 1, axis=1)[:, :t])] = True
        useful &= keep
    columns = np.flatnonzero(useful)
    slots = np.repeat(columns, capacity[columns])
    cost = np.zeros((t, len(slots) + t))
    # -(-inf) is +inf: the solver never picks it, and the "nobody" columns keep it feasible.
    np.negative(matrix[:, slots], out=cost[:, : len(slots)])
    from scipy.optimize import linear_sum_assignment  # here, not at the top: SciPy is 50 MB a worker

    rows, cols = linear_sum_assignment(cost)
    return [
        (int(r), int(slots[c])) for r, c in zip(rows, cols, strict=False) if c < len(slots) and np.isfinite(cost[r, c])
    ]


def batch_without_clashes(matrix: np.ndarray, capacity: np.ndarray, specs: list[TaskSpec]) -> list[tuple[int, int]]:
    """`batch_assign` with one more rule: never one volunteer for two tasks at the same time.

    The assignment solver first; if its answer keeps the rule it is optimal here too. Otherwise the
    rule makes it an integer programme, solved exactly by SciPy's MILP solver (HiGHS): one 0/1
    variable per feasible pair, at most one volunteer per task, at most `capacity` tasks per
    volunteer, and at most one of two overlapping tasks per volunteer."""
    pairs = batch_assign(matrix, capacity)
    if _first_clash(pairs, matrix, specs) is None:
        return pairs
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix

    t, n = matrix.shape
    capacity = np.minimum(np.maximum(np.asarray(capacity, dtype=np.int64), 0), t)
    usable = np.isfinite(matrix) & (capacity > 0)[None, :]
    rows, cols = np.nonzero(usable)
    k = len(rows)
    variable = np.full((t, n), -1, dtype=np.int64)
    variable[rows, cols] = np.arange(k)
    ones = np.ones(k)
    constraints = [
        LinearConstraint(coo_matrix((ones, (rows, np.arange(k))), shape=(t, k)), 0, 1),
        LinearConstraint(coo_matrix((ones, (cols, np.arange(k))), shape=(n, k)), 0, capacity),
    ]
    clash_rows: list[np.ndarray] = []
    for a in range(t):
        for b in range(a + 1, t):
            if overlap(specs[a], specs[b]):
                both = np.flatnonzero(usable[a] & usable[b])
                clash_rows.extend(np.stack([variable[a, both], variable[b, both]], axis=1))
    if clash_rows:
        pairs_idx = np.array(clash_rows)
        m = len(pairs_idx)
        clash = coo_matrix((np.ones(2 * m), (np.repeat(np.arange(m), 2), pairs_idx.ravel())), shape=(m, k))
        constraints.append(LinearConstraint(clash, 0, 1))
    result = milp(-matrix[rows, cols], constraints=constraints, integrality=ones, bounds=Bounds(0, 1))
    if result.x is None:  # cannot happen (choosing nobody is always allowed), but never crash
        return []
    return [(int(rows[i]), int(cols[i])) for i in np.flatnonzero(result.x > 0.5)]


def _first_clash(pairs: list[tuple[int, int]], matrix: np.ndarray, specs: list[TaskSpec]) -> tuple[int, int] | None:
    by_volunteer: dict[int, list[int]] = {}
    for row, col in pairs:
        by_volunteer.setdefault(col, []).append(row)
    for col, rows in by_volunteer.items():
        for i, a in enumerate(rows):
            for b in rows[i + 1 :]:
                if overlap(specs[a], specs[b]):
                    return (a if matrix[a, col] <= matrix[b, col] else b), col
    return None
