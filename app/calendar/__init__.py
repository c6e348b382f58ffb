"""Calendar: the secret per-user iCal feed, its settings page, and single-meeting downloads."""
