"""Dialogue events: list, schedule page, create, edit, archive and restore."""
