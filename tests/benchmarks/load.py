"""Load on one address: ``wrk`` when installed, else a Python loop; and a signed-in HTTP client.

Both give the same figures (:class:`Load`): requests per second, median and 95th-percentile
latency, and the count of bad answers (not 2xx/3xx, or no answer).
"""

from __future__ import annotations

import http.client
import math
import re
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pyotp

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass
class Load:
    """What a load run measured."""

    requests_per_second: float
    p50_ms: float
    p95_ms: float
    requests: int
    bad: int
    tool: str
    #: The slowest answer (the Python loop only; wrk reports percentiles).
    max_ms: float = math.nan


class TooBig(Exception):
    """An answer larger than the limit, or slower than the time limit."""


class Browser:
    """A client with a cookie jar, speaking HTTP/1.1 to one local server (no redirects followed).

    An answer over ``max_bytes``, or not there within ``max_seconds``, raises :class:`TooBig`.
    """

    def __init__(self, base: str, max_bytes: int = 1 << 40, max_seconds: float = 600):
        self.cookies: dict[str, str] = {}
        self.max_bytes, self.max_seconds = max_bytes, max_seconds
        self.move_to(base)

    def move_to(self, base: str) -> None:
        """Talk to the server at ``base`` from now on (the cookies stay)."""
        self.base = base
        self.host, self.port = urlsplit(base).hostname, urlsplit(base).port

    @property
    def cookie_header(self) -> str:
        """The Cookie header this browser sends."""
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def request(self, method: str, path: str, fields=None) -> tuple[int, dict, str]:
        """(status, headers, body) of one request; a POST sends ``fields`` as a form."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.max_seconds)
        headers = {"Cookie": self.cookie_header} if self.cookies else {}
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        deadline = time.monotonic() + self.max_seconds
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            chunks, size = [], 0
            while chunk := response.read(1 << 20):
                chunks.append(chunk)
                size += len(chunk)
                if size > self.max_bytes:
                    raise TooBig(f"over {self.max_bytes / (1 << 20):g} MB")
                if time.monotonic() > deadline:
                    raise TooBig(f"over {self.max_seconds:.0f} s")
        except (TimeoutError, http.client.HTTPException, ConnectionError) as error:
            raise TooBig(f"no whole answer within {self.max_seconds:.0f} s "
                         f"({type(error).__name__})") from None
        finally:
            conn.close()
        text = b"".join(chunks).decode("utf-8", "replace")
        for raw in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(raw).items():
                if morsel["expires"] and "1970" in morsel["expires"] or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, dict(response.headers.items()), text

    def token(self, path: str) -> str:
        """The CSRF token of the form at ``path``."""
        _, _, page = self.request("GET", path)
        found = TOKEN.search(page)
        return found.group(1) if found else ""

    def sign_in(self, admin: dict) -> None:
        """Sign in through the forms: password, then one of the admin's recovery codes."""
        token = self.token("/login")
        status, headers, _ = self.request("POST", "/login", {
            "csrf_token": token, "email": admin["email"], "password": admin["password"]})
        location = urlsplit(headers.get("Location", ""))
        if status == 302 and location.path == "/login/code":
            code_path = location.path + (f"?{location.query}" if location.query else "")
            token = self.token(code_path)
            status, headers, _ = self.request("POST", code_path, {
                "csrf_token": token, "code": admin["recovery_codes"].pop()})
        if status != 302 or urlsplit(headers.get("Location", "")).path.startswith("/login"):
            raise RuntimeError(f"the benchmark admin could not sign in over HTTP ({status})")

    def reauth(self, admin: dict, path: str) -> None:
        """Confirm it is the admin (password and a TOTP code) for a page asking for it."""
        for _attempt in range(2):
            token = self.token(f"/reauth?{urlencode({'next': path})}")
            status, _, _ = self.request("POST", f"/reauth?{urlencode({'next': path})}", {
                "csrf_token": token, "password": admin["password"],
                "code": pyotp.TOTP(admin["secret"]).now()})
            if status == 302:
                return
            time.sleep(31)  # this time step's code was used already: wait for the next one
        raise RuntimeError("the benchmark admin could not confirm it is them")

    def answer(self, admin: dict, method: str, path: str, fields=None) -> tuple[int, str]:
        """(status, body) of the page, after a fresh sign-in confirmation when it asks for one."""
        status, headers, body = self.request(method, path, fields)
        if status == 302 and urlsplit(headers.get("Location", "")).path == "/reauth":
            self.reauth(admin, path)
            status, headers, body = self.request(method, path, fields)
        return status, body


