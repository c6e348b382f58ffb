"""The review queue: possible twins of restricted persons."""
