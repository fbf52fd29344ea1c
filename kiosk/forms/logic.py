"""A safe subset of JSON Logic for visibility, requirement and calculation rules.

Rules are plain JSON, checked when the catalogue loads and evaluated by walking the
tree: nothing is ever passed to ``eval``. ``{"var": "child.birth_date"}`` reads an
answer; a missing answer reads as None.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Mapping
from typing import Any

from kiosk.identity import id_birth_date

Rule = Any  # JSON: dict, list, str, number, bool or None


class RuleError(ValueError):
    """A rule that uses an unknown operator or the wrong number of arguments."""


def _truthy(value: object) -> bool:
    if isinstance(value, list | tuple | str | dict):
        return len(value) > 0
    return bool(value)


def _compare(op: Callable[[Any, Any], bool]) -> Callable[[list[Any]], bool]:
    def run(args: list[Any]) -> bool:
        if any(a is None for a in args):
            return False
        try:
            return all(op(a, b) for a, b in itertools.pairwise(args))
        except TypeError:
            return False

    return run


def _years_since(args: list[Any], today: dt.date | None = None) -> int | None:
    """Whole years from an ISO date to the second argument (an ISO date, default ``today``)."""
    try:
        start = dt.date.fromisoformat(str(args[0]))
        end = dt.date.fromisoformat(str(args[1])) if len(args) > 1 and args[1] else today or dt.date.today()
    except ValueError:
        return None
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def _age_from_id(args: list[Any], today: dt.date | None = None) -> int | None:
    """Whole years since the birth date a resident ID number carries (None if it carries none)."""
    number = str(args[0] or "")
    if len(number) != 18 or not number[:17].isascii() or not number[:17].isdigit():
        return None
    birth = id_birth_date(number)
    return None if birth is None else _years_since([birth.isoformat(), *args[1:]], today)


def _sum(args: list[Any]) -> float | None:
    """Numbers add up; anything that is not a number makes the sum unknown (None)."""
    try:
        return sum(float(x or 0) for x in args)
    except (TypeError, ValueError, OverflowError):
        return None


def _difference(args: list[Any]) -> float | None:
    try:
        return float(args[0] or 0) - float(args[1] or 0)
    except (TypeError, ValueError, OverflowError):
        return None


def _contains(args: list[Any]) -> bool:
    try:
        return args[1] is not None and args[0] in args[1]
    except TypeError:  # e.g. a list "in" a string, or anything "in" a number
        return False


_OPERATORS: dict[str, tuple[int, int, Callable[[list[Any]], Any]]] = {
    # name: (min args, max args, function of evaluated args)
    "==": (2, 2, lambda a: a[0] == a[1]),
    "!=": (2, 2, lambda a: a[0] != a[1]),
    "<": (2, 3, _compare(lambda x, y: x < y)),
    "<=": (2, 3, _compare(lambda x, y: x <= y)),
    ">": (2, 2, _compare(lambda x, y: x > y)),
    ">=": (2, 2, _compare(lambda x, y: x >= y)),
    "!": (1, 1, lambda a: not _truthy(a[0])),
    "!!": (1, 1, lambda a: _truthy(a[0])),
    "in": (2, 2, _contains),
    "+": (1, 99, _sum),
    "-": (2, 2, _difference),
    "cat": (1, 99, lambda a: "".join("" if x is None else str(x) for x in a)),
    "years_since": (1, 2, _years_since),
    "age_from_id": (1, 2, _age_from_id),
}
OPERATORS = ("var", "and", "or", "if", *_OPERATORS)  # every operator; the first four evaluate lazily


def check(rule: Rule, known_vars: Callable[[str], bool] | None = None) -> None:
    """Raise RuleError if the rule is malformed or (given ``known_vars``) reads an unknown key."""
    if isinstance(rule, list):
        for part in rule:
            check(part, known_vars)
        return
    if not isinstance(rule, dict):
        return
    if len(rule) != 1:
        raise RuleError(f"a rule has exactly one operator, got {sorted(rule)}")
    op, args = next(iter(rule.items()))
    if op == "var":
        if not isinstance(args, str):
            raise RuleError("'var' takes a field key")
        if known_vars is not None and not known_vars(args):
            raise RuleError(f"'var' reads unknown field {args!r}")
        return
    if op not in OPERATORS:
        raise RuleError(f"unknown operator {op!r} (known: {', '.join(OPERATORS)})")
    items = args if isinstance(args, list) else [args]
    if op in _OPERATORS:
        low, high, _ = _OPERATORS[op]
        if not low <= len(items) <= high:
            raise RuleError(f"{op!r} takes {low} to {high} arguments, got {len(items)}")
    elif op == "if" and len(items) < 3:
        raise RuleError("'if' takes a condition, a then-value and an else-value")
    for part in items:
        check(part, known_vars)


def evaluate(rule: Rule, data: Mapping[str, object], today: dt.date | None = None) -> Any:
    """Evaluate a checked rule against the answers; ``years_since`` counts to ``today`` by default."""
    if isinstance(rule, list):
        return [evaluate(part, data, today) for part in rule]
    if not isinstance(rule, dict):
        return rule
    op, args = next(iter(rule.items()))
    if op == "var":
        return data.get(args)
    items = args if isinstance(args, list) else [args]
    if op == "and":
        result: Any = True
        for part in items:
            result = evaluate(part, data, today)
            if not _truthy(result):
                return result
        return result
    if op == "or":
        result = False
        for part in items:
            result = evaluate(part, data, today)
            if _truthy(result):
                return result
        return result
    if op == "if":
        for i in range(0, len(items) - 1, 2):
            if _truthy(evaluate(items[i], data, today)):
                return evaluate(items[i + 1], data, today)
        return evaluate(items[-1], data, today) if len(items) % 2 else None
    values = [evaluate(part, data, today) for part in items]
    if op == "years_since":
        return _years_since(values, today)
    if op == "age_from_id":
        return _age_from_id(values, today)
    return _OPERATORS[op][2](values)


def holds(rule: Rule | None, data: Mapping[str, object], today: dt.date | None = None) -> bool:
    """A condition; no rule means always."""
    return True if rule is None else _truthy(evaluate(rule, data, today))


def variables(rule: Rule) -> set[str]:
    """The answer keys a rule reads."""
    if isinstance(rule, list):
        return set().union(*(variables(p) for p in rule)) if rule else set()
    if not isinstance(rule, dict):
        return set()
    op, args = next(iter(rule.items()))
    if op == "var":
        return {args}
    return variables(args if isinstance(args, list) else [args])
