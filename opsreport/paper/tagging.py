"""What WeasyPrint's PDF tagging leaves out and PDF/UA asks for, added as WeasyPrint draws the
pages and builds the structure tree (WeasyPrint is pinned below 71 in pyproject.toml for this;
tests/test_pdf_structure.py reads the tree and the content streams and fails if a release
changes what is wrapped here):

- a footnote (`<span class="fn">`, `float: footnote`) is a Note with an ID;
- its call is a Reference, and both the call's marked content and the Reference carry the
  ActualText " [note 4]": text extraction and screen readers read a reference to the note, not a
  digit run into the figure before it ("1 [note 11]", never "111"); inside the Reference, a
  Link whose annotation goes to the note at the foot of the page (the note's element has the
  id "note-4", templates/paper/_footnote.html), described "note 4";
- a header cell says which way it heads (Scope, from the cell's `scope`; WeasyPrint links cells
  to their headers but writes no Scope);
- the running header and footer (the page's margin boxes) are pagination artifacts: WeasyPrint
  tags their text and hangs it under elements that nothing in the tree reaches, which PDF/UA
  forbids (every marked content item belongs to the tree, or is an artifact).
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

NOTE_CLASS = "fn"
CALL_SUFFIX = "::footnote-call"
SCOPES = {"row": "/Row", "rowgroup": "/Row", "col": "/Column", "colgroup": "/Column"}


def note_reference(number: str) -> str:
    """What a footnote call reads as: its own word, set apart from the figure it follows."""
    return f" [note {number}]"


def note_anchor(number: str) -> str:
    """The id of a footnote's element, which a call's link goes to."""
    return f"note-{number}"


def _call_number(box: Any) -> str | None:
    """The note number of a footnote call's box (or of the text inside it), else None."""
    tag = getattr(box, "element_tag", None) or ""
    element = getattr(box, "element", None)
    if not tag.endswith(CALL_SUFFIX) or element is None:
        return None
    if NOTE_CLASS not in (element.get("class") or "").split():
        return None
    return element.get("data-n") or None


def _margin_artifact(box: Any) -> dict[str, str]:
    """The artifact's properties for a margin box: pagination, header or footer by its edge."""
    keyword = getattr(box, "at_keyword", "") or ""
    subtype = {"@top": "/Header", "@bottom": "/Footer"}.get(keyword.split("-")[0])
    return {"Type": "/Pagination", **({"Subtype": subtype} if subtype else {})}


@lru_cache(maxsize=1)
def extend_weasyprint_tagging() -> bool:
    """Wrap (once) the four WeasyPrint functions that link and tag a PDF:

    - weasyprint.document.gather_anchors, called once a page: each footnote call's box is
      given a link to its note before the page's links are gathered;
    - weasyprint.pdf.tags._build_box_tree, which recurses through its module's global, so every
      box passes the wrapper: Note, Reference and Scope set; margin boxes left out of the tree;
    - weasyprint.draw.draw_stacking_context (margin boxes are stacking contexts of their page,
      drawn through the module's global): a margin box is drawn inside an Artifact sequence,
      with the stream's tagging off, so none of its text is given an MCID;
    - weasyprint.pdf.stream.Stream.marked: a footnote call's text inside a Span that carries
      its ActualText.
    """
    from weasyprint import document, draw
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf import stream, tags

    document.gather_anchors = _wrap_gather_anchors(document.gather_anchors, boxes.InlineBox)
    tags._build_box_tree = _wrap_build_box_tree(tags._build_box_tree, boxes.MarginBox)
    draw.draw_stacking_context = _wrap_draw_stacking_context(draw.draw_stacking_context, boxes.MarginBox)
    stream.Stream.marked = _wrap_marked(stream.Stream.marked)
    return True


def _wrap_gather_anchors(original: Callable[..., None], inline_box: type[Any]) -> Callable[..., None]:
    def gather_anchors(page_box: Any, *args: Any, **kwargs: Any) -> None:
        for box in page_box.descendants():
            number = _call_number(box)
            if number is not None and isinstance(box, inline_box) and box.link is None:
                box.link = ("url", ("internal", note_anchor(number)))
        original(page_box, *args, **kwargs)

    return gather_anchors


def _link_inside(reference: Any, pdf: Any, annotations: list[tuple[Any, Any]], number: str) -> None:
    """Move a call's content and its link annotation from the Reference into a Link inside it,
    as PDF/UA wants a link annotation's parent to be a Link."""
    import pydyf

    link = pydyf.Dictionary(
        {"Type": "/StructElem", "S": "/Link", "K": reference["K"], "Pg": reference["Pg"], "P": reference.reference}
    )
    pdf.add_object(link)
    reference["K"] = pydyf.Array([link.reference])
    for kid in link["K"]:  # references, b"12 0 R"; pydyf numbers its objects by their index
        kid_object = pdf.objects[int(kid.split()[0])] if isinstance(kid, bytes) else None
        if isinstance(kid_object, dict) and kid_object.get("Type") == "/StructElem":
            kid_object["P"] = link.reference
    for index, (parent, annotation) in enumerate(annotations):
        if parent == reference.reference:
            annotation["Contents"] = pydyf.String(f"note {number}")
            annotations[index] = (link.reference, annotation)


def _wrap_build_box_tree(original: Callable[..., Iterator[Any]], margin_box: type[Any]) -> Callable[..., Iterator[Any]]:
    import pydyf

    def build_box_tree(box: Any, parent: Any, pdf: Any, page_number: int, *args: Any) -> Iterator[Any]:
        if isinstance(box, margin_box):
            return  # drawn as an artifact: nothing of it is in the tree
        for element in original(box, parent, pdf, page_number, *args):
            html = getattr(getattr(box, "_box", box), "element", None)
            number = _call_number(getattr(box, "_box", box))
            if number is not None:
                element["S"] = "/Reference"
                element["ActualText"] = pydyf.String(note_reference(number))
                if getattr(box, "link_annotation", None) is not None:
                    _link_inside(element, pdf, args[1], number)
            elif html is not None and element["S"] == "/Span" and NOTE_CLASS in (html.get("class") or "").split():
                element["S"] = "/Note"
                # Unique (a note split over two pages is two elements) and the same every render.
                element["ID"] = pydyf.String(f"note-{html.get('data-n', '')}-page-{page_number + 1}")
            elif html is not None and element["S"] == "/TH":
                element["A"]["Scope"] = SCOPES.get(html.get("scope", ""), "/Column")
            yield element

    return build_box_tree


def _wrap_draw_stacking_context(
    original: Callable[[Any, Any], None], margin_box: type[Any]
) -> Callable[[Any, Any], None]:
    import pydyf

    def draw_stacking_context(stream: Any, stacking_context: Any) -> None:
        box = stacking_context.box
        if not isinstance(box, margin_box) or stream._tags is None:
            original(stream, stacking_context)
            return
        tags, stream._tags = stream._tags, None
        stream.begin_marked_content("Artifact", pydyf.Dictionary(_margin_artifact(box)))
        try:
            original(stream, stacking_context)
        finally:
            stream.end_marked_content()
            stream._tags = tags

    return draw_stacking_context


def _wrap_marked(original: Callable[..., Any]) -> Callable[..., Any]:
    import pydyf

    @contextmanager
    def marked(self: Any, box: Any, tag: str) -> Iterator[None]:
        number = _call_number(box) if self._tags is not None else None
        if number is None:
            with original(self, box, tag):
                yield
            return
        self.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(note_reference(number))}))
        try:
            with original(self, box, tag):
                yield
        finally:
            self.end_marked_content()

    return marked
