"""Talking to the central platform: one protocol (platform.py), its wire models (wire.py), the HTTP client,
and the outbox that never loses or doubles."""
