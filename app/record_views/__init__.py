"""What every record page shares: the form building blocks (:mod:`.forms`), saving once with
the stale-version check (:mod:`.saving`), the list, create and edit flow (:mod:`.pages`),
archive and restore (:mod:`.archiving`) and theme tick-boxes (:mod:`.themes`).

This package has no ``routes.py``: it is a library for the areas' views, not a blueprint.
"""
