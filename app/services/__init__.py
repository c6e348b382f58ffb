"""Parley's logic with no request in it: packs, imports, follow-up rules, search, demo data."""
