"""rotate-field-key: a new key for the encrypted fields (persons, cases, packs, second factors)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from app.extensions import db
from app.security.field_crypto import (
    EXTENSION,
    KEYS_SETTING,
    FieldKeyError,
    current_keys,
    generate_key,
    write_key_file,
)
from app.services.admin.field_keys import rotate_values


@click.command("rotate-field-key")
@with_appcontext
def rotate_field_key_command() -> None:
    """Put a new field key first and re-encrypt every encrypted value with it (one transaction)."""
    old = current_keys()
    if old.source == "throwaway":
        raise click.ClickException(f"No field key is configured ({KEYS_SETTING} or "
                                   "instance/field_keys): there is nothing to rotate.")
    new = old.with_new_key(generate_key())
    try:
        counts = rotate_values(db.session(), old, new)
    except FieldKeyError as exc:
        db.session.rollback()
        raise click.ClickException(f"Key rotation failed: {exc}") from None
    # The new key list is saved (or shown) before the commit: if the commit fails, the old
    # keys in it still open every value; if the key were saved after, a crash would lose it.
    if old.source == "file" and old.path is not None:
        try:
            write_key_file(old.path, new.keys)
        except OSError as exc:
            db.session.rollback()
            raise click.ClickException(f"Key rotation failed: cannot write {old.path} "
                                       f"({exc.strerror}); nothing was changed.") from None
        click.echo(f"{old.path} now holds the new key first ({len(new.keys)} keys).")
    else:
        click.echo(f"Set {KEYS_SETTING} to this value before Parley starts again "
                   "(new key first, old keys kept):")
        click.echo(f"{KEYS_SETTING}={','.join(new.keys)}")
    db.session.commit()
    current_app.extensions[EXTENSION] = new
    total = sum(counts.values())
    detail = ", ".join(f"{name}: {count}" for name, count in sorted(counts.items())) or "none"
    click.echo(f"Re-encrypted {total} values ({detail}).")


COMMANDS = (rotate_field_key_command,)
