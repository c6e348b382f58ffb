"""The yardstick of the page benchmark: a bare Flask app answering "hello" under gunicorn.

Served the same way as Parley (``gunicorn tests.benchmarks.hello:app``), it shows what the
machine, gunicorn and the load generator manage with no work in the app at all.
"""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    """Hello, with nothing behind it."""
    return "hello"
