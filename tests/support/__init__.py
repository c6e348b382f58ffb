"""Plain helpers shared by the tests: no fixtures and no tests here (tests/test_suite_layout.py
keeps test modules from importing from ``conftest.py`` or from each other)."""
