"""Uploads kept between the preview and the confirmation of an import.

Bytes are written to ``instance/imports/`` under a random name; the session holds only that
name. The briefing import stores the parsed paper (JSON, so a Word file or a PDF is read once),
the contacts import the uploaded file. Nothing posted back by the browser is trusted: the
confirmation works from what is stored here.
"""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
#: Stored uploads older than this (seconds) are removed at the next upload.
MAX_AGE = 24 * 3600


class UploadStore:
    """A folder of pending uploads, each under a random token."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def save(self, data: bytes) -> str:
        """Store ``data`` and return its token (also sweeps away stale uploads)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self.sweep()
        token = secrets.token_urlsafe(32)
        path = self.folder / f"{token}.upload"
        path.write_bytes(data)
        path.chmod(0o600)
        return token

    def _path(self, token: str | None) -> Path | None:
        if not token or not _TOKEN.match(token):
            return None
        return self.folder / f"{token}.upload"

    def load(self, token: str | None) -> bytes | None:
        """The stored bytes, or ``None`` when the token is unknown, malformed or expired."""
        path = self._path(token)
        if path is None or not path.is_file():
            return None
        return path.read_bytes()

    def discard(self, token: str | None) -> None:
        """Remove one stored upload."""
        path = self._path(token)
        if path is not None:
            path.unlink(missing_ok=True)

    def sweep(self, max_age: int = MAX_AGE) -> None:
        """Remove stored uploads older than ``max_age`` seconds."""
        cutoff = time.time() - max_age
        for path in self.folder.glob("*.upload"):
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)


def upload_store() -> UploadStore:
    """The store of the current app (``instance/imports``)."""
    from flask import current_app

    return UploadStore(Path(current_app.instance_path) / "imports")
