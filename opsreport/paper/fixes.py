"""The screen that puts each kind of finding right, in one place.

Findings and the month page link here rather than naming admin addresses themselves, so that
when a better screen for a kind of entry comes (a monthly grid, a one-step accession) one
function changes and every link follows.

A month's own record (its paper, helpdesk, website or effort figures) is linked through its
admin "add" page with `?month=`: the admin opens the month's existing record instead when
there is one (opsreport.lib.admin.MonthAddOrChangeMixin), so a link needs no query to know
which, and Save returns to the month page. Nothing here touches the database.
"""

from urllib.parse import urlencode

from django.urls import reverse

from opsreport.lib.months import last_day, month_label
from opsreport.paper.sections.common import Fix


def _admin(model_name, view, *args, query=None, fragment=""):
    url = reverse(f"admin:{model_name}_{view}", args=args)
    if query:
        url += "?" + urlencode(query)
    return url + (f"#{fragment}" if fragment else "")


def _month_record(model_name, month, fragment=""):
    # return=month: Save brings the editor back to the month page (MonthAddOrChangeMixin).
    return _admin(model_name, "add", query={"month": month.isoformat(), "return": "month"}, fragment=fragment)


def paper(month, label=None, field=""):
    """The month's paper (front page, highlights, appendices), at `field` if given."""
    fragment = f"id_{field}" if field else ""
    return Fix(label or f"Edit the {month_label(month)} paper", _month_record("opsreport_paper", month, fragment))


def helpdesk_month(month, label=None):
    return Fix(
        label or f"Enter {month_label(month)}'s helpdesk figures", _month_record("helpdesk_helpdeskmonth", month)
    )


def website_month(month, label=None):
    return Fix(label or f"Enter {month_label(month)}'s website figures", _month_record("opsreport_websitemonth", month))


def effort_month(month, label=None):
    return Fix(label or f"Enter {month_label(month)}'s effort", _month_record("opsreport_effortmonth", month))


def new_meeting(label="Add a meeting", back=None):
    return Fix(label, _admin("meetings_meeting", "add", query=_back(back)))


def propose_meetings(month, label=None):
    """The month's meetings proposed from each committee's schedule (opsreport/schedule/)."""
    return Fix(
        label or f"Enter {month_label(month)}'s meetings from the schedule", reverse("month-meetings", args=[month])
    )


def modification(reference, label=None):
    """A modification's page, found by its reference: its status history is entered there."""
    return Fix(label or f"{reference}'s status", _admin("meetings_modification", "changelist", query={"q": reference}))


def meetings_in(month, label=None):
    query = {"dates__date__gte": month.isoformat(), "dates__date__lte": last_day(month).isoformat()}
    return Fix(label or f"Meetings in {month_label(month)}", _admin("meetings_meeting", "changelist", query=query))


def membership_event(pk, label="Write its footnote"):
    return Fix(label, _admin("parties_membershipevent", "change", pk, fragment="id_note"))


def membership_events_in(month, label=None):
    query = {"date__gte": month.isoformat(), "date__lte": last_day(month).isoformat()}
    label = label or f"Membership events in {month_label(month)}"
    return Fix(label, _admin("parties_membershipevent", "changelist", query=query))


def new_membership_event(label="Record an accession, default, withdrawal or expulsion", back=None):
    return Fix(label, _admin("parties_membershipevent", "add", query=_back(back)))


def _back(month):
    """`?next=` the month page: Save on an add page or a small form opened from it returns there."""
    return {"next": reverse("month", args=[month])} if month else None


def accede(pk, name, back=None):
    """The applicant's Accede form: party, category, voting group and Accession event at once."""
    return Fix(f"Accede {name}…", _admin("parties_applicant", "accede", pk, query=_back(back)))


def left_default(pk, name, back=None):
    """The party's form for its events, set to record that it left default."""
    query = {"kind": "default_left", **(_back(back) or {})}
    return Fix(f"{name} left default…", _admin("parties_party", "event", pk, query=query))


def voting_groups(label="Voting groups"):
    return Fix(label, _admin("parties_votinggroup", "changelist"))


def applicants(label="Applicants"):
    return Fix(label, _admin("parties_applicant", "changelist"))


def new_applicant(label="Add an applicant", back=None):
    return Fix(label, _admin("parties_applicant", "add", query=_back(back)))


def new_uep_completion(label="Record a UEP completion", back=None):
    return Fix(label, _admin("parties_uepcompletion", "add", query=_back(back)))


def new_test_completion(label="Record a SREPT or UEPT completion", back=None):
    return Fix(label, _admin("parties_testcompletion", "add", query=_back(back)))
