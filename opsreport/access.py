"""Who may see and do what. Every view asks here; nothing else decides access.

Roles are the groups in opsreport/roles.py. SECAS staff (editors, the approver) see every
paper at every stage; Panel members see dashboards and published papers and appendices up
to Amber; the public may read published White papers.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from opsreport.classification import Classification, at_most
from opsreport.roles import APPROVER, EDITOR, PANEL_MEMBER

PANEL_CEILING = Classification.AMBER


def roles_of(user):
    if not user.is_authenticated:
        return set()
    # Asked several times per request: read the groups once per user object.
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


def can_read_dashboard(user):
    return bool(roles_of(user) & {EDITOR, APPROVER, PANEL_MEMBER})


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


def get_paper_for_user(request, month):
    """The month's paper if this user may read it; 404 if none, refusal otherwise.

    Returns (paper, None) or (None, refusal response).
    """
    from opsreport.models import Paper, PaperStatus

    paper = Paper.objects.filter(month=month).prefetch_related("appendices").first()
    if paper is None:
        raise Http404("No paper for this month.")
    published = paper.status == PaperStatus.PUBLISHED
    refusal = check(request, can_read_classification(request.user, paper.classification, published))
    return (None, refusal) if refusal is not None else (paper, None)
