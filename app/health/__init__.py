"""Health check for monitoring: is the database there, and can Parley write to it."""
