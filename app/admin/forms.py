"""Forms for user administration."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from wtforms import EmailField, IntegerField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, NumberRange, Optional, ValidationError

from app.extensions import db
from app.lookup.fields import LookupField
from app.models import Role, Sensitivity, User
from app.record_views.forms import (
    DayField,
    ListFilters,
    end_not_before_start,
    enum_field,
    optional_text,
    text_field,
)
from app.security.cleaning import CleanForm
from app.security.passwords import password_problem
from app.services.data_protection.audit_log import AuditFilter

#: Record ids are 32-bit integers on PostgreSQL.
MAX_RECORD_ID = 2**31 - 1


def role_field():
    """The role select."""
    return enum_field("Role", Role, description="Admins manage users; officers write; viewers read.")


def clearance_field():
    """The clearance select."""
    return enum_field("Clearance", Sensitivity,
                      description="The most restricted persons and cases they may see.")


class AccessForm(CleanForm):
    """Change what a user may do and see."""

    role = role_field()
    clearance = clearance_field()
    submit = SubmitField("Save access")


class NewUserForm(CleanForm):
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


class AuditFilters(ListFilters):
    """The audit log's filters, read from the query string; a bad value is ignored and named."""

    # WTForms leaves out an inherited field set to None; its type does not say so.
    q = None  # type: ignore[assignment]
    archived = None  # type: ignore[assignment]
    user = LookupField("User", kinds="users", everyone=True)
    action = SelectField("Action", choices=[], coerce=optional_text)
    entity_type = SelectField("Record type", choices=[], coerce=optional_text)
    entity_id = IntegerField("Record id", validators=[
        Optional(), NumberRange(min=1, max=MAX_RECORD_ID, message="Not a record id.")])
    date_from = DayField("From")
    date_to = DayField("To")

    def validate_date_to(self, field) -> None:
        """The end of the period cannot come before its start."""
        end_not_before_start("date_from", "from")(self, field)

    def ordered(self) -> list:
        """The fields in display order."""
        return list(self)

    def wanted(self) -> AuditFilter:
        """The filter the service applies (ignored values mean "any")."""
        return AuditFilter(user_id=self.value("user"), action=self.value("action"),
                           entity_type=self.value("entity_type"),
                           entity_id=self.value("entity_id"),
                           date_from=self.value("date_from"), date_to=self.value("date_to"))


class ErasureForm(CleanForm):
    """Confirming an erasure by typing the person's id."""

    confirm_id = StringField("Type the person's id to confirm", validators=[DataRequired()])
    submit = SubmitField("Erase this person")

    def __init__(self, *args, expected_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected_id = expected_id

    def validate_confirm_id(self, field) -> None:
        """The typed id must be the person's."""
        if (field.data or "").strip().lstrip("#") != str(self.expected_id):
            raise ValidationError(f"Type {self.expected_id} to confirm; nothing was erased.")
