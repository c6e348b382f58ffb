"""What every record page shares: the form building blocks (:mod:`.forms`), saving once with
the stale-version check (:mod:`.saving`) and the list, create, edit and archive flow
(:mod:`.pages`).

This package has no ``routes.py``: it is a library for the areas' views, not a blueprint.
"""
