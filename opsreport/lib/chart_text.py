"""Text for plotly figures, on screen and in the PDF.

plotly draws every label, legend entry and hover text as a little HTML of its own: `<a href>`
becomes a live link, `<b>` bold, `<br>` a new line. A name an editor typed (a helpdesk
category, an effort driver) must show as typed, so it is escaped before it reaches a figure;
plotly turns `&lt;` back into `<` as text. Text we write ourselves (a `<br>` between a month
and its year) is added after the escaping.
"""

import html
from collections.abc import Iterable


def plain(text: object) -> str:
    """`text` as plotly shows it literally: `<a href="...">Click</a>` stays those characters."""
    return html.escape(str(text), quote=False)


def plain_all(texts: Iterable[object]) -> list[str]:
    return [plain(text) for text in texts]


def as_typed(text: object) -> str:
    """The name again from a figure's escaped text, for a table Django escapes itself."""
    return html.unescape(str(text))
