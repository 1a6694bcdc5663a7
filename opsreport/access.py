"""Who may see and do what. Every view asks here; nothing else decides access.

Django's permissions are the one authority: each capability below is a `user.has_perm`
question, and a group only grants permissions (the roles' groups are kept in line with
opsreport/roles.py after every migrate). A user given a permission directly, with no group,
can do exactly what it grants.

Refusals are raised: PermissionDenied, which the site's one 403 handler (opsreport.views)
turns into a redirect to sign in for a signed-out visitor and the site's own 403 page for
anyone else.
"""

from dataclasses import dataclass
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404

from opsreport.lib.classification import RANK, Classification
from opsreport.models import AppendixIssue, Paper, PaperIssue, PaperStatus
from opsreport.roles import DATA_APPS, MODEL_ACTIONS

READ_DRAFTS = "opsreport.view_paper"  # papers at every stage, live from the data
APPROVE = "opsreport.approve_paper"
PUBLISH = "opsreport.publish_paper"
READ_DASHBOARD = "opsreport.read_dashboard"
ENTER_DATA = "opsreport.enter_data"
# Reading a published document of a level; White is for everyone. A permission for a
# stricter level covers the levels below it, as the Panel Information Policy does.
READ_LEVEL = {
    Classification.GREEN: "opsreport.read_green",
    Classification.AMBER: "opsreport.read_amber",
    Classification.RED: "opsreport.read_red",
}

# The dashboard shows Panel figures, party names and default notes: shared with the Panel and
# SECAS, not published, so it is held at Green and needs sign-in.
DASHBOARD_CLASSIFICATION = Classification.GREEN


def can_read_level(user, level):
    """May this user read a document marked `level` (White is public)?"""
    rank = RANK[Classification(level)]
    return rank == 0 or any(user.has_perm(perm) for lvl, perm in READ_LEVEL.items() if RANK[lvl] >= rank)


def can_read_drafts(user):
    return user.has_perm(READ_DRAFTS)


def can_read_dashboard(user):
    return user.has_perm(READ_DASHBOARD) and can_read_level(user, DASHBOARD_CLASSIFICATION)


def can_read_draft_figures(user):
    """The dashboard's months still in draft (after the latest published paper): for those who
    read draft papers, the editors and the approver. The Panel reads what was approved."""
    return can_read_dashboard(user) and can_read_drafts(user)


def can_enter_data(user):
    return user.has_perm(ENTER_DATA)


def can_approve(user):
    return user.has_perm(APPROVE)


def can_publish(user):
    return user.has_perm(PUBLISH)


def can_manage_register(user):
    """The register (opsreport/register/) brings in and corrects the whole history at once: for
    the approver, who answers for the figures the papers print."""
    return can_approve(user)


def can_work_on_months(user):
    """The month page: whoever enters the month's data or approves and publishes its paper."""
    return can_enter_data(user) or can_approve(user) or can_publish(user)


def can_start_month(user):
    """Start next month creates a paper: for those who enter the month's data."""
    return can_enter_data(user)


def can_start_first_month(user):
    """An install with no paper starts its first month (the Panel meeting numbering is set then):
    the editors, or the approver."""
    return can_enter_data(user) or can_approve(user)


def get_month_paper_for_user(user, month):
    """The month's paper for its month page, None if the month is not started yet.

    PermissionDenied for anyone who neither enters data nor approves, and for a paper marked
    above what the user may read.
    """
    if not can_work_on_months(user):
        raise PermissionDenied
    paper = Paper.objects.filter(month=month).prefetch_related("appendices").first()
    if paper is not None and not can_read_level(user, paper.classification):
        raise PermissionDenied
    return paper


def can_read_changes(user):
    """The history of a month's data (opsreport/history/): for the editors, who made the
    changes, and the approver, who must know what changed since a paper was read. The changes
    show any record's values, so whoever reads them must be able to read Red."""
    return (can_enter_data(user) or can_approve(user)) and can_read_level(user, Classification.RED)


def can_use_admin(user):
    """The admin opens for anyone holding a permission on a data model; each of its screens
    then asks Django for that model's own add, change, delete or view permission."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(
        app in DATA_APPS and codename.split("_", 1)[0] in MODEL_ACTIONS
        for app, _, codename in (perm.partition(".") for perm in user.get_all_permissions())
    )


def can_read_frozen(user, frozen_classification, current_classification):
    """A published document is read under the stricter of the marking it was published with
    and the one it has now: raising a classification takes effect at once, lowering it does
    not open up what was already published under the old marking."""
    return can_read_level(user, frozen_classification) and can_read_level(user, current_classification)


def require(test):
    """View decorator: `@require(can_read_dashboard)` raises PermissionDenied unless it holds."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not test(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


