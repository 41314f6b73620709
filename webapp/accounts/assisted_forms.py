"""Forms of help by phone (webapp.accounts.assisted)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, TelField
from wtforms.validators import DataRequired, InputRequired, Length, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from webapp.accounts.forms import NAME, PHONE
from webapp.forms import DateField, Form, no_control_characters, single_line


class PersonForm(Form):
    name = StringField(_l("Name"), validators=NAME)
    phone = TelField(
        _l("Mobile number"),
        validators=[DataRequired(message=_l("Write a phone number with 8 digits, like 912 34 567.")), *PHONE[1:]],
    )


class SearchForm(Form):
    class Meta:
        csrf = False

    q = StringField(_l("Name or phone number"), validators=[Length(max=100), single_line, no_control_characters])


class OfferSignUpForm(Form):
    offer = SelectField(_l("Offer"), coerce=int, validate_choice=True)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class VolunteerForm(Form):
    roles = MultiCheckboxField(_l("What would the person like to do?"), validate_choice=True)
    birth_year = StringField(
        _l("Year of birth"),
        validators=[
            DataRequired(message=_l("Write the year of birth, like 1950.")),
            Regexp(r"^\s*\d{4}\s*$", message=_l("Write the year of birth, like 1950.")),
        ],
    )
    consent = BooleanField(
        _l("The person agreed on the phone that we store what they told us"),
        validators=[DataRequired(message=_l("We need the person's consent to store what they tell us."))],
    )


class RespiteForm(Form):
    decision = SelectField(_l("Decision"), coerce=int, validate_choice=True)
    unit = SelectField(_l("Where"), coerce=int, validate_choice=True)
    arrival = DateField(_l("Arrival"), validators=[InputRequired()])
    departure = DateField(_l("Departure"), validators=[InputRequired()])

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if ok and self.departure.data < self.arrival.data:
            self.departure.errors.append(_l("The departure must be after the arrival."))
            return False
        return ok
