"""The paper's sections, one module and one template partial each, in print order.

Each module has a dataclass for its plain data, `build(paper, context)` that assembles it from
its app's report functions (numbering its tables, figures and footnotes through the paper's one
Numbering), `findings(data)` stating what a reviewer should check, on typed fields, and
TEMPLATE, its partial under templates/paper/sections/. A section with subsections (market:
1.1 to 1.4) lists their modules in SUBSECTIONS and keeps their data in `subsections`.

Where a figure is printed: Table 3 and Figure 1 by membership.py with
templates/paper/sections/membership.html, and so on down this list.
"""

from opsreport.paper.sections import effort, front, helpdesk, highlights, market, meetings, website

FRONT = front
SECTIONS = [market, highlights, effort, helpdesk, website, meetings]


def walk(section_modules, sections):
    """(module, data) for each section and, after it, its subsections: the paper's print order."""
    for module, data in zip(section_modules, sections, strict=True):
        yield module, data
        yield from walk(getattr(module, "SUBSECTIONS", ()), getattr(data, "subsections", ()))


def modules(sections=SECTIONS):
    """Every body section's module and, after it, its subsections' modules: the print order."""
    for module in sections:
        yield module
        yield from modules(getattr(module, "SUBSECTIONS", ()))


def templates():
    """Every section's partial, for the PDF cache's design hash."""
    return [FRONT.TEMPLATE] + [module.TEMPLATE for module in modules()]
