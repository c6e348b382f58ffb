"""Contacts in and out: CSV import of persons and organisations with column mapping, and CSV
and vCard export of persons (cells neutralised against formula injection)."""
