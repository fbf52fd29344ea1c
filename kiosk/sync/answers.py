"""The platform's answers checked against the wire models: an answer unlike them is no answer, logged with
the fields at fault and never their values (a value may be personal, a field's path is not)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError

    Model = TypeVar("Model", bound=BaseModel)

log = logging.getLogger("kiosk.sync")


def valid(model: type[Model], data: object, what: str) -> Model | None:
    """``data`` as ``model``, or None (logged with the fields at fault, not their values)."""
    from pydantic import ValidationError

    if data is None:
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        log.warning("%s not understood: %s", what, faults(exc))
        return None


def faults(exc: ValidationError) -> str:
    """Where a validation failed, as field paths and error types."""
    found = [".".join(str(part) for part in e["loc"]) + f" ({e['type']})" for e in exc.errors(include_input=False)]
    return ", ".join(found[:5]) + (f" and {len(found) - 5} more" if len(found) > 5 else "")
