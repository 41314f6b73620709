"""Forms of respite. Dates are validated here: a malformed date is a message, never a 500."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from webapp import clock
from webapp.accounts import idporten
from webapp.forms import DateField, Form, no_control_characters, no_links, phone_number, single_line
from webapp.respite.models import ApplicationStatus, RespiteKind


def options(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def kind_choices() -> list[SelectChoice]:
    return options((str(kind), title) for kind, title in RespiteKind.choices())


def dates(label) -> DateField:
    return DateField(
        label, validators=[InputRequired(message=_l('Write the date in "%(field)s", like 24.12.2026.', field=label))]
    )


class StayForm(Form):
    unit = SelectField(_l("Where"), coerce=int, validate_choice=True)
    arrival = dates(_l("Arrival"))
    departure = dates(_l("Departure"))

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if ok and self.departure.data < self.arrival.data:
            self.departure.errors.append(_l("The departure must be after the arrival."))
            return False
        return ok


class ChangeForm(Form):
    arrival = dates(_l("Arrival"))
    departure = dates(_l("Departure"))


class WaitForm(Form):
    unit = SelectField(_l("Where"), coerce=int, validate_choice=True)
    day = dates(_l("Day"))


HOURS = [
    ("lt10", _l("Less than 10 hours a week")),
    ("10-20", _l("10 to 20 hours a week")),
    ("20-40", _l("20 to 40 hours a week")),
    ("gt40", _l("More than 40 hours a week")),
]
CONSENT = [
    ("self", _l("The person I care for agrees that I apply")),
    ("guardian", _l("I am the guardian, or the guardian agrees (for a child or someone with a guardian)")),
]
TEXT = [Length(max=2000), no_control_characters]


def year_of_birth(form, field) -> None:
    """From 1900 to this year in Oslo, read when the form is checked (not when the app started)."""
    if field.data is not None and not 1900 <= field.data <= clock.today().year:
        raise ValidationError(_l("Write the year of birth, like 1938."))


class ApplicationForm(Form):
    receiver_name = StringField(
        _l("Name of the person you care for"),
        validators=[
            DataRequired(message=_l("Write the name of the person you care for.")),
            Length(max=120),
            single_line,
        ],
    )
    receiver_birth_year = IntegerField(
        _l("Year of birth"),
        validators=[InputRequired(message=_l("Write the year of birth, like 1938.")), year_of_birth],
    )
    relation = StringField(
        _l("What are you to the person?"),
        description=_l("For example daughter, husband, mother."),
        validators=[
            DataRequired(message=_l("Write what you are to the person, for example daughter.")),
            Length(max=80),
            single_line,
        ],
    )
    care_work = TextAreaField(
        _l("What do you help with in a normal week?"),
        description=_l("In your own words. We do not need a diagnosis."),
        validators=[DataRequired(message=_l("Tell us briefly what you help with.")), *TEXT],
    )
    hours_per_week = RadioField(
        _l("How much time does the care take?"),
        choices=options(HOURS),
        validators=[InputRequired(message=_l("Choose how much time the care takes."))],
    )
    what_would_help = TextAreaField(_l("What would help you most?"), validators=[Optional(), *TEXT])
    kind_wanted = RadioField(
        _l("Which kind of respite do you want?"),
        choices=kind_choices(),
        validators=[InputRequired(message=_l("Choose which kind of respite you want."))],
    )
    consent = RadioField(
        _l("Consent"),
        choices=options(CONSENT),
        validators=[InputRequired(message=_l("Choose who consents to the application."))],
    )
    consent_by = StringField(
        _l("Who gave the consent?"),
        description=_l("Name of the person or the guardian."),
        validators=[DataRequired(message=_l("Write who gave the consent.")), Length(max=120), single_line],
    )


class ApplicationStatusForm(Form):
    status = SelectField(
        _l("New status"),
        choices=options(
            [
                (ApplicationStatus.IN_REVIEW.value, _l("Being considered")),
                (ApplicationStatus.REJECTED.value, _l("Not granted")),
            ]
        ),
    )
    note = TextAreaField(
        _l("Message to the applicant"), validators=[Optional(), Length(max=500), no_control_characters]
    )


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


CONSENT_METHODS = [
    ("written", _l("In writing")),
    ("oral", _l("Orally, noted in the record")),
    ("digital", _l("Digitally, in the application")),
    ("guardian", _l("By the guardian")),
]


def consent_method_title(value: str) -> str:
    """'digital' → 'Digitally, in the application', in the page's standard."""
    return str(dict(CONSENT_METHODS).get(value, value))


def application_titles(application) -> dict[str, str]:
    """The application's answers in words: 'gt40' → 'More than 40 hours a week'."""
    return {
        "hours": str(dict(HOURS).get(application.hours_per_week, application.hours_per_week)),
        "consent": str(dict(CONSENT).get(application.consent, application.consent)),
    }


QUOTA_UNITS = [("nights", _l("Nights (døgn)")), ("days", _l("Days")), ("weekends", _l("Weekends"))]
PERIOD_KINDS = [("rolling", _l("Repeating period of a number of days")), ("month", _l("Calendar month"))]


def _number(label, low, high, optional=False, **kwargs) -> IntegerField:
    first = Optional() if optional else InputRequired(message=_l('Write a number in "%(field)s".', field=label))
    return IntegerField(label, validators=[first, NumberRange(min=low, max=high)], **kwargs)


