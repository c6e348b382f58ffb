"""Forms for user administration."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from app.extensions import db
from app.models import Role, Sensitivity, User
from app.records.forms import enum_field, text_field
from app.security.passwords import password_problem


def role_field():
    """The role select."""
    return enum_field("Role", Role, description="Admins manage users; officers write; viewers read.")


def clearance_field():
    """The clearance select."""
    return enum_field("Clearance", Sensitivity,
                      description="The most restricted persons and cases they may see.")


class AccessForm(FlaskForm):
    """Change what a user may do and see."""

    role = role_field()
    clearance = clearance_field()
    submit = SubmitField("Save access")


class NewUserForm(FlaskForm):
    """Create a user with a role, a clearance and a first password."""

    name = text_field("Name", 200, required=True)
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    role = role_field()
    clearance = clearance_field()
    password = PasswordField("First password", validators=[DataRequired(), Length(max=200)],
                             description="At least 15 characters; give it to them in person.")
    confirm = PasswordField("Repeat the password", validators=[
        DataRequired(), EqualTo("password", message="The two passwords differ.")])
    submit = SubmitField("Create user")

    def validate_email(self, field) -> None:
        """A real address, not yet used."""
        try:
            field.data = validate_email(field.data, check_deliverability=False).normalized.lower()
        except EmailNotValidError as exc:
            raise ValidationError(f"Not a valid email address: {exc}") from None
        if db.session.scalar(select(User.id).where(func.lower(User.email) == field.data)):
            raise ValidationError("A user with this email already exists.")

    def validate_password(self, field) -> None:
        """The password policy: 15+ characters, not a common phrase."""
        problem = password_problem(field.data or "")
        if problem:
            raise ValidationError(problem)
