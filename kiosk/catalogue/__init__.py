"""The service catalogue: items, scenario packages and the shared-field dictionary."""

from kiosk.catalogue.load import CatalogueError, load_catalogue, parse_catalogue
from kiosk.catalogue.model import (
    Catalogue,
    FieldSpec,
    FieldType,
    Material,
    MaterialSource,
    PackageItem,
    ScenarioPackage,
    ServiceItem,
)

__all__ = [
    "Catalogue",
    "CatalogueError",
    "FieldSpec",
    "FieldType",
    "Material",
    "MaterialSource",
    "PackageItem",
    "ScenarioPackage",
    "ServiceItem",
    "load_catalogue",
    "parse_catalogue",
]
