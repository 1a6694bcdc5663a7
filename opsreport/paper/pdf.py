"""The paper as HTML and as PDF, both from one assembly and one template (with its sections' partials).

`paper_pdf(paper)` returns the PDF bytes (commands, tests, the bench, publication);
`pdf_response(paper)` wraps them for a view.

The PDF cache has two keys. The content key is the assembled paper's fingerprint (SHA-256 of
everything the paper prints) with the design (templates, stylesheet), whether figures are
drawn or tabulated and its draft mark (marks.py): it cannot miss a change, and a change that alters nothing printed keeps
the PDF. The revision key (the paper, its status and the data revision, opsreport/revision.py) points at
the content key: while no data has been written since, a request finds its PDF without
assembling the paper at all. Entries live in the shared cache, culled when it is full
(settings.CACHES). A PDF in which a figure fell back to its table although charts are on (the
browser failed once) is not cached, and is never published.
"""

import base64
import binascii
import hashlib
import logging
import mimetypes
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpResponse
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils.http import content_disposition_header

from opsreport import revision
from opsreport.lib.months import month_key
from opsreport.paper import charts, marks, screen_charts, sections, tagging
from opsreport.paper.assembly import assemble

logger = logging.getLogger(__name__)

# The HTML is given to WeasyPrint with this base URL, so "/static/paper/paper.css" becomes
# INTERNAL_ORIGIN + "/static/paper/paper.css". ".invalid" never resolves (RFC 2606); the
# fetcher maps such URLs to files on disk and nothing ever goes to the network.
INTERNAL_ORIGIN = "https://opsreport.invalid"
RENDER_VERSION = "1"
CACHE_PREFIX = "paper-pdf"
TEMPLATE = "paper/paper.html"
APPENDIX_TEMPLATE = "paper/appendix.html"


class StaticOnlyFetcher:
    """A WeasyPrint URL fetcher that serves our own static files and data: URIs, nothing else.

    file:, http:, https: (other than our static files under INTERNAL_ORIGIN), ftp: and any
    other scheme are refused; no request is ever made, so there are no redirects to follow.
    Refused URLs are kept in `refused` (and logged) so tests can see them.
    """

    def __new__(cls, *args, **kwargs):
        # Built lazily as a subclass of WeasyPrint's URLFetcher, whose private attributes
        # WeasyPrint reads; importing WeasyPrint is slow, so only the PDF path pays for it.
        from weasyprint.urls import URLFetcher

        klass = _fetcher_class(URLFetcher)
        return klass(*args, **kwargs)


@lru_cache(maxsize=1)
def _fetcher_class(base):
    from weasyprint.urls import URLFetcherResponse

    class _StaticOnlyFetcher(base):
        def __init__(self):
            super().__init__(allowed_protocols=("data", "https"), allow_redirects=False, fail_on_errors=False)
            self.refused = []

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return URLFetcherResponse(url, *_decode_data_uri(url))
            path = _static_path(url)
            if path is None:
                self.refused.append(url)
                logger.warning("Refused to fetch %s while rendering a paper.", url[:200])
                raise ValueError(f"Only our own static files and data: URIs may be fetched, not {url[:200]}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    return _StaticOnlyFetcher


def _decode_data_uri(url):
    header, _, payload = url[5:].partition(",")
    parts = header.split(";")
    content_type = parts[0] or "text/plain"
    try:
        body = base64.b64decode(payload, validate=False) if "base64" in parts[1:] else unquote(payload).encode()
    except binascii.Error as exc:
        raise ValueError("Malformed data: URI") from exc
    return body, {"Content-Type": content_type}


def _static_path(url):
    """The file on disk for one of our static URLs, or None."""
    parts = urlsplit(url)
    origin = urlsplit(INTERNAL_ORIGIN)
    if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc) or parts.username or parts.password:
        return None
    path = unquote(parts.path)
    if not path.startswith(settings.STATIC_URL) or "\\" in path or "\x00" in path:
        return None
    relative = path[len(settings.STATIC_URL) :]
    if any(piece in ("", ".", "..") for piece in relative.split("/")):
        return None
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation:
        return None
    if not found and settings.STATIC_ROOT:
        candidate = Path(settings.STATIC_ROOT, relative)
        found = str(candidate) if candidate.is_file() else None
    return Path(found) if found else None


