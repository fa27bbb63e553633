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

    def atom(word: str, negated: bool) -> bool:
        # ExpressionMatcher: "@x" requires the items to hold x, so it fails on none; any other name holds
        # on no items, negated or not; else a case-insensitive comparison
        required = word.startswith("@")
        if not required and not lowered:
            return True
        name = word[1:].strip().lower() if required else word.lower()
        return (name in lowered) != negated

    def not_expr() -> bool:
        token = peek()
        if token is None:
            raise HarnessError(f"incomplete context/label expression {expression!r}")
        if token == "@" and pos + 1 < len(tokens) and tokens[pos + 1].lower() in ("!", "not"):
            take()  # "@!x" and "@not x" are read as "!x"
            token = peek()
        if token in ("!", "not"):
            take()
            following = peek()
            if following is not None and following not in ("(", "!", "not", ")", ",", "and", "or"):
                return atom(take(), True)
            value = not_expr()
            return True if not lowered else not value
        if token == "(":
            take()
            value = or_expr()
            if peek() == ")":
                take()
            return value
        return atom(take(), False)

    result = or_expr()
    return result


def split_names(value: str | None) -> set[str]:
    return {v.strip() for v in re.split(r"[,\s]+", value or "") if v.strip()}


def contexts_match(changeset_contexts: str | None, run_contexts: str | None) -> bool:
    """No run contexts: everything runs. Otherwise the changeset's expression must hold for them."""
    if run_contexts is None or not run_contexts.strip():
        return True
    return expression_matches(changeset_contexts, split_names(run_contexts))


def label_list(value: str | None) -> list[str]:
    """A changeset's labels as Liquibase's ``Labels`` holds them: split on commas only (``l1 and !l3`` is
    one label, not an expression), trimmed, lower-cased, in order."""
    out: list[str] = []
    for item in (value or "").split(","):
        label = item.strip().lower()
        if label and label not in out:
            out.append(label)
    return out


def labels_match(changeset_labels: str | None, run_labels: str | None) -> bool:
    """No run label expression, or an unlabeled changeset: it runs. Else the expression must hold."""
    labels = label_list(changeset_labels)
    if run_labels is None or not run_labels.strip() or (not labels and "@" not in run_labels):
        return True  # an unlabeled changeset runs, unless the filter names a label with "@" (required)
    return expression_matches(run_labels, set(labels))


def selected(
    contexts: str | None,
    labels: str | None,
    inherited_contexts: list[str],
    inherited_labels: list[str],
    run_contexts: str | None,
    run_labels: str | None,
) -> bool:
    """Liquibase's context and label filters: the changeset's own and each enclosing include's must
    match on their own (an include's ``labels="a"`` and a changeset's ``labels="b"`` never run under ``a``)."""
    return all(contexts_match(c, run_contexts) for c in [*inherited_contexts, contexts]) and all(
        labels_match(la, run_labels) for la in [*inherited_labels, labels]
    )
