"""The papers archive, and the paper for a month: on screen for reading and review, as PDF,
and its publication.

Every check of who may do what goes through opsreport.access.
"""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from opsreport import access
from opsreport.lib.classification import described
from opsreport.lib.months import month_key, month_label
from opsreport.models import PaperIssue
from opsreport.paper import charts, publication
from opsreport.paper.assembly import assemble, assemble_appendix
from opsreport.paper.findings import findings
from opsreport.paper.pdf import (
    appendix_pdf,
    bytes_response,
    pdf_response,
    render_appendix_html,
    render_html,
)


def _paper(request, month):
    """(paper, refusal) through the access module; staff see drafts, others published papers."""
    return access.get_paper_for_user(request, month)


def paper_page(request, month):
    paper, refusal = _paper(request, month)
    if refusal:
        return refusal
    if paper.reader_issue is not None:
        # Readers get the paper as published, never a live render of later data.
        return HttpResponse(paper.issues.values_list("html", flat=True).get(pk=paper.reader_issue.pk))
    issues = list(paper.issues.select_related("published_by").defer("pdf", "html").order_by("number"))
    assembled = assemble(paper)
    latest = issues[-1] if issues else None
    context = {
        "paper": paper,
        "issues": issues,
        "findings": findings(assembled),
        "data_changed": publication.data_changed_since_publication(paper, assembled, latest),
        "changed_since_approval": publication.changed_since_approval(paper, assembled),
        "can_approve": access.can_approve(request.user),
    }
    return HttpResponse(render_html(assembled, mode="screen", request=request, **context))


def _issue_response(paper, issue):
    return bytes_response(bytes(issue.pdf), f"{paper.reference.replace(' ', '_')}_issue_{issue.number}.pdf")


def paper_pdf_view(request, month):
    paper, refusal = _paper(request, month)
    if refusal:
        return refusal
    if paper.reader_issue is not None:
        return _issue_response(paper, paper.issues.get(pk=paper.reader_issue.pk))
    return pdf_response(paper)


def issue_pdf_view(request, month, number):
    paper, refusal = _paper(request, month)
    if refusal:
        return refusal
    issue = paper.issues.filter(number=number).first()
    if issue is None:
        raise Http404("No such issue.")
    # An earlier issue may carry a stricter marking than the latest: each is checked on its own.
    refusal = access.check(request, access.can_read_frozen(request.user, issue.classification, paper.classification))
    return refusal or _issue_response(paper, issue)


def figure_svg(request, month, number):
    """A figure of the live paper, for the staff's review page (published pages embed theirs)."""
    paper, refusal = _paper(request, month)
    if refusal:
        return refusal
    if paper.reader_issue is not None:
        raise Http404("Published papers carry their figures inside the page.")
    figures = assemble(paper).figures
    if not 1 <= number <= len(figures):
        raise Http404("No such figure.")
    svg = charts.render_svg(charts.figure_for(figures[number - 1]))
    if svg is None:
        raise Http404("Charts cannot be drawn here.")
    return HttpResponse(svg, content_type="image/svg+xml")


def _approver_action(request, month, action):
    """Run an approval step for the approver, reporting its outcome on the paper page."""
    paper, refusal = _paper(request, month)
    if refusal:
        return refusal
    try:
        messages.success(request, action(paper, request.user))
    except publication.PublicationError as error:
        messages.error(request, str(error))
    return redirect("paper", month=month)


@require_POST
@access.require(access.can_approve)
def approve_paper(request, month):
    def approve(paper, user):
        publication.approve(paper, user)
        return "Paper approved."

    return _approver_action(request, month, approve)


@require_POST
@access.require(access.can_approve)
def publish_paper(request, month):
    def publish(paper, user):
        return f"Published as issue {publication.publish(paper, user).number}."

    return _approver_action(request, month, publish)


def _appendix(request, month, letter):
    """(paper, appendix, refusal): the paper and its appendix, each checked by opsreport.access.

    Staff get the live Appendix; readers the AppendixIssue frozen with the latest issue.
    """
    paper, refusal = _paper(request, month)
    if refusal:
        return None, None, refusal
    appendix, refusal = access.get_appendix_for_user(request, paper, letter)
    return paper, appendix, refusal


def appendix_page(request, month, letter):
    paper, appendix, refusal = _appendix(request, month, letter)
    if refusal:
        return refusal
    if paper.reader_issue is not None:
        return HttpResponse(appendix.html)
    pdf_url = reverse("paper-appendix-pdf", args=[month, letter])
    return HttpResponse(
        render_appendix_html(assemble_appendix(paper, appendix), mode="screen", request=request, pdf_url=pdf_url)
    )


def appendix_pdf_view(request, month, letter):
    paper, appendix, refusal = _appendix(request, month, letter)
    if refusal:
        return refusal
    filename = f"{paper.reference.replace(' ', '_')}_Appendix_{appendix.letter}.pdf"
    if paper.reader_issue is not None:
        return bytes_response(bytes(appendix.pdf), filename)
    return bytes_response(appendix_pdf(assemble_appendix(paper, appendix)), filename)


@access.require(access.can_read_archive)
def archive_view(request):
    """Every paper this user may see, with its status, classification, appendices and issues."""
    papers = access.papers_for_user(request.user).prefetch_related(
        "appendices", Prefetch("issues", queryset=PaperIssue.objects.defer("pdf", "html"))
    )
    rows = []
    for paper in papers:
        rows.append({
            "paper": paper,
            "key": month_key(paper.month),
            "label": month_label(paper.month),
            "classification": described(paper.classification),
            "appendices": access.appendices_for_user(request.user, paper),
            "issues": list(paper.issues.all()),
        })
    ctx = {
        "rows": rows,
        "is_staff_role": access.is_staff_role(request.user),
        "signed_in": request.user.is_authenticated,
    }
    return render(request, "archive/index.html", ctx)
