"""Stakeholders: persons, their other spellings, their posts and their profile."""
