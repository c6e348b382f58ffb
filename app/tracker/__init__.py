"""The recommendation tracker: raisings by stakeholder, gaps, and progress charts."""
