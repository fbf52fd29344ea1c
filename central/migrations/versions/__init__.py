"""Alembic revisions, numbered."""
