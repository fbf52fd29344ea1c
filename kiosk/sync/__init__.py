"""Talking to the central platform: the HTTP client and the outbox that never loses or doubles."""
