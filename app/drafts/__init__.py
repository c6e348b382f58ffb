"""Drafts: never lose typed work (autosave and restore, saves held across a new sign-in)."""
