"""Operating Parley: accounts, backups, field-key rotation, database health and the migration downgrade guard."""
