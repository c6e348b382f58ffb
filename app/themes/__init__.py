"""Themes: nestable issue areas."""
