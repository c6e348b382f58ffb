"""Run a command with a PostgreSQL server for the test run: the configured one, or a throwaway.

``python -m tests.throwaway_postgres <command…>`` (``make test-postgres`` uses it):

- ``PARLEY_TEST_POSTGRES_URL`` set: the command runs against that server;
- unset, and PostgreSQL's server programs installed (``initdb``, ``pg_ctl``): a server is made
  in a temporary directory, listening only on a socket there, for this run alone; the command
  runs with ``PARLEY_TEST_POSTGRES_URL`` pointing at it, then the server is stopped and its
  directory removed. Run as root, the server runs as the ``postgres`` account (``initdb``
  refuses root);
- neither: the command runs as it is, and every PostgreSQL test skips with its reason.

One line says which happened. The command's exit status is this program's.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

#: Where Debian and most Linux packages put the server programs (newest version first).
SEARCHED = ("/usr/lib/postgresql/*/bin", "/usr/local/pgsql/bin", "/opt/homebrew/bin",
            "/usr/local/bin", "/usr/bin")


def server_programs() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``, or None when the server is not installed."""
    folders = sorted(glob.glob(SEARCHED[0]), reverse=True) + list(SEARCHED[1:])
    for folder in folders:
        if (Path(folder) / "initdb").is_file() and (Path(folder) / "pg_ctl").is_file():
            return Path(folder)
    return None


def _as_server_user() -> tuple[list[str], str | None]:
    """The prefix running a program as the server's account, and that account's name."""
    if os.geteuid() != 0:
        return [], None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return [], None
    return ["runuser", "-u", "postgres", "--"], "postgres"


def _run_with_throwaway(bin_dir: Path, command: list[str]) -> int:
    prefix, account = _as_server_user()
    if os.geteuid() == 0 and account is None:
        print("== PostgreSQL: running as root without a postgres account, no throwaway "
              "server: every PostgreSQL test skips")
        return subprocess.call(command)
    root = Path(tempfile.mkdtemp(prefix="parley-pg-"))
    data, socket = root / "data", root / "socket"
    socket.mkdir()
    if account:
        shutil.chown(root, account)
        shutil.chown(socket, account)
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.STDOUT}
    try:
        subprocess.run([*prefix, str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres",
                        "-A", "trust", "-E", "UTF8", "--no-sync"], check=True, **quiet)
        options = f"-c listen_addresses='' -k {socket} -c fsync=off -c full_page_writes=off"
        subprocess.run([*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options,
                        "-l", str(root / "server.log"), "-w", "start"], check=True, **quiet)
    except (subprocess.CalledProcessError, OSError) as error:
        print(f"== PostgreSQL: the throwaway server did not start ({error}): every "
              "PostgreSQL test skips")
        shutil.rmtree(root, ignore_errors=True)
        return subprocess.call(command)
    url = f"postgresql://postgres@/postgres?host={socket}"
    print(f"== PostgreSQL: no PARLEY_TEST_POSTGRES_URL, so a throwaway server for this run "
          f"({bin_dir}, socket in {socket})")
    try:
        return subprocess.call(command, env={**os.environ, "PARLEY_TEST_POSTGRES_URL": url})
    finally:
        subprocess.run([*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast",
                        "-w", "stop"], check=False, **quiet)
        shutil.rmtree(root, ignore_errors=True)


def main(command: list[str]) -> int:
    """Run ``command`` with a PostgreSQL server as the module docstring says; its exit status."""
    sys.stdout.reconfigure(line_buffering=True)  # the line comes before the command's output
    if not command:
        print("usage: python -m tests.throwaway_postgres <command…>", file=sys.stderr)
        return 2
    configured = os.environ.get("PARLEY_TEST_POSTGRES_URL")
    if configured:
        print(f"== PostgreSQL: the configured server ({configured})")
        return subprocess.call(command)
    bin_dir = server_programs()
    if bin_dir is None:
        print("== PostgreSQL: no PARLEY_TEST_POSTGRES_URL and no server installed: every "
              "PostgreSQL test skips")
        return subprocess.call(command)
    return _run_with_throwaway(bin_dir, command)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