def figures_for(assembled, mode):
    """Each figure with its image source (or None, for the data-table fallback) and alt text.

    For the PDF the image is the SVG as a data: URI; on screen it is the figure's own URL, so
    the page itself never waits for the browser that draws charts.
    """
    result = []
    for data in assembled.figures:
        alt = f"{data.caption}: " + "; ".join(
            f"{name} " + ", ".join(f"{label} {value}" for label, value in zip(data.labels, values))
            for name, values in data.series
        )
        if mode == "screen":  # the live page for reviewers; "pdf" and "published" embed the SVG
            src = (
                reverse("paper-figure", args=[assembled.month, data.caption.number])
                if charts.charts_enabled()
                else None
            )
        else:
            svg = charts.render_svg(charts.figure_for(data))
            src = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode() if svg else None
        figure = {"data": data, "src": src, "alt": alt}
        if mode != "pdf":  # the screen draws it live at its own width (screen_charts.py)
            figure["plotly"] = screen_charts.screen_figure(data)
            figure["plotly_id"] = f"figure-{data.caption.number}-data"
        result.append(figure)
    return result


def render_appendix_html(assembled_appendix, mode="pdf", request=None, mark=None, **context):
    """An appendix as its own document, with its own classification on every page, and its
    paper's draft mark (opsreport/paper/marks.py), if any."""
    return render_to_string(
        APPENDIX_TEMPLATE, {"doc": assembled_appendix, "mode": mode, "draft_mark": mark, **context}, request=request
    )


def appendix_pdf(assembled_appendix, mark):
    """The appendix's PDF bytes, with `mark` (None for the appendix as published). Small and
    rarely asked for, so not cached."""
    return html_to_pdf(render_appendix_html(assembled_appendix, mode="pdf", mark=mark))


def render_html(assembled, mode="pdf", request=None, figures=None, mark=None, **context):
    """The paper's HTML; `mark` (marks.py) says it is not a published issue."""
    figures = figures_for(assembled, mode) if figures is None else figures
    return render_to_string(
        TEMPLATE,
        {"doc": assembled, "mode": mode, "figures": figures, "draft_mark": mark, **context},
        request=request,
    )


class ChartsFailed(Exception):
    """Charts are on but a figure could not be drawn, so the PDF shows it as a table."""


# A group of table rows that continues a labelled group (the meeting table's categories) may
# carry the label again, hidden: `<tbody id="X">` with `<tr data-continued="X" hidden>`. Where a
# page starts with such a group, the label is shown there ("SEC Governance Meetings
# (continued)"): the layout says where the pages break, so the page is laid out again with it.
HIDDEN_LABEL = re.compile(r'(<tr\b[^>]*\bdata-continued="([^"]+)"[^>]*?)\s+hidden>')
MAX_LAYOUTS = 3


def _groups_at_page_tops(document, candidates):
    """The ids among `candidates` of the row groups that a page starts a table's rows with, in
    a table begun on an earlier page."""
    from weasyprint.formatting_structure import boxes

    found, tables_seen = set(), set()
    for page in document.pages:
        on_this_page = set()
        for box in page._page_box.descendants():
            if not isinstance(box, boxes.TableBox):
                continue
            on_this_page.add(box.element)
            if box.element not in tables_seen:
                continue
            body = next((child for child in box.children if not (child.is_header or child.is_footer)), None)
            if body is not None and body.element is not None and body.element.get("id") in candidates:
                found.add(body.element.get("id"))
        tables_seen |= on_this_page
    return found


def _show_labels(html, ids):
    return HIDDEN_LABEL.sub(lambda m: m.group(1) + ">" if m.group(2) in ids else m.group(0), html)


def html_to_pdf(html, fetcher=None):
    """Bare WeasyPrint: A4 from our print CSS, tagged PDF/UA-1 with what tagging.py adds
    (footnotes as Notes, their calls as References to them, header cells with their Scope,
    the running header and footer as artifacts), only our own files fetched; a continued
    group of rows labelled as such at the top of its page."""
    from weasyprint import HTML

    tagging.extend_weasyprint_tagging()
    options = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}
    fetcher = fetcher or StaticOnlyFetcher()

    def layout(source):
        return HTML(string=source, base_url=INTERNAL_ORIGIN + "/", url_fetcher=fetcher).render(**options)

    candidates = {match.group(2) for match in HIDDEN_LABEL.finditer(html)}
    document, shown = layout(html), set()
    for _ in range(MAX_LAYOUTS - 1):
        wanted = _groups_at_page_tops(document, candidates | shown)
        if not candidates or wanted == shown:
            break
        # A shown label moves what follows it: laid out again until the pages agree with it.
        shown = wanted
        document = layout(_show_labels(html, shown))
    return document.write_pdf(**options)


