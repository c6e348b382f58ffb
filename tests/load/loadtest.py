"""Load test with a ledger: officers writing at once through gunicorn, nothing lost or half-saved.

``make loadtest`` runs it on SQLite, then on PostgreSQL when ``PARLEY_TEST_POSTGRES_URL`` is
set. It is not part of ``make test``. For each database it:

1. builds a fresh database with the migrations, and signs up ``--officers`` officers (real
   argon2 parameters);
2. serves Parley with gunicorn (sync workers) on a free local port;
3. lets every officer, in its own thread and cookie jar, sign in through the login form and
   then, for ``--seconds``, create persons and organisations named with unique markers and
   edit one shared person and one shared organisation that every officer edits too
   (conflicting writes: the stale-save rule must refuse all but one of each race);
4. keeps a client-side ledger of every write the server confirmed (a redirect after the POST),
   and then checks it against the database: every confirmed record is there exactly once
   (else "lost"), and each has its "create" audit event (else "half-saved"); the shared
   records' notes hold the marker of a confirmed edit.

It prints the requests, the status counts, the 5xx count, lost and half-saved writes, and exits
non-zero when any of the last three is not 0.
"""

from __future__ import annotations

import argparse
import collections
import http.cookiejar
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "load test passphrase seven lanterns"
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
VERSION = re.compile(r'name="version"[^>]*value="(\d+)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Keep 302s as answers: a redirect after a POST is how Parley confirms a save."""

    def redirect_request(self, *args, **kwargs):
        return None


class Officer(threading.Thread):
    """One officer's browser: its own cookies; writes until the deadline; a ledger of saves."""

    def __init__(self, base: str, number: int, shared: dict, deadline: float, stats):
        super().__init__(daemon=True)
        self.base, self.number, self.shared, self.deadline = base, number, shared, deadline
        self.stats = stats
        self.created: list[tuple[str, str]] = []  # (kind, marker) confirmed by the server
        self.shared_edits: dict[str, list[str]] = collections.defaultdict(list)
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar),
                                                  NoRedirect())

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        """GET or POST ``path``; returns (status, body)."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, body, timeout=60) as response:
                status, text = response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode("utf-8", "replace")
        except OSError as error:
            status, text = 599, str(error)
        self.stats.count(status)
        return status, text

    def form(self, path: str) -> tuple[str, str]:
        """The CSRF token (and the page) of the form at ``path``."""
        _, page = self.request(path)
        found = TOKEN.search(page)
        return (found.group(1) if found else ""), page

    def run(self) -> None:
        """Sign in, then write until the deadline."""
        token, _ = self.form("/login")
        status, _ = self.request("/login", {"csrf_token": token, "password": PASSWORD,
                                            "email": f"officer{self.number}@load.example"})
        if status != 302:
            self.stats.note(f"officer {self.number} could not sign in ({status})")
            return
        n = 0
        while time.monotonic() < self.deadline:
            n += 1
            marker = f"LOAD-{self.number}-{n}-{uuid.uuid4().hex[:6]}"
            choice = random.random()
            if choice < 0.35:
                self.create("persons", {"full_name": marker, "sensitivity": "normal"}, marker)
            elif choice < 0.6:
                self.create("organisations", {"name": marker, "kind": "other"}, marker)
            elif choice < 0.8:
                self.edit("persons", self.shared["person"],
                          {"full_name": "Shared Person", "sensitivity": "normal",
                           "notes": marker}, marker)
            else:
                self.edit("organisations", self.shared["organisation"],
                          {"name": "Shared Organisation", "kind": "other", "notes": marker},
                          marker)

    def create(self, kind: str, fields: dict, marker: str) -> None:
        token, _ = self.form(f"/{kind}/new")
        status, _ = self.request(f"/{kind}/new", {"csrf_token": token, **fields})
        if status == 302:
            self.created.append((kind, marker))

    def edit(self, kind: str, record_id: int, fields: dict, marker: str) -> None:
        token, page = self.form(f"/{kind}/{record_id}/edit")
        version = VERSION.search(page)
        status, _ = self.request(f"/{kind}/{record_id}/edit", {
            "csrf_token": token, "version": version.group(1) if version else "0", **fields})
        if status == 302:
            self.shared_edits[kind].append(marker)


class Stats:
    """Status counts shared by the officers' threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.statuses: collections.Counter = collections.Counter()
        self.notes: list[str] = []

    def count(self, status: int) -> None:
        with self.lock:
            self.statuses[status] += 1

    def note(self, text: str) -> None:
        with self.lock:
            self.notes.append(text)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(database_url: str, instance: Path, officers: int) -> tuple[dict, dict]:
    """Migrate, add the officers and the shared records; returns (environment, shared ids)."""
    from cryptography.fernet import Fernet

    env = {**os.environ, "DATABASE_URL": database_url, "PARLEY_INSTANCE_PATH": str(instance),
           "SECRET_KEY": uuid.uuid4().hex, "PARLEY_ENV": "development",
           "PARLEY_FIELD_KEYS": Fernet.generate_key().decode()}
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "PARLEY_INSTANCE_PATH",
                                           "SECRET_KEY", "PARLEY_FIELD_KEYS", "PARLEY_ENV")})
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    from app.models import Organisation, OrganisationKind, Person, Role, Sensitivity, User
    from app.security.passwords import hash_password

    app = create_app()
    with app.app_context():
        upgrade()
        hashed = hash_password(PASSWORD)
        db.session.add_all([
            User(email=f"officer{n}@load.example", name=f"Officer {n}", role=Role.OFFICER,
                 clearance=Sensitivity.NORMAL, password_hash=hashed)
            for n in range(officers)])
        person = Person(full_name="Shared Person")
        organisation = Organisation(name="Shared Organisation", kind=OrganisationKind.OTHER)
        db.session.add_all([person, organisation])
        db.session.commit()
        shared = {"person": person.id, "organisation": organisation.id}
        db.engine.dispose()
    return env, shared


