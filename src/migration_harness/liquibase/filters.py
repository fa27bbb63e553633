"""Which changesets a run picks: Liquibase's context, label and dbms filters."""

from __future__ import annotations

import re

from ..errors import HarnessError

_TOKEN = re.compile(r"\s*(\(|\)|,|!|[^\s(),!]+)")


def _tokens(expression: str) -> list[str]:
    return [m.group(1) for m in _TOKEN.finditer(expression) if m.group(1).strip()]


def expression_matches(expression: str | None, names: set[str]) -> bool:
    """Evaluate a context/label expression (``a, b``, ``a and !b``, ``(a or b) and c``) over ``names``."""
    if expression is None or not expression.strip():
        return True
    lowered = {n.lower() for n in names}
    tokens = _tokens(expression)
    pos = 0

    def peek() -> str | None:
        return tokens[pos].lower() if pos < len(tokens) else None

    def take() -> str:
        nonlocal pos
        pos += 1
        return tokens[pos - 1]

    def or_expr() -> bool:
        value = and_expr()
        while peek() in (",", "or"):
            take()
            value = and_expr() or value
        return value

    def and_expr() -> bool:
        value = not_expr()
        while peek() == "and":
            take()
            value = not_expr() and value
        return value

    def not_expr() -> bool:
        token = peek()
        if token is None:
            raise HarnessError(f"incomplete context/label expression {expression!r}")
        if token in ("!", "not"):
            take()
            return not not_expr()
        if token == "(":
            take()
            value = or_expr()
            if peek() == ")":
                take()
            return value
        return take().lower() in lowered

    result = or_expr()
    return result


def split_names(value: str | None) -> set[str]:
    return {v.strip() for v in re.split(r"[,\s]+", value or "") if v.strip()}


def contexts_match(changeset_contexts: str | None, run_contexts: str | None) -> bool:
    """No run contexts: everything runs. Otherwise the changeset's expression must hold for them."""
    if run_contexts is None or not run_contexts.strip():
        return True
    return expression_matches(changeset_contexts, split_names(run_contexts))


def labels_match(changeset_labels: str | None, run_labels: str | None) -> bool:
    """No run label expression, or an unlabeled changeset: it runs. Else the expression must hold."""
    if run_labels is None or not run_labels.strip() or not split_names(changeset_labels):
        return True
    return expression_matches(run_labels, split_names(changeset_labels))
