"""The papers archive, and the paper for a month: on screen for reading and review, as PDF,
and its publication.

Every check of who may do what goes through opsreport.access.
"""

import re

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_POST

from opsreport import access, actions
from opsreport.lib.classification import described
from opsreport.lib.months import month_key, month_label
from opsreport.models import AppendixIssue, PaperIssue
from opsreport.paper import charts, marks, publication, resolutions
from opsreport.paper.assembly import assemble, assemble_appendix
from opsreport.paper.findings import findings, open_findings
from opsreport.paper.imported import MAX_PDF_BYTES, ImportIssueForm
from opsreport.paper.pdf import (
    appendix_pdf,
    bytes_response,
    pdf_response,
    render_appendix_html,
    render_html,
    wants_download,
)

# The site links above a paper or appendix page (templates/paper/_nav.html). A published page
# is frozen HTML, the same for every reader; its links are not part of what was published, so
# they are drawn again for whoever reads it.
FROZEN_NAV = re.compile(r'<nav class="paper-nav screen-only" aria-label="Site">.*?</nav>', re.DOTALL)


# A published page is frozen with the addresses of the static files of its day (its stylesheets
# and scripts). Under `make serve` they carry the content hash of that release's files
# ("paper/paper.3f2a9c0d1e4b.css"), which a later release's collectstatic no longer has: each
# is pointed at today's file of the same name as the page is served, so an upgrade never leaves
# the archive without its styles. (Its figures are inside the page, as data: URIs.) data-plotly
# is the address of plotly.js the page's loader fetches (templates/_plotly_loader.html).
STATIC_REFERENCE = re.compile(r'\b(?P<attr>href|src|data-plotly)="(?P<url>[^"]+)"')
CONTENT_HASH = re.compile(r"\.[0-9a-f]{12}(?=\.[^./]+$)")  # ManifestStaticFilesStorage's


def _todays_static(match):
    url = match.group("url")
    if not url.startswith(settings.STATIC_URL):
        return match.group(0)
    name = CONTENT_HASH.sub("", url[len(settings.STATIC_URL) :])
    try:
        return f'{match.group("attr")}="{static(name)}"'
    except ValueError:  # a file this release does not have: the address as frozen
        return match.group(0)


def _frozen_page(request, html, pdf_url):
    """A published page with the site links this reader may use, and today's static files."""
    nav = render_to_string("paper/_nav.html", {"pdf_url": pdf_url}, request=request)
    html = FROZEN_NAV.sub(lambda _: nav.strip(), html, count=1)
    return HttpResponse(STATIC_REFERENCE.sub(_todays_static, html))


def paper_page(request, month):
    reading = access.get_paper_for_user(request.user, month)
    paper = reading.paper
    if paper.imported:
        return imported_page(request, paper)
    if not reading.live:
        # Readers get the paper as published, never a live render of later data.
        html = paper.issues.values_list("html", flat=True).get(pk=reading.issue.pk)
        return _frozen_page(request, html, reverse("paper-pdf", args=[month]))
    issues = list(paper.issues.select_related("published_by").defer("pdf", "html").order_by("number"))
    assembled = assemble(paper)
    latest = issues[-1] if issues else None
    found = findings(assembled)
    context = {
        "paper": paper,
        "issues": issues,
        "findings": open_findings(found),
        "resolved_findings": [f for f in found if f.resolution is not None],
        "data_changed": publication.data_changed_since_publication(paper, assembled, latest),
        "changed_since_approval": publication.changed_since_approval(paper, assembled),
        "can_approve": access.can_approve(request.user),
        "can_publish": access.can_publish(request.user),
        "can_fix": access.can_enter_data(request.user),
        "can_see_month": access.can_work_on_months(request.user),
        "seen": assembled.fingerprint(),
        "seen_parts": assembled.part_fingerprints(),
    }
    if context["data_changed"]:
        # What editors confirmed changing in figures this paper published (opsreport.lib.admin).
        context["published_changes"] = publication.published_changes(paper, latest)
    if context["can_publish"]:
        context["earlier_unpublished"] = publication.earlier_unpublished(paper)
    changed = context["data_changed"] or context["changed_since_approval"]
    mark = marks.draft_mark(paper, changed)
    return HttpResponse(render_html(assembled, mode="screen", request=request, mark=mark, **context))


