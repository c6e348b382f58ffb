"""The stamp that tells every worker when persons' names or sensitivities changed."""

from __future__ import annotations

from sqlalchemy import BigInteger
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model


class NameStamp(Model):
    """One row, rewritten with a random stamp by database triggers on every change to a
    person's name, spellings or sensitivity; the name matcher of
    :mod:`app.security.masking` is rebuilt when the stamp it was built at differs."""

    __tablename__ = "name_stamps"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: A random number, new on every change (random rather than a counter, so that emptying
    #: the table can never bring an old value back).
    stamp: Mapped[int] = mapped_column(BigInteger)
