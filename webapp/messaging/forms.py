from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from webapp.forms import Form, no_control_characters, single_line
from webapp.messaging.services import MISSING_TEXT

BODY_MAX = 2000


class GroupMessageForm(Form):
    group = SelectField(
        _l("Group"), validators=[InputRequired(message=_l("Choose the group to write to."))], validate_choice=True
    )
    subject = StringField(
        _l("Subject"),
        validators=[DataRequired(message=_l("Write a subject for the message.")), Length(max=200), single_line],
    )
    body_nb = TextAreaField(
        _l("Message in bokmål"), validators=[Optional(), Length(max=BODY_MAX), no_control_characters]
    )
    body_nn = TextAreaField(
        _l("Message in nynorsk"), validators=[Optional(), Length(max=BODY_MAX), no_control_characters]
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not (self.body_nb.data or "").strip() and not (self.body_nn.data or "").strip():
            self.body_nb.errors = [*self.body_nb.errors, str(MISSING_TEXT)]
            valid = False
        return valid
