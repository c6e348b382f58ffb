"""Recommendations: what we ask, of whom, and how far it is implemented."""
