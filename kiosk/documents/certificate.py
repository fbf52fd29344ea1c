"""A certificate for an approved item application, as a one-page PDF in its kind's template.

The templates, the facts each states and their rendering are in ``kiosk.documents.certificates``;
this module is the entry point the platform prints with.
"""

from __future__ import annotations

from kiosk.documents.certificates import (
    GENERIC_KIND,
    KINDS,
    TEMPLATES,
    CertificateData,
    certificate_title,
    template_for,
    verification_path,
)
from kiosk.documents.certificates.render import render_certificate

__all__ = [
    "GENERIC_KIND",
    "KINDS",
    "TEMPLATES",
    "CertificateData",
    "certificate_title",
    "render_certificate",
    "template_for",
    "verification_path",
]
