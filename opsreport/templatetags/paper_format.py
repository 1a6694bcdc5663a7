"""Template filters that print numbers and dates as the paper does (opsreport/lib/formats.py)."""

from django import template

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
