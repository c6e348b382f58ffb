"""Meetings: list with filters, the one-page meeting log, detail, archive and restore."""