def design_templates():
    """Every template the paper's PDF is drawn from: the paper's, its base, and each section's partial."""
    return [TEMPLATE, "paper/base.html", "paper/_figure.html", "paper/_footnote.html", *sections.templates()]


@lru_cache(maxsize=1)
def _design_hash():
    """Changes when a template or the stylesheet changes, so a new design is never served stale."""
    digest = hashlib.sha256(RENDER_VERSION.encode())
    for name in design_templates():
        if isinstance(name, str):
            digest.update(Path(get_template(name).origin.name).read_bytes())
        else:  # a part's partial given as a Template (a part declared in a test)
            digest.update(str(getattr(name, "source", None) or getattr(name.template, "source", "")).encode())
    for name in ["paper/paper.css", marks.DRAFT.image, marks.APPROVED.image]:
        found = finders.find(name)
        if found:
            digest.update(Path(found).read_bytes())
    return digest.hexdigest()[:16]


def cache_key(assembled, mark=None):
    """The content key: what the paper prints, in which design, and its draft mark."""
    mode = "svg" if charts.charts_enabled() else "table"
    marked = f":{hashlib.sha256(mark.text.encode()).hexdigest()[:8]}" if mark else ""
    return f"{CACHE_PREFIX}:{_design_hash()}:{mode}:{assembled.fingerprint()}{marked}"


def revision_key(paper, rev):
    """The paper at a data revision and status; it points at the content key of what it
    printed then. (Approving and publishing write the paper, so they move the revision too:
    the mark follows.)"""
    mode = "svg" if charts.charts_enabled() else "table"
    return f"{CACHE_PREFIX}:{_design_hash()}:{mode}:paper-{paper.pk}:{paper.status}:rev-{rev}"


def paper_pdf(paper, assembled=None, use_cache=True, require_charts=False, published=False):
    """The paper's PDF bytes, from the cache when nothing it prints has changed.

    Marked as a draft, or as approved and not yet published (marks.py), unless it is its
    published issue; `published` (publication) asks for it as published, without a mark.
    With `require_charts` (publication), a figure that could not be drawn while charts are
    on raises ChartsFailed instead of freezing a table in its place.
    """
    # The pointer stands for the live paper: the PDF drawn for an issue is not what a reader
    # of the live paper gets at this revision.
    pointer = revision_key(paper, revision.current()) if use_cache and not published else None
    if pointer and assembled is None:
        content = cache.get(pointer)
        cached = cache.get(content) if content else None
        if cached is not None:
            return cached
    assembled = assembled or assemble(paper)
    mark = None if published else marks.live_mark(paper, assembled)
    key = cache_key(assembled, mark)
    if use_cache:
        cached = cache.get(key)
        if cached is not None:
            if pointer:
                cache.set(pointer, key, revision.TIMEOUT)
            return cached
    figures = figures_for(assembled, "pdf")
    complete = not charts.charts_enabled() or all(figure["src"] for figure in figures)
    if require_charts and not complete:
        raise ChartsFailed("A figure could not be drawn; try again once charts work.")
    pdf = html_to_pdf(render_html(assembled, mode="pdf", figures=figures, mark=mark))
    if use_cache and complete:
        cache.set(key, pdf, timeout=None)
        if pointer:
            cache.set(pointer, key, revision.TIMEOUT)
    return pdf


def pdf_filename(paper):
    return f"{paper.reference.replace(' ', '_')}_Operations_Report_{month_key(paper.month)}.pdf"


def bytes_response(pdf, filename, attachment=False):
    """The PDF, opened in the browser or (`attachment`) saved under `filename`.

    Django builds the header, quoting the name and encoding any non-ASCII in it (RFC 6266)."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(attachment, filename)
    return response


def wants_download(request):
    """`?download=1` asks for the file to be saved rather than opened in the browser."""
    return request.GET.get("download") == "1"


def pdf_response(paper, attachment=False):
    return bytes_response(paper_pdf(paper), pdf_filename(paper), attachment)
