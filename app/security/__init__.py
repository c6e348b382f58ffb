"""Access control, confidentiality, audit and hardening, each in one place."""
