"""Whether a statement follows the xAPI 1.0.3 specification, by a model of the specification.

Owns the conformance check of the statements the hub receives. The model is Ralph's
(``ralph-malph``, ``ralph.models.xapi.base.statements.BaseXapiStatement``): pydantic
classes written from the specification and maintained with the Ralph LRS — the
LRS this hub forwards to in the field — so a statement the hub accepts is one such an
LRS accepts too. It checks what the specification requires (an Agent or a Group as
actor, IRIs after RFC 3987, language tags after RFC 5646, UUIDs, ISO 8601 timestamps and
durations, ``min ≤ raw ≤ max``, no empty values outside extensions, only the
specification's fields…). The project's own, stricter privacy rule is
:mod:`kiosk.sync.xapi_profile`; both run on every statement.

pydantic reports every branch of a union it tried ("not an Agent with mbox, not an Agent
with openid…"); :func:`spec_problems` keeps the branch that came closest and says each
problem as ``path: reason``.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from typing import Any


@functools.cache
def _model() -> Any:
    # ~1 s to import (Ralph builds all its statement models): paid at the first statement.
    from ralph.models.xapi.base.statements import BaseXapiStatement

    return BaseXapiStatement


def _is_branch(part: Any) -> bool:
    """A union branch's tag in a pydantic error location, not a field name."""
    return isinstance(part, str) and (part.startswith("BaseXapi") or "[" in part or part in (
        "str", "int", "float", "bool", "list", "dict", "decimal", "function-after", "function-before"))


def _closest(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """At each union, only the errors of the branch with the fewest of them."""
    for depth in range(max((len(e["loc"]) for e in errors), default=0)):
        Branches = dict[Any, list[dict[str, Any]]]
        groups: dict[tuple[Any, ...], Branches] = defaultdict(lambda: defaultdict(list))
        for error in errors:
            loc = error["loc"]
            if len(loc) > depth and _is_branch(loc[depth]):
                groups[tuple(loc[:depth])][loc[depth]].append(error)
        for branches in groups.values():
            if len(branches) > 1:
                best = min(branches.values(), key=len)
                drop = {id(e) for errs in branches.values() if errs is not best for e in errs}
                errors = [e for e in errors if id(e) not in drop]
    return errors


def spec_problems(statement: Any, *, path: str = "statement") -> list[str]:
    """What in ``statement`` breaks xAPI 1.0.3, as ``path: reason``; empty when it conforms."""
    from pydantic import ValidationError

    try:
        _model().model_validate(statement)
    except ValidationError as error:
        out: list[str] = []
        for problem in _closest([dict(e) for e in error.errors(include_url=False, include_input=False)]):
            where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}"
                            for p in problem["loc"] if not _is_branch(p))
            text = f"{path}{where}: {problem['msg']} (xAPI 1.0.3)"
            if text not in out:
                out.append(text)
        return out
    except (ValueError, TypeError, RecursionError) as error:  # a validator that raised plainly
        return [f"{path}: does not follow xAPI 1.0.3 ({str(error)[:120]})"]
    return []