def identity_number(message: str) -> Callable[[Any, Any], None]:
    """The field holds a national identity number that passes the modulus-11 check."""

    def check(_form: Any, field: Any) -> None:
        if field.data and not idporten.valid_identity_number(field.data):
            raise ValidationError(message)

    return check


class DecisionForm(Form):
    receiver_name = StringField(
        _l("Name of the person cared for"),
        validators=[DataRequired(message=_l("Write the name of the person cared for.")), Length(max=120), single_line],
    )
    receiver_birth_year = _number(_l("Year of birth"), 1900, 2100)
    receiver_pid = StringField(
        _l("Identity number of the person cared for"),
        description=_l("11 digits. We keep only a code made from it, and show it as ******12345."),
        validators=[
            Optional(),
            Length(max=20, message=_l("The identity number of the person cared for must have 11 digits.")),
            identity_number(_l("The identity number of the person cared for is not valid. Check the 11 digits.")),
        ],
    )
    kind = SelectField(_l("Kind of respite"), choices=kind_choices())
    units = MultiCheckboxField(
        _l("Units"), coerce=int, validators=[DataRequired(message=_l("Choose at least one unit."))]
    )
    quota_amount = _number(_l("Quota: how many"), 1, 60)
    quota_unit = SelectField(_l("Quota counted in"), choices=options(QUOTA_UNITS))
    period_kind = SelectField(_l("Quota period"), choices=options(PERIOD_KINDS))
    period_days = _number(
        _l("Length of the period in days"), 1, 366, description=_l("28 days is 4 weeks. Not used for calendar months.")
    )
    valid_from = dates(_l("Valid from"))
    valid_to = dates(_l("Valid to"))
    horizon_days = _number(_l("How many days ahead they may book"), 1, 365)
    cancel_hours = _number(_l("Cancellation deadline, hours before arrival"), 0, 720)
    max_stay = _number(_l("Longest single stay"), 1, 60)
    needs_approval = BooleanField(_l("Bookings must be approved by the unit"))
    weekend_cap = _number(_l("At most this much at weekends per period"), 0, 60, optional=True)
    holiday_cap = _number(_l("At most this much in holidays per period"), 0, 60, optional=True)
    relative_email = EmailField(
        _l("E-mail of a relative who may book"),
        validators=[
            Optional(),
            Length(max=254),
            Email(message=_l("Write a valid e-mail address, like ola@example.no."), check_deliverability=False),
        ],
    )
    relative_pid = StringField(
        _l("Identity number of a relative who may book"),
        description=_l("11 digits. With it the relative logs in with ID-porten and sees the decision at once."),
        validators=[
            Optional(),
            Length(max=20, message=_l("The relative's identity number must have 11 digits.")),
            identity_number(_l("The relative's identity number is not valid. Check the 11 digits.")),
        ],
    )
    relative_name = StringField(
        _l("Name of the relative"), validators=[Optional(), Length(max=120), single_line, no_links]
    )
    relative_phone = TelField(
        _l("Mobile number of a relative without e-mail"),
        description=_l(
            "For a relative registered by phone. Someone not yet registered is registered by phone "
            "when you also write the name."
        ),
        validators=[
            Optional(),
            Length(max=30, message=_l("The relative's mobile number must have 8 digits, like 912 34 567.")),
            phone_number(_l("The relative's mobile number must have 8 digits, like 912 34 567.")),
        ],
    )
    consent_given_by = StringField(_l("Consent given by"), validators=[Optional(), Length(max=120), single_line])
    consent_date = DateField(_l("Consent given on"), validators=[Optional()])
    consent_method = SelectField(_l("How consent was given"), choices=options(CONSENT_METHODS))

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if not ok:
            return False
        if self.valid_to.data < self.valid_from.data:
            self.valid_to.errors.append(_l("The decision must be valid to a day after it is valid from."))
            return False
        if self.relative_pid.data and not self.relative_name.data:
            self.relative_name.errors.append(_l("Write the relative's name."))
            return False
        if (self.relative_email.data or self.relative_pid.data or self.relative_phone.data) and not (
            self.consent_given_by.data and self.consent_date.data
        ):
            self.consent_given_by.errors.append(_l("Record who gave consent, and when."))
            return False
        return True


class EndDecisionForm(Form):
    end = dates(_l("Last day of the decision"))


class ReasonForm(Form):
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=300), no_control_characters])


class HolidayForm(Form):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(message=_l("Write the name of the holiday.")), Length(max=100), single_line],
    )
    start = dates(_l("First day"))
    end = dates(_l("Last day"))


class CapacityForm(Form):
    valid_from = dates(_l("From date"))
    places = _number(_l("Places per night or day"), 0, 500)
    note = StringField(_l("Note"), validators=[Optional(), Length(max=200), single_line])


class NewUnitForm(Form):
    unit = SelectField(_l("Unit"), coerce=int, validate_choice=True)
    kind = SelectField(_l("Kind of respite"), choices=kind_choices())
    places = _number(_l("Places per night or day"), 0, 500)
    valid_from = dates(_l("From date"))


class ClosureForm(Form):
    start = dates(_l("First day"))
    end = dates(_l("Last day"))
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=200), single_line])


class StaffForm(Form):
    email = EmailField(
        _l("E-mail of the staff member"),
        validators=[
            DataRequired(message=_l("Write the e-mail address.")),
            Length(max=254),
            Email(message=_l("Write a valid e-mail address, like ola@example.no."), check_deliverability=False),
        ],
    )