def _readable_issues(user, paper):
    """The paper's issues this user may open, each under its own marking, without their bytes."""
    issues = paper.issues.select_related("published_by", "imported_by").defer("pdf", "html").order_by("number")
    return [issue for issue in issues if access.can_read_frozen(user, issue.classification, paper.classification)]


def imported_page(request, paper):
    """A paper issued before this application (opsreport/paper/imported.py): what it is, and its
    PDF as issued. There is nothing to review or draw: the application never assembles it."""
    issues = _readable_issues(request.user, paper)
    return render(
        request,
        "paper/imported.html",
        {
            "paper": paper,
            "issues": issues,
            "latest": issues[-1] if issues else None,
            "classification": described(paper.classification),
            "can_see_month": access.can_work_on_months(request.user),
        },
    )


def _issue_response(request, paper, issue):
    filename = f"{paper.reference.replace(' ', '_')}_issue_{issue.number}.pdf"
    return bytes_response(bytes(issue.pdf), filename, wants_download(request))


def paper_pdf_view(request, month):
    # Served from the cache, the PDF costs the paper, the data revision and two cache reads;
    # its appendices are read only if it has to be drawn.
    reading = access.get_paper_for_user(request.user, month, appendices=False)
    if not reading.live:
        return _issue_response(request, reading.paper, reading.paper.issues.get(pk=reading.issue.pk))
    if reading.paper.imported:  # never drawn: its latest issue, as imported
        return _issue_response(request, reading.paper, reading.paper.issues.order_by("-number").first())
    return pdf_response(reading.paper, wants_download(request))


def issue_pdf_view(request, month, number):
    reading = access.get_paper_for_user(request.user, month, appendices=False)
    # An earlier issue may carry a stricter marking than the latest: each is checked on its own.
    issue = access.get_issue_for_user(request.user, reading, number)
    return _issue_response(request, reading.paper, issue)


def figure_svg(request, month, number):
    """A figure of the live paper, for the review page (published pages embed theirs)."""
    reading = access.get_paper_for_user(request.user, month)
    if not reading.live or reading.paper.imported:
        raise Http404("Published papers carry their figures inside the page.")
    figures = assemble(reading.paper).figures
    if not 1 <= number <= len(figures):
        raise Http404("No such figure.")
    svg = charts.render_svg(charts.figure_for(figures[number - 1]))
    if svg is None:
        raise Http404("Charts cannot be drawn here.")
    return HttpResponse(svg, content_type="image/svg+xml")


def _approver_action(request, month, action):
    """Run an approval step on the live paper, reporting its outcome on the paper page."""
    reading = access.get_paper_for_user(request.user, month)
    try:
        messages.success(request, action(reading.paper, request.user))
    except (publication.PublicationError, resolutions.ResolutionError) as error:
        messages.error(request, str(error))
    return redirect(reading.paper)


@require_POST
@access.require(access.can_approve)
def approve_paper(request, month):
    # The fingerprints of the paper as the page showed it (templates/paper/_review.html).
    seen = request.POST.get("seen", "")
    seen_parts = dict(part.split("|", 1) for part in request.POST.getlist("seen_part") if "|" in part)

    def approve(paper, user):
        actions.approve_paper(paper, user, seen, seen_parts)
        return "Paper approved."

    return _approver_action(request, month, approve)


