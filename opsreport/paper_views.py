"""The paper for a month: on screen for reading and review, as PDF, and its publication.

Every check of who may do what goes through opsreport.access.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from opsreport import access, charts, publication
from opsreport.assembly import assemble
from opsreport.findings import findings
from opsreport.months import parse_month_key
from opsreport.pdf import bytes_response, pdf_filename, pdf_response, render_html


def _month(key):
    try:
        return parse_month_key(key)
    except ValueError:
        raise Http404("Not a month.") from None


def _paper(request, key):
    """(paper, refusal) through the access module; staff see drafts, others published papers."""
    return access.get_paper_for_user(request, _month(key))


def paper_page(request, month):
    paper, refusal = _paper(request, month)
    if refusal:
        return refusal
    issues = list(paper.issues.select_related("published_by").defer("pdf", "html").order_by("number"))
    if not access.is_staff_role(request.user):
        # Readers get the paper as published, never a live render of later data.
        return HttpResponse(paper.issues.order_by("-number").values_list("html", flat=True).first())
    assembled = assemble(paper)
    latest = issues[-1] if issues else None
    context = {
        "paper": paper,
        "issues": issues,
        "findings": findings(assembled),
        "data_changed": publication.data_changed_since_publication(paper, assembled, latest),
        "can_approve": access.can_approve(request.user),
    }
    return HttpResponse(render_html(assembled, mode="screen", request=request, **context))


def paper_pdf_view(request, month):
    paper, refusal = _paper(request, month)
    if refusal:
        return refusal
    if not access.is_staff_role(request.user):
        issue = paper.issues.order_by("-number").first()
        return bytes_response(bytes(issue.pdf), f"{paper.reference.replace(' ', '_')}_issue_{issue.number}.pdf")
    return pdf_response(paper)


def issue_pdf_view(request, month, number):
    paper, refusal = _paper(request, month)
    if refusal:
        return refusal
    issue = paper.issues.filter(number=number).first()
    if issue is None:
        raise Http404("No such issue.")
    return bytes_response(bytes(issue.pdf), f"{paper.reference.replace(' ', '_')}_issue_{issue.number}.pdf")


def figure_svg(request, month, number):
    paper, refusal = _paper(request, month)
    if refusal:
        return refusal
    figures = assemble(paper).figures
    if not 1 <= number <= len(figures):
        raise Http404("No such figure.")
    svg = charts.render_svg(charts.figure_for(figures[number - 1]))
    if svg is None:
        raise Http404("Charts cannot be drawn here.")
    return HttpResponse(svg, content_type="image/svg+xml")


@require_POST
@access.require(access.can_approve)
def approve_paper(request, month):
    paper, refusal = _paper(request, month)
    if refusal:
        return refusal
    try:
        publication.approve(paper, request.user)
        messages.success(request, "Paper approved.")
    except publication.PublicationError as error:
        messages.error(request, str(error))
    return redirect("paper", month=month)


@require_POST
@access.require(access.can_approve)
def publish_paper(request, month):
    paper, refusal = _paper(request, month)
    if refusal:
        return refusal
    try:
        issue = publication.publish(paper, request.user)
        messages.success(request, f"Published as issue {issue.number}.")
    except publication.PublicationError as error:
        messages.error(request, str(error))
    return redirect("paper", month=month)
