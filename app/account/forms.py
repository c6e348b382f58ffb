"""Forms for the user's own account."""

from wtforms import HiddenField, PasswordField, StringField, SubmitField, ValidationError
from wtforms.validators import DataRequired, EqualTo, Length

from app.record_views.forms import zone_name
from app.security.cleaning import CleanForm
from app.security.passwords import password_problem


class PasswordChangeForm(CleanForm):
    """Current password, then the new one twice."""

    current_password = PasswordField("Current password", validators=[DataRequired(),
                                                                     Length(max=200)])
    new_password = PasswordField("New password", validators=[DataRequired(), Length(max=200)])
    confirm_password = PasswordField("New password again", validators=[
        DataRequired(), EqualTo("new_password", message="The two new passwords differ.")])
    submit = SubmitField("Change password")

    def validate_new_password(self, field):
        """Apply the password policy (15+ characters, not a common password)."""
        problem = password_problem(field.data or "")
        if problem:
            raise ValidationError(problem)


class TwoFactorSetupForm(CleanForm):
    """Confirm the new authenticator app with its first code (the secret travels back hidden)."""

    secret = HiddenField(validators=[DataRequired(), Length(max=64)])
    code = StringField("Code from the app", validators=[DataRequired(), Length(max=64)])
    submit = SubmitField("Turn on")


class PasswordConfirmForm(CleanForm):
    """The current password, to confirm a change to the second factor."""

    password = PasswordField("Your password", validators=[DataRequired(), Length(max=200)])
    submit = SubmitField("Confirm")


class TimeZoneForm(CleanForm):
    """The officer's time zone: new meetings start in it, and pages show "your time"."""

    time_zone = StringField("Your time zone", validators=[Length(max=64), zone_name])
    submit = SubmitField("Save")
