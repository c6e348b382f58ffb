"""Benchmarks (not part of pytest), run by ``make bench`` or ``python -m tests.benchmarks``.

- ``pages`` (tests/benchmarks/pages.py): every page under load through gunicorn beside a bare
  Flask hello, with SQL queries and size per page;
- ``pack`` (tests/benchmarks/pack.py): building and rendering one meeting's pack with a long
  history.
"""
