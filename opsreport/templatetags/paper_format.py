"""Template filters that print numbers and dates as the paper does (opsreport/lib/formats.py)."""

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from opsreport.lib import formats
from opsreport.lib.months import month_label, short_label

register = template.Library()

register.filter("long_date", formats.long_date)
register.filter("short_date", formats.short_date)
register.filter("thousands", formats.thousands)
register.filter("days", formats.days)
register.filter("number_word", formats.number_word)
register.filter("figure", formats.figure)


@register.filter
def css_string(value):
    """A value safe inside a double-quoted CSS string (the running footer)."""
    return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ")


register.filter("month_short", short_label)  # 'Jun-18', as Table 3 heads its columns


@register.filter
def month_name(month):
    """'Jun', as Tables 5 and 6 head their columns under the year."""
    return month.strftime("%b")


register.filter("month_label", month_label)  # 'June 2018', as the paper names a month


@register.filter
def drawing(figures, data):
    """The drawn figure (from pdf.figures_for: data, src, alt) that shows `data`, a section's FigureData."""
    return next(figure for figure in figures if figure["data"].caption.number == data.caption.number)


# A label and its number or letter never part at a line's end ("provided in Appendix / A."):
# joined by a no-break space. A modification's reference ("SECMP0051") is kept whole too.
LABELS = re.compile(r"\b(Appendix|Version|Release|Table|Figure|Section) (?=[A-Z0-9])")
REFERENCE = re.compile(r"\bSECMP\d+\b")


@register.filter(needs_autoescape=True)
def keep_together(value, autoescape=True):
    """Text with its labels kept on one line: 'Appendix\u00a0A', 'Version\u00a05.19'."""
    text = str(conditional_escape(value) if autoescape else value)
    text = LABELS.sub(lambda m: m.group(1) + "\u00a0", text)
    return mark_safe(REFERENCE.sub(lambda m: f'<span class="ref">{m.group(0)}</span>', text))
