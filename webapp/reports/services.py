"""What every report is made of: a chart, the same numbers as a table, CSV, and who may see it.

The figures come from the domains (offers.figures, volunteers.figures, respite.figures); this
package only arranges them. `builders.py` holds one function per report."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import LazyString, format_date, format_decimal
from flask_babel import gettext as _

from webapp.accounts.models import Role, User
from webapp.charts import bar_chart, line_chart
from webapp.municipalities.models import Municipality

Value = str | int | float | None
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[Value]]

    @property
    def display_rows(self) -> list[list[str]]:
        return [[display(v) for v in row] for row in self.rows]


@dataclass
class Cell:
    """One day in the occupancy calendar."""

    day: date
    taken: int
    places: int

    @property
    def step(self) -> str:
        """closed, then h0 (empty) to h3 (full): the colour of the cell."""
        if self.places <= 0:
            return "closed"
        if self.taken == 0:
            return "h0"
        return "h1" if self.taken * 2 < self.places else "h2" if self.taken < self.places else "h3"


@dataclass
class CalendarMonth:
    caption: str
    weeks: list[list[Cell | None]]


@dataclass
class Chart:
    """A further chart of a report, with its own table of the same numbers."""

    title: str
    summary: str
    kind: str  # bar or line
    labels: list[str]
    series: dict[str, list[float]]
    table: Table


@dataclass
class Report:
    title: str
    summary: str  # the chart's text alternative, after its title
    chart_kind: str  # bar or line
    chart_labels: list[str]
    chart_series: dict[str, list[float]]
    table: Table
    csv_headers: list[str]
    csv_rows: list[list[Value]]
    more_tables: list[Table] = field(default_factory=list)
    calendar: list[CalendarMonth] = field(default_factory=list)
    weekdays: list[str] = field(default_factory=list)
    more_charts: list[Chart] = field(default_factory=list)


@dataclass(frozen=True)
class Kind:
    slug: str
    title: LazyString
    description: LazyString
    roles: tuple[Role, ...]
    build: Callable[[Municipality, User, date, date], Report]
    max_months: int = 36
    default_months: int = 12
    year_to_date: bool = False  # by default from January of this year, not the last months


def may_see(kind: Kind, user: User, municipality: Municipality) -> bool:
    return any(user.has_role(role, municipality) for role in kind.roles)


def display(value: Value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return format_decimal(value, format="#,##0.#")
    if isinstance(value, int):
        return format_decimal(value)
    return value


def month_title(month: date) -> str:
    return format_date(month, "LLLL y")


def month_short(month: date) -> str:
    return format_date(month, "MMM y")


def weekday_names() -> list[str]:
    monday = date(2024, 1, 1)
    return [format_date(monday + timedelta(days=i), "EEEE") for i in range(7)]


def period_title(first: date, last: date) -> str:
    if first == last:
        return month_title(first)
    return _("%(first)s to %(last)s", first=month_title(first), last=month_title(last))


def chart_svg(report: Report, number: int = 0) -> str | None:
    """The report's chart (0), or one of its further charts (1, 2 …); None if there is no such."""
    if number == 0:
        chart = Chart(
            report.title, report.summary, report.chart_kind, report.chart_labels, report.chart_series, report.table
        )
    elif 0 < number <= len(report.more_charts):
        chart = report.more_charts[number - 1]
    else:
        return None
    draw = line_chart if chart.kind == "line" else bar_chart
    return draw(chart.title, chart.labels, chart.series, chart.summary)


def csv_value(value: Value) -> str:
    """Decimal comma for Norwegian spreadsheets; text that a spreadsheet would run as a formula
    gets an apostrophe in front. A spreadsheet folds full-width and small signs (＝, ﹢) into
    their plain forms, so the first character is compared as NFKC folds it."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    text = str(value)
    return "'" + text if unicodedata.normalize("NFKC", text[:1]).startswith(FORMULA_START) else text


def csv_text(headers: Sequence[str], rows: Sequence[Sequence[Value]]) -> str:
    """Semicolon-separated with a byte order mark, so Excel reads æøå."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_value(h) for h in headers])
    for row in rows:
        writer.writerow([csv_value(v) for v in row])
    return "\ufeff" + out.getvalue()


def percent(part: float, whole: float) -> float | None:
    return round(100 * part / whole, 1) if whole else None
