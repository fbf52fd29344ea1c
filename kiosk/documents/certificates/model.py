"""What a certificate says and how its template is made, as plain data: no reportlab here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from kiosk.i18n import Text

GENERIC_KIND = "approval_notice"
Orientation = Literal["portrait", "landscape"]
Border = Literal["double", "corners", "rings", "lattice"]


def verification_path(serial: str, code: str) -> str:
    """Where the platform answers whether a certificate is genuine; unsigned, so any phone may ask."""
    return f"/v1/certificates/verify/{serial}/{code}"


@dataclass(frozen=True)
class Look:
    accent: str  # "#1d3f7a": rules, border, title and the mark
    border: Border
    orientation: Orientation = "portrait"


@dataclass(frozen=True)
class Fact:
    """One line a certificate states: the platform's data key and its label."""

    key: str
    label: Text
    unit: Text | None = None  # after a number: Text("克", " g")
    date: bool = False  # an ISO date, written 2026年11月21日 in Chinese
    default: Text | None = None  # stated when the platform stored nothing, e.g. 长期


@dataclass(frozen=True)
class Template:
    kind: str
    title: Text
    basis: Text  # the legal basis under the title
    statement: Text  # the sentence before the facts; empty for none
    facts: tuple[Fact, ...]  # in the order stated
    look: Look
    headline: Fact | None = None  # stated under the title, e.g. the unified social credit code
    split: int = 0  # landscape: how many facts go in the left column

    def stated_keys(self) -> tuple[str, ...]:
        """Every data key the template states."""
        return (*(f.key for f in self.facts), *((self.headline.key,) if self.headline else ()))


@dataclass(frozen=True)
class CertificateData:
    kind: str
    serial: str
    verification_code: str
    issued_at: dt.datetime
    issuer: Text
    facts: Mapping[str, Text] = field(default_factory=dict)  # by data key: "holder", "child_name", …

    @property
    def verification_path(self) -> str:
        return verification_path(self.serial, self.verification_code)
