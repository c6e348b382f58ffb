"""``tests/throwaway_postgres.py``: which server the PostgreSQL pass uses, said in one line."""

from __future__ import annotations

import sys

import pytest

from tests import throwaway_postgres

PRINT_URL = [sys.executable, "-c", "import os; print('URL', os.environ.get('PARLEY_TEST_POSTGRES_URL'))"]


def test_a_configured_server_is_used_as_it_is(monkeypatch, capfd):
    monkeypatch.setenv("PARLEY_TEST_POSTGRES_URL", "postgresql://example/db")
    assert throwaway_postgres.main(PRINT_URL) == 0
    out = capfd.readouterr().out
    assert "the configured server (postgresql://example/db)" in out
    assert "URL postgresql://example/db" in out


def test_without_a_server_installed_the_pass_skips_and_says_so(monkeypatch, capfd):
    monkeypatch.delenv("PARLEY_TEST_POSTGRES_URL", raising=False)
    monkeypatch.setattr(throwaway_postgres, "server_programs", lambda: None)
    assert throwaway_postgres.main(PRINT_URL) == 0
    out = capfd.readouterr().out
    assert "no server installed: every PostgreSQL test skips" in out and "URL None" in out


def test_a_throwaway_server_is_made_for_the_run_and_removed(monkeypatch, capfd):
    if throwaway_postgres.server_programs() is None:
        pytest.skip("PostgreSQL's server programs are not installed here")
    monkeypatch.delenv("PARLEY_TEST_POSTGRES_URL", raising=False)
    script = ("import os, psycopg; url = os.environ['PARLEY_TEST_POSTGRES_URL']; "
              "print('ANSWER', psycopg.connect(url).execute('select 6 * 7').fetchone()[0]); "
              "print('SOCKET', url.split('host=')[1])")
    check = [sys.executable, "-c", script]
    assert throwaway_postgres.main(check) == 0
    out = capfd.readouterr().out
    assert "a throwaway server for this run" in out and "ANSWER 42" in out
    socket = out.split("SOCKET ")[1].split()[0]
    from pathlib import Path

    assert not Path(socket).exists()  # stopped, and its folder removed
    assert throwaway_postgres.main([sys.executable, "-c", "raise SystemExit(3)"]) == 3
