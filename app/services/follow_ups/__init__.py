"""Follow-up commitments: the lists to review, their changes and history, and the reminders."""