@require_POST
@access.require(access.can_publish)
def publish_paper(request, month):
    confirmed = request.POST.get("confirm") == "yes"

    def publish(paper, user):
        if not confirmed:
            raise publication.PublicationError(
                "Not published: tick the box to confirm you have read the open findings and publish the "
                "paper as it stands."
            )
        return f"Published as issue {actions.publish_paper(paper, user).number}."

    return _approver_action(request, month, publish)


@require_POST
@access.require(access.can_approve)
def resolve_finding(request, month):
    """The approver resolves a finding with a note the paper prints as its footnote."""

    def resolve(paper, user):
        actions.resolve_finding(paper, request.POST.get("code", ""), request.POST.get("note", ""), user)
        return "Finding resolved: the paper prints its note as a footnote."

    return _approver_action(request, month, resolve)


@require_POST
@access.require(access.can_approve)
def reopen_finding(request, month):
    def reopen(paper, user):
        actions.reopen_finding(paper, request.POST.get("code", ""), user)
        return "Finding reopened: its footnote is no longer printed."

    return _approver_action(request, month, reopen)


def appendix_page(request, month, letter):
    reading = access.get_paper_for_user(request.user, month)
    appendix = access.get_appendix_for_user(request.user, reading, letter)
    pdf_url = reverse("paper-appendix-pdf", args=[month, letter])
    if not reading.live:
        return _frozen_page(request, appendix.html, pdf_url)
    return HttpResponse(
        render_appendix_html(
            assemble_appendix(reading.paper, appendix),
            mode="screen",
            request=request,
            mark=marks.appendix_mark(reading.paper),
            pdf_url=pdf_url,
        )
    )


def appendix_pdf_view(request, month, letter):
    reading = access.get_paper_for_user(request.user, month)
    appendix = access.get_appendix_for_user(request.user, reading, letter)
    filename = f"{reading.paper.reference.replace(' ', '_')}_Appendix_{appendix.letter}.pdf"
    attachment = wants_download(request)
    if not reading.live:
        return bytes_response(bytes(appendix.pdf), filename, attachment)
    document = appendix_pdf(assemble_appendix(reading.paper, appendix), mark=marks.appendix_mark(reading.paper))
    return bytes_response(document, filename, attachment)


@access.require(access.can_publish)
def import_issue(request):
    """The approver brings in a paper issued before this application (opsreport/paper/imported.py)."""
    form = ImportIssueForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            issue = actions.import_issue(
                data["month"],
                data["pdf"],
                classification=data["classification"],
                published=data["published"],
                front_page=data["front_page"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"{issue.paper.title} imported as issue {issue.number}, published "
                f"{data['published']:%d/%m/%Y}: SHA-256 {issue.sha256}.",
            )
            return redirect(issue.paper)
    return render(request, "paper/import.html", {"form": form, "max_mb": MAX_PDF_BYTES // (1024 * 1024)})


def archive_view(request):
    """Every paper this user may see, with its status, classification, appendices and issues.

    Open to everyone: what it lists depends on who asks (access.papers_for_user)."""
    # Ordered on their own columns: the models' default orderings would join the paper again.
    frozen_appendices = AppendixIssue.objects.defer("pdf", "html").order_by("letter")
    issues = (
        PaperIssue.objects.defer("pdf", "html")
        .order_by("number")
        .prefetch_related(Prefetch("appendices", frozen_appendices))
    )
    papers = access.papers_for_user(request.user).prefetch_related("appendices", Prefetch("issues", queryset=issues))
    rows = []
    for paper in papers:
        rows.append(
            {
                "paper": paper,
                "key": month_key(paper.month),
                "label": month_label(paper.month),
                "classification": described(paper.classification),
                "appendices": access.appendices_for_user(request.user, paper, paper.issues.all()),
                "issues": list(paper.issues.all()),
            }
        )
    ctx = {
        "rows": rows,
        "reads_drafts": access.can_read_drafts(request.user),
        "signed_in": request.user.is_authenticated,
        "can_import": access.can_publish(request.user),
    }
    return render(request, "archive/index.html", ctx)
