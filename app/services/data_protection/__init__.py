"""Data protection: erasure, subject access, sensitivity changes, the review queue of restricted twins, and the audit log."""
