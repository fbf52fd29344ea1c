"""Durable local storage: SQLite in WAL mode with synchronous=FULL, migrated by Alembic on open."""

from kiosk.store.store import OutboxItem, PrintRecord, Store, StoredApplication, StoreError

__all__ = ["OutboxItem", "PrintRecord", "Store", "StoreError", "StoredApplication"]
