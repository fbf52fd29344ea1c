"""What the combined form saves a citizen, package by package: `kiosk catalog stats`.

Definitions (every item of the package counts, whatever its condition):
- fields_separate: the questions of each item's own form, added up (applying item by item);
- fields_combined: the distinct questions of the combined form, less those the identity
  document fills in and those that are calculated;
- materials_separate: each item's materials, added up (what item-by-item applications ask for);
- materials_combined: the distinct materials still to bring: citizen-supplied and always needed.
  Those needed only under a condition are counted apart, in materials_conditional.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from kiosk.catalogue.model import DOCUMENT_PREFILLS, Catalogue, FieldSpec, ScenarioPackage


@dataclass(frozen=True)
class PackageStats:
    code: str
    name: str
    fully_modelled: bool
    items: int
    fields_separate: int
    fields_combined: int
    materials_separate: int
    materials_combined: int
    materials_conditional: int

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _asked(spec: FieldSpec) -> bool:
    """Whether the combined form asks the citizen this: not filled from the card, not calculated."""
    return spec.calculate is None and spec.prefill not in DOCUMENT_PREFILLS


def package_stats(catalogue: Catalogue, package: ScenarioPackage) -> PackageStats:
    items = [catalogue.items[pi.item_code] for pi in package.items]
    keys = {key for item in items for key in item.fields}
    materials = {m.code: m for item in items for m in item.materials}
    return PackageStats(
        code=package.code,
        name=package.name.zh,
        fully_modelled=package.fully_modelled,
        items=len(items),
        fields_separate=sum(len(item.fields) for item in items),
        fields_combined=sum(1 for key in keys if _asked(catalogue.fields[key])),
        materials_separate=sum(len(item.materials) for item in items),
        materials_combined=sum(1 for m in materials.values() if m.must_bring and m.when is None),
        materials_conditional=sum(1 for m in materials.values() if m.must_bring and m.when is not None),
    )


def catalogue_stats(catalogue: Catalogue) -> list[PackageStats]:
    return [package_stats(catalogue, p) for p in catalogue.packages.values()]
