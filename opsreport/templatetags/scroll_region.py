"""`{% scrollregion label %}…{% endscrollregion %}`: a wide table that scrolls sideways in its own box.

On a phone a table of thirteen months is wider than the screen; inside this box it scrolls on
its own and the page does not. The box is a labelled region that takes keyboard focus, so it
can be scrolled with the arrow keys (axe: scrollable-region-focusable), and carries a hint that
static/site/scroll-regions.js shows while there is more to see sideways. A table of months
(`latest_last`) opens scrolled to its end, on the latest months, the ones a reader came for.

The paper's PDF (context `mode` "pdf") gets the table alone: WeasyPrint has nothing to scroll.
"""

from django import template
from django.utils.html import format_html

register = template.Library()


class ScrollRegionNode(template.Node):
    def __init__(self, label, nodelist, latest_last):
        self.label = label
        self.nodelist = nodelist
        self.latest_last = latest_last

    def render(self, context):
        inner = self.nodelist.render(context)
        if context.get("mode") == "pdf":
            return inner
        return format_html(
            '<div class="scroll-wrap"><p class="scroll-hint" aria-hidden="true">Scroll sideways for more →</p>'
            '<div class="scroll-region" role="region" aria-label="{}" tabindex="0"{}>{}</div></div>',
            self.label.resolve(context),
            # The script opens it scrolled to its end, where the latest months are.
            format_html(' data-open-at="{}"', "end") if self.latest_last else "",
            inner,
        )


@register.tag
def scrollregion(parser, token):
    """`{% scrollregion label %}`, or `{% scrollregion label latest_last %}` for a table of months
    whose latest month is its last column: on a phone it opens on those."""
    bits = token.split_contents()
    if len(bits) not in (2, 3) or (len(bits) == 3 and bits[2] != "latest_last"):
        raise template.TemplateSyntaxError(
            "{% scrollregion label [latest_last] %} takes the region's name, and latest_last for a table "
            "of months that should open on its latest."
        )
    nodelist = parser.parse(("endscrollregion",))
    parser.delete_first_token()
    return ScrollRegionNode(parser.compile_filter(bits[1]), nodelist, len(bits) == 3)
