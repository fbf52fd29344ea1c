"""Catalogue types. Immutable: a catalogue version is switched in whole, never edited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from enum import StrEnum

from kiosk.forms.logic import Rule
from kiosk.i18n import Text


class FieldType(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    RESIDENT_ID = "resident_id"
    SOCIAL_CREDIT_CODE = "social_credit_code"
    MOBILE = "mobile"
    POSTAL_CODE = "postal_code"
    ADDRESS = "address"
    YES_NO = "yes_no"
    SIGNATURE = "signature"
    REPEAT = "repeat"  # rows of sub-fields: children, shareholders
    FILE = "file"  # a scanned document or photo; for now a placeholder for the hall's scanner


@dataclass(frozen=True)
class Option:
    value: str
    label: Text


@dataclass(frozen=True)
class Check:
    """A condition of an item (受理条件) the answers must meet, such as a minimum age.

    Its message is shown at ``field`` once that field has a valid value.
    """

    field: str
    rule: Rule
    message: Text


DOCUMENT_FACTS = ("name", "id_number", "sex", "ethnicity", "birth_date", "address")
"""The identity record's attributes a field can be pre-filled from, as ``document.<attribute>``, locked as verified.

Its other attributes (photo, issuer, validity …) describe the document, not the citizen's answers.
"""
DOCUMENT_PREFILLS = tuple(f"document.{fact}" for fact in DOCUMENT_FACTS)


@dataclass(frozen=True)
class FieldSpec:
    """One fact in the shared-field dictionary, asked once however many items need it."""

    key: str
    type: FieldType
    label: Text
    group: str
    plain_label: Text | None = None  # plainer words for the same question, which the elder mode (长辈版) shows
    required: Rule = True
    visible_if: Rule | None = None
    calculate: Rule | None = None
    options: tuple[Option, ...] = ()
    prefill: str | None = None  # e.g. "document.name"
    hint: Text | None = None
    past_only: bool = False  # dates: none in the future
    options_from: str | None = None  # choices from shared data at run time, e.g. "shared.household_members"
    fields: tuple[FieldSpec, ...] = ()  # a repeat group's sub-fields, keyed by their last part
    min_rows: int = 0
    max_rows: int = 20

    @property
    def name(self) -> str:
        """The last part of the key: a repeat group's sub-field is stored under this in each row."""
        return self.key.rsplit(".", 1)[-1]

    def worded(self, plain: bool) -> FieldSpec:
        """This field as shown: with ``plain``, labelled (its sub-fields too) in plainer words where it has them."""
        if not plain or (self.plain_label is None and not self.fields):
            return self
        subs = tuple(sub.worded(plain) for sub in self.fields)
        return replace(self, label=self.plain_label or self.label, fields=subs)


@dataclass(frozen=True)
class Group:
    key: str
    title: Text


class MaterialSource(StrEnum):
    CITIZEN = "citizen"  # the citizen brings it
    SHARED = "shared"  # fetched from shared data between departments
    E_LICENCE = "e_licence"  # an electronic licence is linked
    ON_SITE = "on_site"  # produced by the system here (forms, pledges)


@dataclass(frozen=True)
class Material:
    code: str
    name: Text
    source: MaterialSource
    paper: bool = True
    copies: int = 1
    when: Rule | None = None

    @property
    def must_bring(self) -> bool:
        return self.source is MaterialSource.CITIZEN


@dataclass(frozen=True)
class ServiceItem:
    code: str
    name: Text
    department: Text
    fields: tuple[str, ...]
    materials: tuple[Material, ...] = ()
    channels: frozenset[str] = frozenset({"kiosk"})
    legal_days: int = 20
    promised_days: int = 5
    fee: int = 0
    visit_required: bool = False
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    columns: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    checks: tuple[Check, ...] = ()
    certificate: str = ""  # the kind of certificate it issues (kiosk.documents.certificates); "" for a generic notice

    def in_force(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


@dataclass(frozen=True)
class PackageItem:
    item_code: str
    when: Rule | None = None


@dataclass(frozen=True)
class ScenarioPackage:
    """A "one thing" (一件事): the items of one life event, filled in as one form."""

    code: str
    name: Text
    audience: str  # individual / enterprise / project
    event: Text
    items: tuple[PackageItem, ...]
    columns: tuple[str, ...] = ()
    summary: Text | None = None
    keywords: tuple[str, ...] = ()
    fully_modelled: bool = False  # forms and materials complete, from the published guide
    plain_name: Text | None = None  # plainer words for its name, which the elder mode (长辈版) shows

    def named(self, plain: bool) -> Text:
        """Its name as shown: with ``plain``, in plainer words where it has them."""
        return self.plain_name if plain and self.plain_name is not None else self.name


@dataclass(frozen=True)
class Column:
    """A column of the provincial mini-program (特色专区, 电子证照, 热门服务, 民生服务) or a category in one."""

    key: str  # "popular.healthcare"
    name: Text
    children: tuple[Column, ...] = ()


CertificateFacts = dict[str, tuple[str, ...]]
"""The facts a kind of certificate states, each with the fields it is taken from: the first one answered."""


@dataclass(frozen=True)
class Catalogue:
    version: str
    groups: tuple[Group, ...]
    fields: dict[str, FieldSpec]
    items: dict[str, ServiceItem]
    packages: dict[str, ScenarioPackage]
    columns: tuple[Column, ...] = ()
    certificates: dict[str, CertificateFacts] = field(default_factory=dict)  # by certificate kind
    digest: str = field(default="", compare=False)  # sha256 of the bundle it was loaded from

    def package(self, code: str) -> ScenarioPackage:
        """A scenario package, or a standalone item (热门/民生 services) as a package of one."""
        package = self.packages.get(code)
        if package is not None:
            return package
        item = self.items[code]
        return ScenarioPackage(
            code=item.code,
            name=item.name,
            audience="individual",
            event=item.name,
            items=(PackageItem(item.code),),
            columns=item.columns,
            keywords=item.keywords,
        )

    def offers(self, code: str) -> bool:
        return code in self.packages or code in self.items
