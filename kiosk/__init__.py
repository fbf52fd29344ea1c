"""The kiosk core: domain types, catalogue, forms, citizen session, store, sync and documents.

This package is Qt-free and imports nothing else of ours, so the central platform
can validate with the very same code.
"""

__version__ = "0.1.0"
