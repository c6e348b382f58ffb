"""Meetings and dialogue events: the meeting log, the meeting page, one-click picks, debriefs, the calendar feed and time zones."""
