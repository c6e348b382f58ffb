"""``python -m tests.benchmarks pages|pack [options]`` (no command: ``pack``, as before)."""

from __future__ import annotations

import sys

USAGE = "usage: python -m tests.benchmarks {pages,pack} [options]  (pages --help for its options)"


def main(argv: list[str]) -> int:
    """Run the benchmark named first in ``argv`` with the rest of its options."""
    if argv[:1] in (["-h"], ["--help"]):
        print(USAGE)
        return 0
    if argv[:1] == ["pages"]:
        from tests.benchmarks.pages import main as pages

        return pages(argv[1:])
    from tests.benchmarks.pack import main as pack

    return pack(argv[1:] if argv[:1] == ["pack"] else argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
