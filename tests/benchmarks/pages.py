"""Page benchmark: every page of Parley under load, beside a bare Flask "hello".

``python -m tests.benchmarks pages [--scale small|medium|large] [--seconds N]
[--connections 16] [--user admin|officer]`` (``make bench`` runs it at medium). For SQLite,
then PostgreSQL when ``PARLEY_TEST_POSTGRES_URL`` is set, it:

1. makes a scratch instance (a temporary folder; a SQLite file there, or a new PostgreSQL
   database dropped afterwards), migrates it and fills it at the scale (tests/page_data.py);
2. adds an admin (or, ``--user officer``, an officer cleared for normal records, whose
   every query goes through the visibility rule) with a second factor, and lists the pages
   (tests/page_catalogue.py: every page of the URL map, detail pages of the busiest records,
   the pack and brief previews, a search, the type-ahead);
3. asks for each page once in-process (Flask test client on the same database), counting its
   SQL queries and its size;
4. serves Parley with gunicorn (2 sync workers) and the bare hello app the same way, signs in
   over HTTP, and loads each page in turn for ``--seconds`` with ``--connections`` connections
   (wrk when installed, else a Python loop);
5. then asks for each page on one connection for ``--alone`` seconds: the page's own time,
   without waiting for a worker (median and slowest);
6. prints one table: page, req/s, % of hello's req/s, p50 and p95 latency, the page's own
   median and slowest time, size, queries.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from tests.benchmarks.load import Browser, TooBig, has_wrk, load, python_load
from tests.load.loadtest import free_port, postgres_database

ROOT = Path(__file__).resolve().parents[2]
SCALES = ("small", "medium", "large")
WORKERS = 2
#: A page larger or slower than this is reported as such and not measured further.
MAX_BYTES = 20 << 20
MAX_SECONDS = 60
#: The type-ahead's limit per user while measuring: the benchmark's one user asks for it far
#: faster than anyone types (production keeps ``PARLEY_LOOKUP_LIMIT``'s 300 a minute).
LOOKUP_LIMIT = "1000000 per minute"


def settings(database_url: str, instance: Path) -> tuple[dict, dict]:
    """(gunicorn's environment, the in-process app's config) for one scratch instance."""
    from cryptography.fernet import Fernet

    secret, keys = uuid.uuid4().hex, Fernet.generate_key().decode()
    env = {**os.environ, "DATABASE_URL": database_url, "PARLEY_INSTANCE_PATH": str(instance),
           "SECRET_KEY": secret, "PARLEY_FIELD_KEYS": keys, "PARLEY_ENV": "production",
           "PARLEY_LOOKUP_LIMIT": LOOKUP_LIMIT}
    config = {"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": secret,
              "PARLEY_FIELD_KEYS": keys, "PARLEY_ENV": "production",
              "SESSION_COOKIE_SECURE": False, "WTF_CSRF_ENABLED": False,
              "PARLEY_LOOKUP_LIMIT": LOOKUP_LIMIT}
    return env, config


def prepare(config: dict, instance: Path, scale: str, seed: int, pattern: str | None,
            user: str = "admin") -> dict:
    """Migrate, fill, add the user (``admin`` or ``officer``) and list the pages; the
    in-process app to count with."""
    os.environ["PARLEY_INSTANCE_PATH"] = str(instance)
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    from app.services.synthetic import settle
    from tests.page_catalogue import pages, row_counts
    from tests.page_data import create_admin, create_officer, fill, sign_in

    app = create_app(config)
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        described = fill(db.session, scale, seed)
        settle(db.engine)  # PostgreSQL: VACUUM ANALYZE, as autovacuum would after the load
        admin = (create_officer if user == "officer" else create_admin)(db.session)
        db.session.commit()
        filled_in = time.perf_counter() - started
        found, missing = pages(app, db.session)
        counts = row_counts(db.session)
        db.session.remove()
    if pattern:
        found = [p for p in found if re.search(pattern, p.name)]
    client = app.test_client()
    sign_in(client, admin)
    return {"app": app, "client": client, "admin": admin, "pages": found, "missing": missing,
            "counts": counts, "described": described, "filled_in": filled_in}


class Server:
    """gunicorn serving ``target`` (``WORKERS`` sync workers) on a free local port.

    Its log (errors, and the Python traceback of a worker that crashes) goes to ``log``;
    :meth:`troubles` reads what went wrong since it was last asked.
    """

    def __init__(self, target: str, env: dict, log: Path):
        self.target, self.process, self.base = target, None, ""
        self.env = {**env, "PYTHONFAULTHANDLER": "1"}
        self.log, self.read_to = log, 0

    def start(self) -> str:
        """Start it and wait until it answers; returns its base URL."""
        port = free_port()
        self.process = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), "--workers", str(WORKERS),
             "--worker-class", "sync", "--timeout", str(MAX_SECONDS), "--graceful-timeout",
             "5", "--bind", f"127.0.0.1:{port}", "--log-level", "error", self.target],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL,
            stderr=self.log.open("ab"))
        self.base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                urllib.request.urlopen(self.base + "/", timeout=5).read()
                return self.base
            except urllib.error.HTTPError:
                return self.base  # it answers
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(f"gunicorn {self.target} stopped at start") from None
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn {self.target} did not start")

    def stop(self) -> None:
        """Stop it (its workers get 5 s to finish)."""
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def troubles(self) -> list[str]:
        """Workers that crashed or timed out since the last call, with the app's line when the
        traceback names one (e.g. "worker SIGSEGV in app/services/reporting/dashboard.py:48")."""
        with self.log.open("rb") as log:
            log.seek(self.read_to)
            text = log.read().decode("utf-8", "replace")
            self.read_to = log.tell()
        found, where = [], None
        for line in text.splitlines():
            frame = re.search(rf'File "{re.escape(str(ROOT))}/(app/[^"]+)", line (\d+)', line)
            if frame and where is None:
                where = f"{frame.group(1)}:{frame.group(2)}"
            crash = re.search(r"was sent (SIG\w+)|WORKER TIMEOUT", line)
            if crash:
                what = f"worker {crash.group(1)}" if crash.group(1) else "worker timeout"
                found.append(what + (f" in {where}" if where else ""))
                where = None
        return found

    def drain(self) -> None:
        """Wait until the requests the load left queued are answered (two health checks)."""
        for _ in range(2):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(self.base + "/healthz", timeout=MAX_SECONDS * 16).read()


def run_on(label: str, database_url: str, args) -> None:
    """Fill one database, load every page, print the table."""
    instance = Path(tempfile.mkdtemp(prefix="parley-bench-"))
    try:
        env, config = settings(database_url, instance)
        prepared = prepare(config, instance, args.scale, args.seed, args.pages, args.user)
        hello = Server("tests.benchmarks.hello:app", env, instance / "hello.log")
        try:
            hello_load = load(hello.start() + "/", "", args.seconds, args.connections,
                              use_wrk=_use_wrk(args))
            hello_alone = python_load(hello.base + "/", "", args.alone, 1) if args.alone else None
        finally:
            hello.stop()
        server = Server("app:create_app()", env, instance / "gunicorn.log")
        try:
            server.start()
            rows = load_pages(server, prepared, args)
        finally:
            server.stop()
            with prepared["app"].app_context():
                from app.extensions import db

                db.engine.dispose()
        print_table(label, args, prepared, hello_load, rows, hello_alone)
    finally:
        shutil.rmtree(instance, ignore_errors=True)


def _use_wrk(args) -> bool:
    return has_wrk() if args.load == "auto" else args.load == "wrk"


#: Seconds of load on the dashboard before the first page is measured.
WARM_UP_SECONDS = 3


def load_pages(server: Server, prepared: dict, args) -> list[tuple]:
    """Sign in over HTTP, then for each page: one request (a page over the limits is not
    measured further, and the server is restarted), the in-process count, then the load."""
    from tests.page_catalogue import PREVIEWS, form_fields, measure

    admin = prepared["admin"]
    browser = Browser(server.base, MAX_BYTES, MAX_SECONDS)
    browser.sign_in(admin)
    # Warm every worker first: each builds its name-masking automaton on its first request,
    # which the first page measured would otherwise pay for.
    load(server.base + "/", browser.cookie_header, WARM_UP_SECONDS, args.connections, None,
         use_wrk=_use_wrk(args))
    server.drain()
    rows = []
    for page in prepared["pages"]:
        fields, measured, result, alone = None, None, None, None
        try:
            if page.method == "POST":
                status, html = browser.answer(admin, "GET", page.path)
                fields = form_fields(html, PREVIEWS[page.endpoint]) if status == 200 else []
            status, _ = browser.answer(admin, page.method, page.path, fields)
        except TooBig as error:
            status = f"{error}: not measured"
            server.stop()
            browser.move_to(server.start())
        else:
            measured = measure(prepared["app"], prepared["client"], page)
            if status == 200:
                result = load(server.base + page.path, browser.cookie_header, args.seconds,
                              args.connections, fields, use_wrk=_use_wrk(args))
                server.drain()
                if args.alone:
                    alone = python_load(server.base + page.path, browser.cookie_header,
                                        args.alone, 1, fields)
                    server.drain()
        rows.append((page, measured, status, result, alone, server.troubles()))
        print(f"  {page.name}: " + (f"{result.requests_per_second:.1f} req/s" if result
                                     else f"answered {status}"),
              file=sys.stderr, flush=True)
    return rows


def print_table(label: str, args, prepared: dict, hello, rows: list[tuple],
                hello_alone=None) -> None:
    """The figures of one database, one line a page."""
    counts = ", ".join(f"{n} {table}" for table, n in prepared["counts"].items())
    print(f"\n== {label}, scale {args.scale}, as {args.user}: {prepared['described']} "
          f"(filled in {prepared['filled_in']:.0f} s)")
    print(f"   rows: {counts}")
    print(f"   load: {hello.tool}, {args.connections} connections, {args.seconds} s a page; "
          f"gunicorn {WORKERS} sync workers; {os.cpu_count()} CPUs shared with whatever else "
          f"runs (figures are noisy)")
    print(f"   bare Flask hello: {hello.requests_per_second:.0f} req/s, p50 "
          f"{hello.p50_ms:.1f} ms, p95 {hello.p95_ms:.1f} ms"
          + (f"; alone {hello_alone.p50_ms:.2f} ms" if hello_alone and hello_alone.requests
             else ""))
    width = max([len(p.name) for p, *_ in rows] + [4])
    print(f"{'page':<{width}}  {'req/s':>7}  {'% hello':>7}  {'p50 ms':>7}  {'p95 ms':>7}  "
          f"{'alone':>6}  {'max':>6}  {'KB':>6}  {'queries':>7}  note")
    for page, measured, status, result, alone, troubles in rows:
        note, size, queries = [], "-", "-"
        if measured is not None:
            size, queries = f"{measured['bytes'] / 1024:.1f}", measured["queries"]
            if measured["status"] != 200:
                note.append(f"in-process {measured['status']}")
        if result is None:
            note.append(f"answered {status}" if isinstance(status, int) else status)
            cells = f"{'-':>7}  {'-':>7}  {'-':>7}  {'-':>7}"
        else:
            share = 100 * result.requests_per_second / hello.requests_per_second
            cells = (f"{result.requests_per_second:>7.1f}  {share:>6.1f}%  "
                     f"{_ms(result.p50_ms):>7}  {_ms(result.p95_ms):>7}")
            if result.bad:
                note.append(f"{result.bad} bad answers")
            if not result.requests:
                note.append(f"no answer within {args.seconds} s")
                cells = f"{0:>7.1f}  {0:>6.1f}%  {'-':>7}  {'-':>7}"
        for trouble, times in collections.Counter(troubles).items():
            note.append(trouble + (f" ×{times}" if times > 1 else ""))
        cells += (f"  {_ms(alone.p50_ms):>6}  {_ms(alone.max_ms):>6}" if alone and alone.requests
                  else f"  {'-':>6}  {'-':>6}")
        print(f"{page.name:<{width}}  {cells}  {size:>6}  {queries:>7}  {'; '.join(note)}")
    for line in prepared["missing"]:
        print(f"   not measured: {line}")


def _ms(value: float) -> str:
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"


def parser() -> argparse.ArgumentParser:
    """The options of ``python -m tests.benchmarks pages``."""
    options = argparse.ArgumentParser(prog="python -m tests.benchmarks pages",
                                      description=__doc__.splitlines()[0])
    options.add_argument("--scale", choices=SCALES, default="medium")
    options.add_argument("--seed", type=int, default=1, help="seed of the synthetic data")
    options.add_argument("--seconds", type=int, default=5, help="of load on each page")
    options.add_argument("--connections", type=int, default=16)
    options.add_argument("--alone", type=int, default=2, metavar="SECONDS",
                         help="then one connection for this long, for each page's own time "
                              "(the alone and max columns; 0: not measured)")
    options.add_argument("--pages", metavar="REGEX", help="only the pages whose name matches")
    options.add_argument("--user", choices=("admin", "officer"), default="admin",
                         help="who asks: an admin sees every record; an officer cleared for "
                              "normal records has every query go through the visibility rule")
    options.add_argument("--load", choices=("auto", "wrk", "python"), default="auto",
                         help="load generator (auto: wrk when installed)")
    options.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both",
                         help="both: PostgreSQL too when PARLEY_TEST_POSTGRES_URL is set")
    return options


def main(argv: list[str] | None = None) -> int:
    """Run the page benchmark on SQLite, then on PostgreSQL when configured."""
    args = parser().parse_args(argv)
    if not _use_wrk(args):
        print("Not loading with wrk (apt-get install wrk): the Python loop loads the pages, "
              "which shares the CPU with the server", file=sys.stderr)
    if args.database in ("sqlite", "both"):
        folder = tempfile.mkdtemp(prefix="parley-bench-db-")
        try:
            run_on("SQLite", f"sqlite:///{folder}/bench.sqlite", args)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    server = os.environ.get("PARLEY_TEST_POSTGRES_URL")
    if args.database in ("postgres", "both") and server:
        url, drop = postgres_database(server)  # tests/load/loadtest.py
        try:
            run_on("PostgreSQL", url, args)
        finally:
            drop()
    elif args.database in ("postgres", "both"):
        print("\nPostgreSQL: skipped (set PARLEY_TEST_POSTGRES_URL)")
    return 0
