"""Forms for signing in."""

from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from app.security.cleaning import CleanForm


class LoginForm(CleanForm):
    """Email and password."""

    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])
    submit = SubmitField("Sign in")


class LogoutForm(CleanForm):
    """An empty form carrying the CSRF token for the logout button."""

    submit = SubmitField("Sign out")


class CodeForm(CleanForm):
    """The second step of signing in: a code from the authenticator app or a recovery code."""

    code = StringField("Code", validators=[DataRequired(), Length(max=64)])
    submit = SubmitField("Verify")


class ReauthForm(CleanForm):
    """Confirm it is you before a sensitive action: the password, and a code when set up."""

    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])
    code = StringField("Code", validators=[Length(max=64)])
    submit = SubmitField("Confirm")
