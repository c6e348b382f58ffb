"""Follow-ups: the review page, one follow-up with its history, and its status changes."""
