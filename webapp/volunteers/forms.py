from __future__ import annotations

from datetime import time

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from webapp.formatting import clock_span
from webapp.forms import (
    DateField,
    DecimalField,
    Form,
    TimeField,
    coerce_optional_int,
    no_control_characters,
    phone_number,
    single_line,
)
from webapp.volunteers.models import TaskKind, Wants

WEEKDAYS = [_l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"), _l("Saturday"), _l("Sunday")]
# Parts of the day a volunteer can tick, in minutes after midnight.
DAY_PARTS = {
    "m": (8 * 60, 12 * 60, _l("morning")),
    "a": (12 * 60, 16 * 60, _l("afternoon")),
    "e": (16 * 60, 21 * 60, _l("evening")),
}
LANGUAGE_NAMES = {
    "nb": _l("Norwegian"),
    "en": _l("English"),
    "se": _l("Northern Sami"),
    "pl": _l("Polish"),
    "uk": _l("Ukrainian"),
    "ar": _l("Arabic"),
    "so": _l("Somali"),
    "ti": _l("Tigrinya"),
    "de": _l("German"),
}


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as the SelectChoice objects WTForms 3.3 wants."""
    return [SelectChoice(str(value), label) for value, label in pairs]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def availability_choices() -> list[SelectChoice]:
    """Built per request: the labels are joined from translated parts."""
    return options(
        (f"{d}{k}", f"{str(WEEKDAYS[d]).capitalize()} {label}")
        for d in range(7)
        for k, (_s, _e, label) in DAY_PARTS.items()
    )


def availability_columns() -> list[tuple[str, str]]:
    """The grid's column headings: each part of the day and its hours ("kl. 08.00–12.00")."""
    return [
        (str(label), clock_span(time(start // 60, start % 60), time(end // 60, end % 60)))
        for start, end, label in DAY_PARTS.values()
    ]


def availability_rows(field: MultiCheckboxField) -> list[tuple[str, list]]:
    """The grid's rows: each weekday with its checkboxes, one per part of the day."""
    boxes, width = list(field), len(DAY_PARTS)
    return [(str(WEEKDAYS[d]).capitalize(), boxes[d * width : (d + 1) * width]) for d in range(7)]


class SignUpForm(Form):
    roles = MultiCheckboxField(_l("What would you like to do?"), validate_choice=True)
    skills = TextAreaField(
        _l("What are you good at?"),
        validators=[Optional(), Length(max=500), no_control_characters],
    )
    languages = MultiCheckboxField(_l("Languages you speak"), choices=options(LANGUAGE_NAMES.items()))
    place = SelectField(_l("Where do you live?"), coerce=coerce_optional_int, validate_choice=True)
    max_travel_km = IntegerField(
        _l("How far will you travel (km)?"),
        default=10,
        validators=[
            InputRequired(message=_l("Write how far you will travel, in kilometres.")),
            NumberRange(0, 200, message=_l("Write how far you will travel, from 0 to 200 kilometres.")),
        ],
    )
    has_car = BooleanField(_l("I have a car I can use"))
    has_licence = BooleanField(_l("I have a driving licence"))
    wants = RadioField(_l("What kind of tasks do you want?"), default="both", choices=options(Wants.choices()))
    tasks_per_week = IntegerField(
        _l("How many tasks a week at most?"),
        default=2,
        validators=[
            InputRequired(message=_l("Write how many tasks a week you can take at most.")),
            NumberRange(1, 7, message=_l("Write how many tasks a week you can take, from 1 to 7.")),
        ],
    )
    availability = MultiCheckboxField(_l("When can you usually help?"), choices=[])
    away_from = DateField(
        _l("Away from"),
        validators=[Optional()],
        description=_l("For example a holiday. Leave empty if you are not away."),
    )
    away_to = DateField(_l("Away until"), validators=[Optional()])
    birth_year = IntegerField(
        _l("Year of birth"),
        validators=[
            InputRequired(message=_l("Write your year of birth.")),
            NumberRange(1900, 2100, message=_l("Write your year of birth with four digits, like 1960.")),
        ],
    )
    guardian_name = StringField(
        _l("Name of parent or guardian (under 18)"), validators=[Optional(), Length(max=120), single_line]
    )
    guardian_consent = BooleanField(_l("My parent or guardian agrees that I volunteer"))
    consent = BooleanField(_l("I agree that the volunteer centre stores what I write here, to find tasks for me"))


class TaskForm(Form):
    kind = RadioField(_l("Kind of task"), default="one_off", choices=options(TaskKind.choices()))
    role = SelectField(_l("Role"), validate_choice=True)
    title = StringField(
        _l("Short description"),
        validators=[DataRequired(message=_l("Write a short description.")), Length(max=160), single_line],
    )
    day = DateField(_l("Date"), validators=[InputRequired(message=_l("Write the date of the task, like 24.12.2026."))])
    start = TimeField(_l("Time"), validators=[InputRequired(message=_l("Write the time the task starts, like 10.00."))])
    duration_minutes = IntegerField(
        _l("Duration in minutes"),
        default=60,
        validators=[
            InputRequired(message=_l("Write how many minutes the task takes.")),
            NumberRange(15, 720, message=_l("Write how many minutes the task takes, from 15 to 720.")),
        ],
    )
    repeat_until = DateField(
        _l("Repeats every week until"), validators=[Optional()], description=_l("Only for standing tasks.")
    )
    place = SelectField(_l("Place"), coerce=coerce_optional_int, validate_choice=True)
    address = StringField(_l("Address"), validators=[Optional(), Length(max=200), single_line])
    needs_politiattest = BooleanField(_l("Needs a police certificate (politiattest)"))
    needs_car = BooleanField(_l("Needs a car"))
    language = SelectField(_l("Language"), validate_choice=True)
    language_required = BooleanField(_l("The language is required"))
    person_name = StringField(_l("Name of the person helped"), validators=[Optional(), Length(max=120), single_line])
    person_phone = TelField(
        _l("Phone of the person helped"),
        validators=[
            Optional(),
            Length(max=30),
            phone_number(_l("Write the phone number with 8 digits, like 912 34 567.")),
        ],
    )
    need_to_know = TextAreaField(
        _l("What the volunteer needs to know"),
        validators=[Optional(), Length(max=1000), no_control_characters],
        description=_l("Only what is needed to do the task. No health details."),
    )


class DayForm(Form):
    day = DateField(_l("Date"), validators=[InputRequired(message=_l("Write the date, like 24.12.2026."))])


class HoursForm(Form):
    task = SelectField(
        _l("Task"),
        coerce=coerce_optional_int,
        validate_choice=True,
        validators=[InputRequired(message=_l("Choose a task."))],
    )
    day = DateField(_l("Date"), validators=[InputRequired(message=_l("Write the date you helped, like 24.12.2026."))])
    hours = DecimalField(
        _l("Hours"),
        places=2,
        validators=[
            InputRequired(message=_l("Write the number of hours, like 2 or 1,5.")),
            NumberRange(0.25, 16, message=_l("Write from 0,25 to 16 hours.")),
        ],
    )
    note = StringField(_l("What did you do?"), validators=[Optional(), Length(max=300), single_line])


class OfferHelpersForm(Form):
    session = SelectField(
        _l("Session"), validate_choice=True, validators=[InputRequired(message=_l("Choose a session."))]
    )
    role = SelectField(_l("Role"), validate_choice=True)
    helpers = IntegerField(
        _l("Number of helpers"),
        default=1,
        validators=[
            InputRequired(message=_l("Write how many helpers are needed.")),
            NumberRange(1, 10, message=_l("Write how many helpers are needed, from 1 to 10.")),
        ],
    )


class AwayForm(Form):
    start = DateField(_l("Away from"), validators=[InputRequired(message=_l("Write the first day you are away."))])
    end = DateField(_l("Away until"), validators=[Optional()], description=_l("Leave empty if it is one day."))


class RenewalForm(Form):
    """How many months a politiattest and a confidentiality declaration hold (renewals.py)."""

    politiattest_months = IntegerField(
        _l("Months a police certificate holds"),
        validators=[
            InputRequired(message=_l("Write how many months a police certificate holds.")),
            NumberRange(1, 120, message=_l("Write the months a police certificate holds, from 1 to 120.")),
        ],
    )
    declaration_months = IntegerField(
        _l("Months a confidentiality declaration holds"),
        validators=[
            InputRequired(message=_l("Write how many months a confidentiality declaration holds.")),
            NumberRange(1, 120, message=_l("Write the months a confidentiality declaration holds, from 1 to 120.")),
        ],
    )


class RegionPoolForm(Form):
    """Whether the municipality shares tasks and volunteers with its region (region_pool.py)."""

    shares_with_region = BooleanField(
        _l("Share tasks and volunteers with the region"),
        description=_l(
            "Other municipalities in the region that share too can ask your approved volunteers for the tasks "
            "they share, and your volunteers can take them. They do not see your volunteers' notes, hours, load "
            "or no-shows."
        ),
    )


def attendance_form(assignment_id: int, day: object) -> DayForm:
    """The day of one time of a task to mark, one form per volunteer on the task page."""
    return DayForm(prefix=f"attendance-{assignment_id}", day=day)
