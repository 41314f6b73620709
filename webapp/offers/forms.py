"""Forms: the search filters (GET), sign-up, the guide and the editor."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.fields.core import UnboundField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from webapp.forms import (
    DateField,
    Form,
    TimeField,
    coerce_optional_int,
    no_control_characters,
    no_links,
    parse_day,
    phone_number,
    single_line,
)
from webapp.offers.models import Category, JoinMode, Status, TargetGroup, WalkingAid


def options(pairs) -> list[SelectChoice]:
    """WTForms 3.3 wants SelectChoice objects, not (value, label) tuples."""
    return [SelectChoice(str(value), label) for value, label in pairs]


WEEKDAY_CHOICES = [
    ("MO", _l("Mondays")),
    ("TU", _l("Tuesdays")),
    ("WE", _l("Wednesdays")),
    ("TH", _l("Thursdays")),
    ("FR", _l("Fridays")),
    ("SA", _l("Saturdays")),
    ("SU", _l("Sundays")),
]
TIME_OF_DAY_CHOICES = [
    ("", _l("Any time")),
    ("morning", _l("Before noon")),
    ("afternoon", _l("Afternoon")),
    ("evening", _l("Evening")),
]


class GetForm(Form):
    class Meta:
        csrf = False


class FilterForm(GetForm):
    q = StringField(_l("Search"), validators=[Optional(), Length(max=200), single_line])
    category = SelectField(
        _l("Kind of offer"), choices=[("", _l("All kinds"))] + Category.choices(), validators=[Optional()]
    )
    place = SelectField(_l("Place"), choices=[("", _l("All places"))], validators=[Optional()])
    weekday = SelectField(_l("Day"), choices=[("", _l("Any day"))] + WEEKDAY_CHOICES, validators=[Optional()])
    time_of_day = SelectField(_l("Time of day"), choices=TIME_OF_DAY_CHOICES, validators=[Optional()])
    target_group = SelectField(
        _l("For whom"),
        choices=[("", _l("Everyone"))] + [c for c in TargetGroup.choices() if c[0] != TargetGroup.EVERYONE],
        validators=[Optional()],
    )
    walking_aid = SelectField(
        _l("Walking aid"),
        choices=[
            ("", _l("Does not matter")),
            (WalkingAid.WITHOUT.value, _l("I do not use a walking aid")),
            (WalkingAid.WITH.value, _l("I use a walking aid")),
        ],
        validators=[Optional()],
    )
    level = SelectField(
        _l("Step on the staircase"),
        choices=[("", _l("All steps"))],
        coerce=coerce_optional_int,
        validators=[Optional()],
    )
    free = BooleanField(_l("Free of charge"))
    no_referral = BooleanField(_l("No referral or decision needed"))
    step_free = BooleanField(_l("Step-free access"))
    page = IntegerField(_l("Page"), validators=[Optional(), NumberRange(min=1, max=10000)])


class SignUpForm(Form):
    session = SelectField(_l("Which time?"), choices=[("", _l("The whole series"))], validators=[Optional()])
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Write your name.")), Length(max=120), single_line, no_links]
    )
    phone = StringField(
        _l("Phone"),
        validators=[
            DataRequired(_l("Write your phone number.")),
            Length(max=30),
            single_line,
            phone_number(_l("Write the phone number with 8 digits, like 912 34 567.")),
        ],
    )
    email = StringField(
        _l("E-mail"),
        description=_l("We send the confirmation and any message about a free place here."),
        validators=[Optional(), Email(_l("Write a valid e-mail address.")), Length(max=254)],
    )
    needs_escort = BooleanField(_l("I need someone to come with me or transport"))
    needs_transport = BooleanField(_l("I need a lift by car"))
    escort_note = TextAreaField(
        _l("What kind of help do you need?"), validators=[Optional(), Length(max=500), no_control_characters]
    )


class GuideForm(GetForm):
    travel = RadioField(
        _l("Can you get to an activity on your own?"),
        choices=[
            ("alone", _l("Yes, I get there on my own")),
            ("helped", _l("I need someone to come with me or transport")),
            ("home", _l("No, I can hardly leave home")),
        ],
        validators=[Optional()],
    )
    walking_aid = RadioField(
        _l("Do you use a walking aid?"),
        choices=[("no", _l("No")), ("yes", _l("Yes, a stick, crutches or a rollator"))],
        validators=[Optional()],
    )
    interest = RadioField(
        _l("What matters most to you now?"),
        choices=[
            ("company", _l("Meeting other people")),
            ("active", _l("Being active and staying strong")),
            ("learn", _l("Learning something new, such as using a tablet")),
            ("relative", _l("Support for me as a relative")),
            ("mental", _l("Someone to talk to about how I feel")),
            ("help", _l("Help with everyday tasks at home")),
        ],
        validators=[Optional()],
    )
    coping = RadioField(
        _l("How do you manage day to day?"),
        choices=[
            ("well", _l("I manage well on my own")),
            ("little", _l("I manage with a little help")),
            ("periods", _l("I need more help in periods")),
            ("most", _l("I need help most of the time")),
        ],
        validators=[Optional()],
    )
    # Choices: the places of the municipality and its region, set by the view.
    place = SelectField(
        _l("Where do you live?"),
        choices=[("", _l("Somewhere else"))],
        description=_l("Offers near you come first."),
        validators=[Optional()],
    )


def _language_pair(label_nb, label_nn, area=False, max_length=160):
    kind = TextAreaField if area else StringField
    validators = [Optional(), Length(max=max_length), no_control_characters if area else single_line]
    return kind(label_nb, validators=validators), kind(label_nn, validators=validators)


class OfferForm(Form):
    title_nb, title_nn = _language_pair(_l("Title in bokmål"), _l("Title in nynorsk"))
    description_nb, description_nn = _language_pair(
        _l("Description in bokmål"), _l("Description in nynorsk"), area=True, max_length=4000
    )
    eligibility_nb, eligibility_nn = _language_pair(
        _l("For whom, in bokmål"), _l("For whom, in nynorsk"), area=True, max_length=1000
    )
    price_note_nb, price_note_nn = _language_pair(
        _l("About the price, in bokmål"), _l("About the price, in nynorsk"), max_length=200
    )
    category = SelectField(_l("Kind of offer"), choices=Category.choices())
    status = SelectField(_l("Status"), choices=Status.choices())
    join_mode = SelectField(_l("How to join"), choices=JoinMode.choices())
    target_group = SelectField(_l("For whom"), choices=TargetGroup.choices())
    walking_aid = SelectField(_l("Walking aid"), choices=WalkingAid.choices())
    level = SelectField(
        _l("Step on the staircase"), choices=[("", _l("None"))], coerce=coerce_optional_int, validators=[Optional()]
    )
    location = SelectField(_l("Place"), choices=[("", _l("None"))], coerce=coerce_optional_int, validators=[Optional()])
    new_place_name = StringField(_l("Name of the place"), validators=[Optional(), Length(max=160), single_line])
    new_place_address = StringField(_l("Address"), validators=[Optional(), Length(max=200), single_line])
    new_place_area = StringField(_l("Village or hamlet"), validators=[Optional(), Length(max=80), single_line])
    new_place_postal_code = StringField(
        _l("Postal code"),
        validators=[Optional(), Regexp(r"^\d{4}$", message=_l("Write the postal code with four digits."))],
    )
    new_place_city = StringField(_l("Post town"), validators=[Optional(), Length(max=80), single_line])
    new_place_step_free = BooleanField(_l("Step-free access"))
    new_place_hearing_loop = BooleanField(_l("Hearing loop"))
    new_place_accessibility_nb, new_place_accessibility_nn = _language_pair(
        _l("Accessibility, in bokmål"), _l("Accessibility, in nynorsk"), area=True, max_length=1000
    )
    new_place_transport_nb, new_place_transport_nn = _language_pair(
        _l("Getting there, in bokmål"), _l("Getting there, in nynorsk"), area=True, max_length=1000
    )
    organization = SelectField(
        _l("Organiser"), choices=[("", _l("None"))], coerce=coerce_optional_int, validators=[Optional()]
    )
    price_nok = IntegerField(
        _l("Price in kroner (0 = free)"),
        default=0,
        validators=[InputRequired(_l("Write a price, 0 if it is free.")), NumberRange(min=0, max=100000)],
    )
    capacity = IntegerField(_l("Number of places"), validators=[Optional(), NumberRange(min=1, max=10000)])
    open_to_region = BooleanField(_l("Open to people from the other municipalities in the region"))
    contact_name = StringField(_l("Contact person"), validators=[Optional(), Length(max=120), single_line])
    contact_phone = StringField(
        _l("Contact phone"),
        validators=[
            Optional(),
            Length(max=30),
            single_line,
            phone_number(_l("Write the contact phone number with 8 digits, like 61 15 33 00.")),
        ],
    )
    contact_email = StringField(
        _l("Contact e-mail"), validators=[Optional(), Email(_l("Write a valid e-mail address.")), Length(max=254)]
    )
    weekdays = SelectMultipleField(
        _l("Weekdays"),
        choices=WEEKDAY_CHOICES,
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
        validators=[DataRequired(_l("Choose at least one weekday."))],
    )
    interval = SelectField(
        _l("How often"), choices=[("1", _l("Every week")), ("2", _l("Every other week")), ("3", _l("Every third week"))]
    )
    opens_at = TimeField(_l("Starts at"), validators=[InputRequired(_l("Write when it starts, like 10.00."))])
    closes_at = TimeField(_l("Ends at"), validators=[InputRequired(_l("Write when it ends, like 11.00."))])
    dtstart = DateField(_l("First date"), validators=[InputRequired(_l("Write the first date, like 24.12.2026."))])
    until = DateField(_l("Last date"), validators=[Optional()])
    exdates = TextAreaField(
        _l("Dates without a session"),
        description=_l("One date per line, as 24.12.2026."),
        validators=[Optional(), Length(max=2000)],
    )
    skip_public_holidays = BooleanField(_l("No sessions on public holidays"), default=True)

    def validate_closes_at(self, field):
        if self.opens_at.data and field.data and field.data <= self.opens_at.data:
            raise ValidationError(_l("The end must be after the start."))

    def validate_exdates(self, field):
        for line in (field.data or "").split():
            try:
                parse_day(line.strip())
            except ValueError:
                raise ValidationError(_l("Write each date without a session as 24.12.2026, one per line.")) from None


for _form_class in (FilterForm, SignUpForm, GuideForm, OfferForm):
    for _field in vars(_form_class).values():
        if isinstance(_field, UnboundField) and "choices" in _field.kwargs:
            _field.kwargs["choices"] = options(_field.kwargs["choices"])


class AttendanceForm(Form):
    """Who came is read from the ticked `present` boxes; the service checks them against the list."""

    drop_ins = StringField(
        _l("Came without signing up (number of people)"),
        filters=[lambda v: (v or "").strip()],
        validators=[Optional(), Regexp(r"^\d{1,3}$", message=_l("Write how many came without signing up, like 3."))],
    )


class EmbedForm(GetForm):
    """Which offers the embed shows: a kind, a place, or all."""

    category = SelectField(
        _l("Kind of offer"), choices=[("", _l("All kinds"))] + Category.choices(), validators=[Optional()]
    )
    place = SelectField(_l("Place"), choices=[("", _l("All places"))], validators=[Optional()])


def _origins(form: object, field) -> None:
    from webapp.offers.embed import MAX_ORIGINS, origin_of

    lines = [line for line in (field.data or "").split() if line]
    bad = [line for line in lines if origin_of(line) is None]
    if bad:
        raise ValidationError(
            _l(
                "Write each website address as https://www.kommune.no, one a line, without a path: "
                "%(address)s is not like that.",
                address=bad[0][:80],
            )
        )
    if len(lines) > MAX_ORIGINS:
        raise ValidationError(_l("List at most %(count)s website addresses.", count=MAX_ORIGINS))


def _readable_colour(form: object, field) -> None:
    from webapp.offers.embed import COLOUR, contrast_on_white

    value = (field.data or "").strip()
    if not value:
        return
    if not COLOUR.match(value):
        raise ValidationError(_l("Write the colour as # and six hexadecimal digits, like #1e5a8c."))
    if contrast_on_white(value) < 4.5:
        raise ValidationError(_l("The colour is too light for text on white. Choose a darker one."))


class EmbedSettingsForm(Form):
    origins = TextAreaField(
        _l("Websites that may show the offers"),
        description=_l("One address a line, like https://www.kommune.no. Other websites cannot show them."),
        validators=[Length(max=2000), no_control_characters, _origins],
    )
    colour = StringField(
        _l("Colour"),
        description=_l("The municipality's colour for headings and links, like #1e5a8c. Empty: our blue."),
        validators=[Optional(), Length(max=7), single_line, _readable_colour],
    )
