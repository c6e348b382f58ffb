"""Flask extensions, created unbound and bound in ``create_app``. Imports nothing from ``app``."""

from typing import TYPE_CHECKING, ClassVar

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, Table
from sqlalchemy.orm import DeclarativeBase, Mapped

#: Constraint names Alembic can find again on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base carrying the naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    if TYPE_CHECKING:
        #: Every model maps a table (none maps a join or a select).
        __table__: ClassVar[Table]
        #: Every model has an integer primary key called ``id``.
        id: Mapped[int]


db = SQLAlchemy(model_class=Base)

#: The base class of Parley's models. Flask-SQLAlchemy builds ``db.Model`` at run time from
#: :class:`Base` (adding the query property and the bind key), which a type checker cannot
#: follow; it sees the declarative base it was made from.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
