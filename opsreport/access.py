"""Who may see and do what. Every view asks here; nothing else decides access.

Roles are the groups in opsreport/roles.py. SECAS staff (editors, the approver) see every
paper at every stage; Panel members see dashboards and published papers and appendices up
to Amber; the public may read published White papers.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from opsreport.lib.classification import Classification, at_most
from opsreport.roles import APPROVER, EDITOR, PANEL_MEMBER

PANEL_CEILING = Classification.AMBER


# The dashboard shows Panel figures, party names and default notes: shared with the Panel and
# SECAS, not published, so it is held at Green and needs sign-in.
DASHBOARD_CLASSIFICATION = Classification.GREEN


def roles_of(user):
    if not user.is_authenticated:
        return set()
    # Asked several times per request (navigation, view, template): one query, kept on the user.
    cached = getattr(user, "_opsreport_roles", None)
    if cached is not None:
        return cached
    names = {group.name for group in user.groups.all()}
    if user.is_superuser:
        names |= {EDITOR, APPROVER}
    user._opsreport_roles = names
    return names


def is_staff_role(user):
    return bool(roles_of(user) & {EDITOR, APPROVER})


def is_panel_member(user):
    return PANEL_MEMBER in roles_of(user)


def can_read_dashboard(user):
    return bool(roles_of(user) & {EDITOR, APPROVER, PANEL_MEMBER}) and can_read_classification(
        user, DASHBOARD_CLASSIFICATION
    )


def can_read_archive(user):
    """Everyone may open the archive; what it lists depends on who asks (papers_for_user)."""
    return True


def can_edit_data(user):
    return EDITOR in roles_of(user)


def can_approve(user):
    return APPROVER in roles_of(user)


def can_read_classification(user, classification, published=True):
    """May this user read a document of this classification (at this stage)?"""
    if is_staff_role(user):
        return True
    if not published:
        return False
    if PANEL_MEMBER in roles_of(user):
        return at_most(classification, PANEL_CEILING)
    return classification == Classification.WHITE


def check(request, allowed):
    """Refuse the request: anonymous users go to sign in, signed-in users get 403."""
    if allowed:
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def require(test):
    """View decorator: `@require(can_read_dashboard)`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            refusal = check(request, test(request.user))
            if refusal is not None:
                return refusal
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def can_read_frozen(user, frozen_classification, current_classification):
    """A published document is read under the stricter of the marking it was published with
    and the one it has now: raising a classification takes effect at once, lowering it does
    not open up what was already published under the old marking."""
    return can_read_classification(user, frozen_classification) and can_read_classification(
        user, current_classification
    )


def get_paper_for_user(request, month):
    """The month's paper if this user may read it; 404 if none, refusal otherwise.

    SECAS staff read every paper at every stage. Anyone else reads only a published paper,
    that is one with an issue, as that issue froze it: `paper.reader_issue` is the latest.
    Returns (paper, None) or (None, refusal response).
    """
    from opsreport.models import Paper

    paper = Paper.objects.filter(month=month).prefetch_related("appendices").first()
    if paper is None:
        raise Http404("No paper for this month.")
    paper.reader_issue = None
    if is_staff_role(request.user):
        return paper, None
    paper.reader_issue = paper.issues.defer("pdf", "html").order_by("-number").first()
    allowed = paper.reader_issue is not None and can_read_frozen(
        request.user, paper.reader_issue.classification, paper.classification
    )
    refusal = check(request, allowed)
    return (None, refusal) if refusal is not None else (paper, None)


def get_appendix_for_user(request, paper, letter):
    """The paper's appendix with this letter if this user may read it; 404 if none.

    Staff get the live appendix; anyone else the one frozen with the paper's latest issue, read
    under the stricter of its frozen and current classification (and the paper's own check,
    already passed). Returns (appendix or frozen appendix, None) or (None, refusal response).
    """
    from opsreport.models import AppendixIssue

    appendix = next((a for a in paper.appendices.all() if a.letter == letter), None)
    if is_staff_role(request.user):
        if appendix is None:
            raise Http404("No such appendix.")
        return appendix, None
    frozen = AppendixIssue.objects.filter(issue=paper.reader_issue, letter=letter).first()
    if frozen is None:
        raise Http404("This appendix was not published with the paper.")
    current = appendix.classification if appendix else frozen.classification
    refusal = check(request, can_read_frozen(request.user, frozen.classification, current))
    return (None, refusal) if refusal is not None else (frozen, None)


def papers_for_user(user):
    """The papers this user may see in the archive, newest first.

    SECAS staff see every paper at every stage; Panel members see published papers up to
    Amber; everyone else (signed out, or signed in with no role) sees published White papers.
    """
    from opsreport.models import Paper, PaperStatus

    papers = Paper.objects.order_by("-month")
    if is_staff_role(user):
        return papers
    allowed = [c for c in Classification.values if can_read_classification(user, c)]
    # Readers read what an issue froze: a paper with none has nothing to offer them yet, and
    # one with an issue marked above their level stays hidden even if the paper was lowered.
    return (
        papers.filter(status=PaperStatus.PUBLISHED, issues__isnull=False, classification__in=allowed)
        .exclude(issues__classification__in=set(Classification.values) - set(allowed))
        .distinct()
    )


def appendices_for_user(user, paper):
    """The paper's appendices this user may read (each has its own classification)."""
    published = paper.status == "published"
    return [a for a in paper.appendices.all() if can_read_classification(user, a.classification, published)]


def navigation(request):
    """Template context for the site's navigation: which links this user's roles open."""
    user = request.user
    return {
        "nav": {
            "dashboard": can_read_dashboard(user),
            "data_entry": can_edit_data(user) or can_approve(user),
            "signed_in": user.is_authenticated,
        }
    }
