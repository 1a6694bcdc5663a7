"""The paper's parts, listed once, in print order.

Each module here is one part of the paper: a dataclass for its plain data, `build(paper,
context)` assembling it from its app's report functions (numbering its tables, figures and
footnotes through the paper's one Numbering), `findings(data)` stating what a reviewer should
check, its partial under templates/paper/sections/, and at its end its PART
(opsreport/paper/part.py), which declares all of that and what else the application needs to
know: the records it prints, its month-page summary and screens, its data-entry group, its
workbook sheets and its dashboard charts. A part with subparts (market: 1.1 to 1.4) lists
them in its declaration.

Where a figure is printed: Table 3 and Figure 1 by membership.py with
templates/paper/sections/membership.html, and so on down this list. Everything else loops
over `parts()`; nothing names a part a second time.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from opsreport.paper.part import Part
from opsreport.paper.sections import effort, front, helpdesk, highlights, market, meetings, website

FRONT: Part = front.PART
# The body of the paper, in print order: each is numbered by its place here.
BODY: list[Part] = [market.PART, highlights.PART, effort.PART, helpdesk.PART, website.PART, meetings.PART]


def _numbered(part: Part, number: str, top: bool) -> Part:
    children = [_numbered(sub, f"{number}.{i}", False) for i, sub in enumerate(part.subparts, start=1)]
    return dataclasses.replace(part, number=f"{number}." if top else number, subparts=children)


@functools.cache
def parts() -> tuple[Part, ...]:
    """The body's parts in print order, numbered by their place: 1. to 6., subparts 1.1 to 1.4."""
    return tuple(_numbered(part, str(i), True) for i, part in enumerate(BODY, start=1))


def walk(top: tuple[Part, ...] | None = None) -> Iterator[Part]:
    """Every body part and, after each, its subparts: the print order."""
    for part in parts() if top is None else top:
        yield part
        yield from walk(tuple(part.subparts))


def every_part() -> list[Part]:
    """The front page, then every body part and subpart, in print order."""
    return [FRONT, *walk()]


def find(key: str) -> Part:
    """The part (numbered) with this key."""
    for part in every_part():
        if part.key == key:
            return part
    raise LookupError(f"No part of the paper is called {key!r}.")


def templates() -> list[Any]:
    """Every part's partial, for the PDF cache's design hash."""
    return [part.template for part in every_part()]


@contextmanager
def added(part: Part, after: str | None = None) -> Iterator[Part]:
    """The paper with one more part, placed after the body part `after` (or last): for a part
    declared outside this list, as tests/test_declared_part.py does."""
    position = len(BODY) if after is None else [p.key for p in BODY].index(after) + 1
    BODY.insert(position, part)
    _changed()
    try:
        yield find(part.key)
    finally:
        BODY.remove(part)
        _changed()


def _changed() -> None:
    """Forget what was worked out from the list (the numbering, printed.py's rules)."""
    parts.cache_clear()
    from opsreport.paper import printed

    printed.rules.cache_clear()
