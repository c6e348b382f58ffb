"""The cycle collector is set for serving in a served application, left alone in tests.

Each case runs in a fresh Python process, as a gunicorn worker builds the application.
"""

import subprocess
import sys
import textwrap

from app.collector import MIDDLE, OLD, YOUNG

PYTHON_DEFAULT = [700, 10, 10]


def _collector_after_two_apps(tmp_path, testing: bool) -> list[int]:
    """Freeze counts before, after one and after two ``create_app``, then the thresholds."""
    from cryptography.fernet import Fernet

    config = {"SECRET_KEY": "x", "PARLEY_FIELD_KEYS": Fernet.generate_key().decode(),
              "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/parley.db", "TESTING": testing}
    script = textwrap.dedent(f"""
        import gc
        from app import create_app
        before = gc.get_freeze_count()
        create_app({config!r})
        once = gc.get_freeze_count()
        create_app({config!r})
        print(before, once, gc.get_freeze_count(), *gc.get_threshold())
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "PARLEY_INSTANCE_PATH": str(tmp_path)},
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return [int(word) for word in result.stdout.split()[-6:]]


def test_a_served_application_freezes_its_setup_and_spaces_out_collections(tmp_path):
    """The objects built with the application are frozen (a full collection no longer walks
    them) and the young generation is collected every YOUNG allocations, once per process."""
    before, once, twice, *threshold = _collector_after_two_apps(tmp_path, testing=False)
    assert before == 0
    assert once > 50_000  # the libraries, the application, its URL map and mappers
    assert twice <= once  # a second application freezes nothing more (some frozen are freed)
    assert threshold == [YOUNG, MIDDLE, OLD]


def test_a_testing_application_leaves_the_collector_alone(tmp_path):
    """Tests build many applications in one process: nothing is frozen for its life."""
    before, once, twice, *threshold = _collector_after_two_apps(tmp_path, testing=True)
    assert before == once == twice == 0
    assert threshold == PYTHON_DEFAULT
