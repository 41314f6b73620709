from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, TelField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from webapp.forms import LANGUAGE_CHOICES, Form, coerce_optional_int, no_links, phone_number, single_line

REQUIRED = _l("This field is required.")
EMAIL = [
    DataRequired(message=_l("Write your e-mail address.")),
    Length(max=254, message=_l("The e-mail address is too long.")),
    Email(message=_l("Write a valid e-mail address, like ola@example.no."), check_deliverability=False),
]
NAME = [
    DataRequired(message=_l("Write your name.")),
    Length(max=120, message=_l("The name can have at most 120 characters.")),
    single_line,
    no_links,
]
PHONE = [
    Optional(),
    Length(max=30, message=_l("The phone number is too long.")),
    phone_number(_l("Write the phone number with 8 digits, like 912 34 567.")),
]


class LoginForm(Form):
    email = EmailField(_l("E-mail"), validators=EMAIL)
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(message=_l("Write your password.")), Length(max=128)],
    )


class RegisterForm(Form):
    name = StringField(_l("Name"), validators=NAME)
    email = EmailField(_l("E-mail"), validators=EMAIL)
    password = PasswordField(
        _l("Password"),
        description=_l("At least 10 characters. A short sentence is easy to remember."),
        validators=[DataRequired(message=_l("Choose a password.")), Length(max=128)],
    )
    password_again = PasswordField(
        _l("Repeat the password"),
        validators=[
            DataRequired(message=_l("Write the password once more.")),
            EqualTo("password", message=_l("The two passwords are not the same.")),
        ],
    )
    locale = SelectField(_l("Written standard"), choices=LANGUAGE_CHOICES)
    home_municipality = SelectField(_l("Home municipality"), coerce=coerce_optional_int, validate_choice=True)


class EmailForm(Form):
    email = EmailField(_l("E-mail"), validators=EMAIL)


def _new_password() -> PasswordField:
    return PasswordField(
        _l("New password"),
        description=_l("At least 10 characters. A short sentence is easy to remember."),
        validators=[
            DataRequired(message=_l("Choose a password.")),
            Length(max=128, message=_l("The password can have at most %(n)d characters.", n=128)),
        ],
    )


def _password_again() -> PasswordField:
    return PasswordField(
        _l("Repeat the password"),
        validators=[
            DataRequired(message=_l("Write the password once more.")),
            EqualTo("password", message=_l("The two passwords are not the same.")),
        ],
    )


def _current_password(label: str) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            DataRequired(message=_l("Write your password.")),
            Length(max=128, message=_l("The password is wrong.")),
        ],
    )


class NewPasswordForm(Form):
    password = _new_password()
    password_again = _password_again()


class ChangePasswordForm(Form):
    current_password = _current_password(_l("Your password now"))
    password = _new_password()
    password_again = _password_again()


class ChangeEmailForm(Form):
    email = EmailField(_l("New e-mail address"), validators=EMAIL)
    password = _current_password(_l("Your password"))


class ProfileForm(Form):
    name = StringField(_l("Name"), validators=NAME)
    phone = TelField(_l("Mobile phone"), validators=PHONE)
    locale = SelectField(_l("Written standard"), choices=LANGUAGE_CHOICES)
    home_municipality = SelectField(_l("Home municipality"), coerce=coerce_optional_int, validate_choice=True)


class ConfirmForm(Form):
    """A form with only its CSRF token, for buttons that change something."""


class ContactForm(Form):
    email = BooleanField(_l("E-mail"))
    sms = BooleanField(_l("SMS to my mobile phone"))
    reminders = BooleanField(_l("Reminders the day before"))
