"""Stakeholders and organisations: profiles, names in any script, duplicates and merging, mentions in free text, contacts files."""