def has_wrk() -> bool:
    """Whether ``wrk`` is installed."""
    return shutil.which("wrk") is not None


_REPORT = """
done = function(summary, latency, requests)
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format("PARLEY %d %d %d %d\\n", latency:percentile(50),
    latency:percentile(95), summary.requests, bad))
end
"""


def _lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _ms(raw: str) -> float:
    """wrk's "1.23ms" / "456.00us" / "1.20s" in milliseconds."""
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", raw).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(url: str, cookie: str, seconds: int, connections: int, fields=None) -> Load:
    """Load ``url`` with wrk (GET, or a form POST of ``fields``) and parse its report.

    The median comes from wrk's ``--latency`` distribution; the 95th percentile, which that
    distribution does not print, from a ``done`` hook in the Lua script.
    """
    lines = [f'wrk.headers["Cookie"] = {_lua_string(cookie)}']
    if fields is not None:
        lines += ['wrk.method = "POST"', f"wrk.body = {_lua_string(urlencode(fields))}",
                  'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"']
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write("\n".join(lines) + _REPORT)
    try:
        run = subprocess.run(
            ["wrk", "--threads", "2", "--connections", str(connections), "--duration",
             f"{seconds}s", "--timeout", "60s", "--latency", "--script", script.name, url],
            capture_output=True, text=True, check=True)
    finally:
        Path(script.name).unlink()
    out = run.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    median = re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE)
    p50, p95, requests, bad = re.search(r"^PARLEY (\d+) (\d+) (\d+) (\d+)", out,
                                        re.MULTILINE).groups()
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return Load(rate, _ms(median.group(1)) if median else int(p50) / 1000, int(p95) / 1000,
                int(requests), max(int(bad), int(non_2xx.group(1)) if non_2xx else 0), "wrk")


def python_load(url: str, cookie: str, seconds: int, connections: int, fields=None) -> Load:
    """The same measure without wrk: ``connections`` threads, each on its own keep-alive
    connection (reopened when the server closes it, as gunicorn's sync workers do)."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    headers = {"Cookie": cookie}
    body = None
    if fields is not None:
        body = urlencode(fields)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    method = "POST" if fields is not None else "GET"
    latencies: list[float] = []
    bad = [0]
    lock = threading.Lock()
    started = time.perf_counter()
    deadline = started + seconds

    def worker():
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        mine, errors = [], 0
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    errors += 1
            except (OSError, http.client.HTTPException):
                errors += 1
                conn.close()
                continue
            mine.append(time.perf_counter() - began)
        conn.close()
        with lock:
            latencies.extend(mine)
            bad[0] += errors

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()

    def percentile(share: float) -> float:
        if not latencies:
            return math.nan
        return latencies[min(len(latencies) - 1, int(share * len(latencies)))] * 1000

    return Load(len(latencies) / elapsed, percentile(0.50), percentile(0.95), len(latencies),
                bad[0], "python", latencies[-1] * 1000 if latencies else math.nan)


def load(url: str, cookie: str, seconds: int, connections: int, fields=None,
         use_wrk: bool | None = None) -> Load:
    """Load ``url`` with wrk when installed (or ``use_wrk``), else with the Python loop."""
    if use_wrk if use_wrk is not None else has_wrk():
        return wrk(url, cookie, seconds, connections, fields)
    return python_load(url, cookie, seconds, connections, fields)
