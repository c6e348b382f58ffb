"""Load tests: run by `make loadtest`, not by `make test`."""
