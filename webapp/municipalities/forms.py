from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from webapp.forms import Form, no_control_characters, no_links, single_line


class AccessibilityFeedbackForm(Form):
    """Anyone may write, without an account; every answer but the message may be left out."""

    message = TextAreaField(
        _l("What did not work, or what do you need?"),
        validators=[
            DataRequired(_l("Write what did not work, or what you need.")),
            Length(max=2000, message=_l("Write at most 2,000 characters about what did not work.")),
            no_control_characters,
        ],
    )
    page = StringField(
        _l("Which page was it?"),
        description=_l("The address or the name of the page."),
        validators=[Optional(), Length(max=300, message=_l("Write the page in at most 300 characters.")), single_line],
    )
    name = StringField(
        _l("Your name"),
        validators=[
            Optional(),
            Length(max=120, message=_l("Write your name in at most 120 characters.")),
            single_line,
            no_links,
        ],
    )
    email = StringField(
        _l("Your e-mail address"),
        description=_l("Fill this in if you want an answer."),
        validators=[
            Optional(),
            Email(_l("Write a valid e-mail address.")),
            Length(max=254, message=_l("Write an e-mail address of at most 254 characters.")),
        ],
    )
