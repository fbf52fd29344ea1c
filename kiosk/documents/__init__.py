"""Printable documents (PDF) built with reportlab, with an embedded CJK font."""

from __future__ import annotations


class DocumentError(Exception):
    """A document could not be produced."""