def check(database_url: str, officers: list[Officer], shared: dict) -> tuple[int, int, list]:
    """(lost, half-saved, problems) of the ledger against the database."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    problems, lost, half = [], 0, 0
    tables = {"persons": ("persons", "full_name", "Person"),
              "organisations": ("organisations", "name", "Organisation")}
    with engine.connect() as conn:
        for officer in officers:
            for kind, marker in officer.created:
                table, column, entity = tables[kind]
                ids = conn.execute(text(f"SELECT id FROM {table} WHERE {column} = :m"),
                                   {"m": marker}).scalars().all()
                if len(ids) != 1:
                    lost += 1
                    problems.append(f"{kind} {marker}: {len(ids)} rows")
                    continue
                audited = conn.execute(text(
                    "SELECT count(*) FROM audit_events WHERE action = 'create' "
                    "AND entity_type = :e AND entity_id = :i"), {"e": entity, "i": ids[0]}).scalar()
                if audited != 1:
                    half += 1
                    problems.append(f"{kind} {marker}: {audited} create events")
        organisation_notes = conn.execute(text("SELECT notes FROM organisations WHERE id = :i"),
                                          {"i": shared["organisation"]}).scalar()
    engine.dispose()
    confirmed = {m for o in officers for m in o.shared_edits["organisations"]}
    if confirmed and organisation_notes not in confirmed:
        lost += 1
        problems.append(f"shared organisation holds {organisation_notes!r}, no confirmed edit")
    return lost, half, problems


def run_on(label: str, database_url: str, args) -> bool:
    """One load run on one database; prints the figures; True when nothing went wrong."""
    instance = Path(tempfile.mkdtemp(prefix="parley-load-"))
    env, shared = prepare(database_url, instance, args.officers)
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "--workers", str(args.workers),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "app:create_app()"],
        cwd=ROOT, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/login", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        stats = Stats()
        deadline = time.monotonic() + args.seconds
        officers = [Officer(base, n, shared, deadline, stats) for n in range(args.officers)]
        for officer in officers:
            officer.start()
        for officer in officers:
            officer.join()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    lost, half, problems = check(database_url, officers, shared)
    created = sum(len(o.created) for o in officers)
    edits = sum(len(v) for o in officers for v in o.shared_edits.values())
    errors = sum(n for status, n in stats.statuses.items() if status >= 500)
    print(f"{label}: {sum(stats.statuses.values())} requests in {args.seconds} s by "
          f"{args.officers} officers, {args.workers} sync workers")
    print(f"  statuses: {dict(sorted(stats.statuses.items()))}")
    print(f"  confirmed: {created} records created, {edits} edits of the shared records")
    print(f"  5xx: {errors}, lost: {lost}, half-saved: {half}")
    for line in stats.notes + problems[:20]:
        print(f"  ! {line}")
    shutil.rmtree(instance, ignore_errors=True)
    return errors == 0 and lost == 0 and half == 0 and not stats.notes


def postgres_database(server_url: str):
    """A new, empty PostgreSQL database on ``server_url``: (its URL, a function dropping it)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from app.config import normalise_database_url

    server = normalise_database_url(server_url)
    name = f"parley_load_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    return url, drop


def main() -> None:
    """Run on SQLite, then on PostgreSQL when PARLEY_TEST_POSTGRES_URL is set."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--officers", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    ok = run_on("SQLite", f"sqlite:///{tempfile.mkdtemp()}/load.sqlite", args)
    postgres = os.environ.get("PARLEY_TEST_POSTGRES_URL")
    if postgres:
        url, drop = postgres_database(postgres)
        try:
            ok = run_on("PostgreSQL", url, args) and ok
        finally:
            drop()
    else:
        print("PostgreSQL: skipped (set PARLEY_TEST_POSTGRES_URL)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
