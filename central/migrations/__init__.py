"""Alembic migrations of the platform database; run through central.migrate, not a command line."""
