"""A valid example value for any field: what a careful citizen would give.

The tour fills forms with these to render them, and the benchmarks and tests use them to
build complete applications for any package without knowing its fields. Each type's sample
is in its entry in kiosk.forms.field_types.
"""

from __future__ import annotations

from kiosk.catalogue.model import FieldSpec
from kiosk.forms.field_types import sample_value


def sample_answers(fields: tuple[FieldSpec, ...] | list[FieldSpec]) -> dict[str, object]:
    return {spec.key: sample_value(spec) for spec in fields if spec.calculate is None}
