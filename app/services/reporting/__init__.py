"""Overviews: the dashboard, the recommendation tracker, progress over time and the charts."""