@dataclass(frozen=True)
class Reading:
    """A paper as this user reads it: live (`issue` None) for those who read drafts, or as
    its latest published issue froze it for everyone else."""

    paper: Paper
    issue: PaperIssue | None

    @property
    def live(self):
        return self.issue is None


def get_paper_for_user(user, month, appendices=True):
    """The month's paper as this user may read it; 404 if there is none, 403 otherwise.

    Its appendices come with it, unless `appendices` is false: a PDF served from the cache
    needs none, and a query less.
    """
    papers = Paper.objects.filter(month=month)
    paper = (papers.prefetch_related("appendices") if appendices else papers).first()
    if paper is None:
        raise Http404("No paper for this month.")
    if can_read_drafts(user) and can_read_level(user, paper.classification):
        return Reading(paper, None)
    issue = paper.issues.defer("pdf", "html").order_by("-number").first()
    if issue is None or not can_read_frozen(user, issue.classification, paper.classification):
        raise PermissionDenied
    return Reading(paper, issue)


def get_issue_for_user(user, reading, number):
    """One numbered issue of the paper; each issue is checked under its own marking."""
    issue = reading.paper.issues.filter(number=number).first()
    if issue is None:
        raise Http404("No such issue.")
    if not can_read_frozen(user, issue.classification, reading.paper.classification):
        raise PermissionDenied
    return issue


def get_appendix_for_user(user, reading, letter):
    """The appendix with this letter as this user may read it; 404 if none, 403 otherwise.

    Live readers get the live Appendix under its own classification; anyone else the one
    frozen with the paper's latest issue, under the stricter of its frozen and current marking.
    """
    if reading.paper.imported:
        raise Http404("An imported paper's appendices, if it had any, are in its PDF.")
    appendix = next((a for a in reading.paper.appendices.all() if a.letter == letter), None)
    if reading.live:
        if appendix is None:
            raise Http404("No such appendix.")
        if not can_read_level(user, appendix.classification):
            raise PermissionDenied
        return appendix
    frozen = AppendixIssue.objects.filter(issue=reading.issue, letter=letter).first()
    if frozen is None:
        raise Http404("This appendix was not published with the paper.")
    current = appendix.classification if appendix else frozen.classification
    if not can_read_frozen(user, frozen.classification, current):
        raise PermissionDenied
    return frozen


def readable_levels(user):
    return [level for level in Classification.values if can_read_level(user, level)]


def papers_for_user(user):
    """The papers this user may see in the archive, newest first.

    Those who read drafts see every paper at every stage, up to the levels they may read;
    anyone else sees published papers whose issues and current marking are within their levels.
    """
    allowed = readable_levels(user)
    papers = Paper.objects.order_by("-month").filter(classification__in=allowed)
    if can_read_drafts(user):
        return papers
    # Readers read what an issue froze: a paper with none has nothing to offer them yet, and
    # one with an issue marked above their level stays hidden even if the paper was lowered.
    return (
        papers.filter(status=PaperStatus.PUBLISHED, issues__isnull=False)
        .exclude(issues__classification__in=set(Classification.values) - set(allowed))
        .distinct()
    )


def appendices_for_user(user, paper, issues):
    """The appendices of `paper` this user may open, as get_appendix_for_user serves them.

    Those who read the live paper get its live appendices, each under its own classification.
    Anyone else reads the paper as its latest issue froze it, so gets that issue's frozen
    appendices (AppendixIssue), each under the stricter of its frozen and current marking: an
    appendix added after publication is not listed, since it cannot be read until published.
    `issues` are the paper's issues (prefetched with their appendices by the archive).
    """
    if paper.imported:  # issued as one PDF: nothing to open on its own
        return []
    live = {a.letter: a for a in paper.appendices.all()}
    if can_read_drafts(user):
        return [a for a in live.values() if can_read_level(user, a.classification)]
    latest = max(issues, key=lambda issue: issue.number, default=None)
    if latest is None:
        return []
    return [
        frozen
        for frozen in latest.appendices.all()
        if can_read_frozen(
            user,
            frozen.classification,
            live[frozen.letter].classification if frozen.letter in live else frozen.classification,
        )
    ]


def navigation(request):
    """Template context for the site's navigation: which links this user's permissions open."""
    user = request.user
    return {
        "nav": {
            "dashboard": can_read_dashboard(user),
            "data_entry": can_use_admin(user),
            "register": can_manage_register(user),
            "signed_in": user.is_authenticated,
        }
    }
