"""The demo: preparing the 2026 EU-Kazakhstan Human Rights Dialogue.

The records are written in ``demo.toml`` (a data file an officer can read and edit); the
builder (:func:`app.demo.build.seed_demo`) creates them through Parley's own services.
"""
