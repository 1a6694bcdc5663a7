"""`{% scrollregion label %}…{% endscrollregion %}`: a wide table that scrolls sideways in its own box.

On a phone a table of thirteen months is wider than the screen; inside this box it scrolls on
its own and the page does not. The box is a labelled region that takes keyboard focus, so it
can be scrolled with the arrow keys (axe: scrollable-region-focusable), and carries a hint that
static/site/scroll-regions.js shows while there is more to see sideways.

The paper's PDF (context `mode` "pdf") gets the table alone: WeasyPrint has nothing to scroll.
"""

from django import template
from django.utils.html import format_html

register = template.Library()


class ScrollRegionNode(template.Node):
    def __init__(self, label, nodelist):
        self.label = label
        self.nodelist = nodelist

    def render(self, context):
        inner = self.nodelist.render(context)
        if context.get("mode") == "pdf":
            return inner
        return format_html(
            '<div class="scroll-wrap"><p class="scroll-hint" aria-hidden="true">Scroll sideways for more →</p>'
            '<div class="scroll-region" role="region" aria-label="{}" tabindex="0">{}</div></div>',
            self.label.resolve(context),
            inner,
        )


@register.tag
def scrollregion(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% scrollregion label %} takes one argument: the region's name.")
    nodelist = parser.parse(("endscrollregion",))
    parser.delete_first_token()
    return ScrollRegionNode(parser.compile_filter(bits[1]), nodelist)
