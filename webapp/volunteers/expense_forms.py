"""Forms for mileage and expenses (expenses.py), beside the domain's other forms in forms.py."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from webapp.forms import DateField, DecimalField, Form, coerce_optional_int, single_line


class _ForTask(Form):
    task = SelectField(
        _l("Task"),
        coerce=coerce_optional_int,
        validate_choice=True,
        validators=[InputRequired(message=_l("Choose a task."))],
    )
    day = DateField(_l("Date"), validators=[InputRequired(message=_l("Write the date, like 24.12.2026."))])


class MileageForm(_ForTask):
    km = DecimalField(
        _l("Kilometres driven"),
        places=1,
        validators=[
            InputRequired(message=_l("Write the kilometres driven, like 12 or 12,5.")),
            NumberRange(0.1, 2000, message=_l("Write the kilometres driven, from 0,1 to 2000.")),
        ],
    )
    from_place = StringField(_l("From"), validators=[Optional(), Length(max=120), single_line])
    to_place = StringField(_l("To"), validators=[Optional(), Length(max=120), single_line])
    note = StringField(_l("Note about the trip"), validators=[Optional(), Length(max=300), single_line])


class ExpenseForm(_ForTask):
    amount = DecimalField(
        _l("Amount in kroner"),
        places=2,
        validators=[
            InputRequired(message=_l("Write the amount in kroner, like 45 or 45,50.")),
            NumberRange(0.01, 10000, message=_l("Write the amount in kroner, from 0,01 to 10 000.")),
        ],
    )
    what = StringField(
        _l("What was the money for?"),
        validators=[
            InputRequired(message=_l("Write what the money was for.")),
            Length(max=300, message=_l("Write at most 300 characters about what the money was for.")),
            single_line,
        ],
    )


class RejectForm(Form):
    reason = StringField(
        _l("Why is it not approved?"),
        validators=[
            InputRequired(message=_l("Write why the line is not approved.")),
            Length(max=300, message=_l("Write at most 300 characters about why it is not approved.")),
            single_line,
        ],
    )


class KmRateForm(Form):
    rate = DecimalField(
        _l("Rate per kilometre in kroner"),
        places=2,
        validators=[
            InputRequired(message=_l("Write the rate per kilometre, like 3,50.")),
            NumberRange(0.01, 100, message=_l("Write a rate from 0,01 to 100 kroner per kilometre.")),
        ],
    )
