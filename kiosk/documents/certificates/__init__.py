"""Certificates for approved items: one template per kind, rendered as a one-page A4 PDF.

Importing this package is cheap (the catalogue loader checks kinds against it); the rendering,
with reportlab, is in ``kiosk.documents.certificates.render``.
"""

from kiosk.documents.certificates.model import (
    GENERIC_KIND,
    CertificateData,
    Fact,
    Look,
    Template,
    verification_path,
)
from kiosk.documents.certificates.templates import KINDS, TEMPLATES, certificate_title, template_for

__all__ = [
    "GENERIC_KIND",
    "KINDS",
    "TEMPLATES",
    "CertificateData",
    "Fact",
    "Look",
    "Template",
    "certificate_title",
    "template_for",
    "verification_path",
]
