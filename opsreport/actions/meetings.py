"""The meeting table: a committee's meeting with its dates, and the month's proposed meetings
entered at once. A decision is dated by its meeting's last date, so whenever dates or the
committee change, the statuses the meeting's decisions set are brought in line here
(meetings.models.record_decided_statuses)."""

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError

from meetings.models import (
    Committee,
    Meeting,
    MeetingDate,
    MeetingLink,
    MeetingModification,
    Modification,
    Release,
    SECVersion,
    StatusChange,
    record_decided_statuses,
)
from meetings.schedule import NewMeeting
from opsreport.actions.core import Actor, Session, action
from opsreport.lib.months import last_day, month_label


def enter_meeting(
    committee: Committee | int,
    dates: Sequence[datetime.date],
    summary: str,
    *,
    name: str = "",
    confidential: bool = False,
    links: Iterable[tuple[str, str]] = (),
    modifications: Iterable[tuple[int | str, str]] = (),
    user: Actor = None,
    confirm_published: bool = False,
) -> Meeting:
    """A new meeting of `committee` on `dates`, with its summary, links and the modifications
    it took up (`modifications`: [(Modification pk or reference, Outcome)]); a decision sets its status."""
    committee_id = committee if isinstance(committee, int) else committee.pk
    with action("Meeting entered", user, confirm_published=confirm_published) as session:
        meeting = session.create(
            Meeting, committee_id=committee_id, name=name, summary=summary, confidential=confidential
        )
        for day in dates:
            session.create(MeetingDate, meeting=meeting, date=day)
        for position, (label, url) in enumerate(links, start=1):
            session.create(MeetingLink, meeting=meeting, label=label, url=url, position=position)
        _add_modifications(session, meeting, modifications)
        record_decided_statuses(meeting)
        return meeting


def _add_modifications(session: Session, meeting: Meeting, modifications: Iterable[tuple[int | str, str]]) -> None:
    for position, (modification, outcome) in enumerate(modifications, start=1):
        if isinstance(modification, str):  # a reference: a modification entered by the same import
            modification = Modification.objects.get(reference=modification).pk
        session.create(
            MeetingModification, meeting=meeting, modification_id=modification, outcome=outcome, position=position
        )


def update_meeting(
    meeting: Meeting,
    *,
    dates: Sequence[datetime.date] | None = None,
    links: Sequence[tuple[str, str]] | None = None,
    modifications: Sequence[tuple[int | str, str]] | None = None,
    user: Actor = None,
    confirm_published: bool = False,
    **fields: Any,
) -> Meeting:
    """Correct a meeting's fields (summary, confidential, name, committee) and, if given, set
    its dates, links or modifications ([(Modification pk or reference, Outcome)]) to exactly those."""
    with action(f"Meeting {meeting}", user, confirm_published=confirm_published) as session:
        if fields:
            session.update_fields(meeting, **fields)
        if dates is not None:
            _set_dates(session, meeting, dates)
        if links is not None:
            for old in meeting.links.all():
                session.delete(old)
            for position, (label, url) in enumerate(links, start=1):
                session.create(MeetingLink, meeting=meeting, label=label, url=url, position=position)
        if modifications is not None:
            for decision in meeting.decisions.all():
                session.delete(decision)  # its status change goes with it (StatusChange.decision)
            _add_modifications(session, meeting, modifications)
        record_decided_statuses(meeting)
        return meeting


def _set_dates(session: Session, meeting: Meeting, dates: Sequence[datetime.date]) -> None:
    for old in meeting.dates.exclude(date__in=dates):
        session.delete(old)
    have = set(meeting.dates.values_list("date", flat=True))
    for day in dates:
        if day not in have:
            session.create(MeetingDate, meeting=meeting, date=day)


def enter_proposed_meetings(
    month: datetime.date, new_meetings: Sequence[NewMeeting], *, user: Actor = None, confirm_published: bool = False
) -> list[Meeting]:
    """Save the month's meetings the editor confirmed (opsreport/schedule/), all or none. A
    committee that has a meeting in the month by now (entered elsewhere meanwhile) is refused
    rather than entered twice: ValidationError, nothing saved."""
    with action(f"Meetings proposed for {month:%B %Y}", user, confirm_published=confirm_published):
        committees = [m.committee.pk for m in new_meetings]
        # Two confirmations at once: the second waits here, then finds the first's meetings.
        list(Committee.objects.select_for_update().filter(pk__in=committees).values_list("pk", flat=True))
        taken = set(
            Meeting.objects.filter(
                committee__in=committees, dates__date__gte=month, dates__date__lte=last_day(month)
            ).values_list("committee__name", flat=True)
        )
        if taken:
            raise ValidationError(
                "Already entered for %(month)s, so not saved again: %(names)s. Nothing was saved; "
                "it is unticked below: save again to enter the others.",
                params={"month": month_label(month), "names": ", ".join(sorted(taken))},
            )
        return [
            enter_meeting(
                new.committee,
                new.dates,
                new.summary,
                name=new.name,
                confidential=new.confidential,
                links=new.links,
            )
            for new in new_meetings
        ]


def set_committee(name: str, *, user: Actor = None, confirm_published: bool = False, **fields: Any) -> Committee:
    """The committee named `name` with `fields` (category, position, standard_summary,
    link_pattern): created if new, otherwise corrected where they differ."""
    with action(f"Committee {name}", user, confirm_published=confirm_published) as session:
        return session.put(Committee, {"name": name}, **fields)


def set_release(name: str, *, user: Actor = None, confirm_published: bool = False, **fields: Any) -> Release:
    """The SEC release named `name` with `fields` (go_live, document_only)."""
    with action(f"Release {name}", user, confirm_published=confirm_published) as session:
        return session.put(Release, {"name": name}, **fields)


def set_sec_version(number: str, *, user: Actor = None, confirm_published: bool = False, **fields: Any) -> SECVersion:
    """SEC Version `number` with `fields` (go_live, description)."""
    with action(f"SEC Version {number}", user, confirm_published=confirm_published) as session:
        return session.put(SECVersion, {"number": number}, **fields)


def set_modification(
    reference: str, *, user: Actor = None, confirm_published: bool = False, **fields: Any
) -> Modification:
    """The modification `reference` with `fields` (title, target_release)."""
    with action(f"Modification {reference}", user, confirm_published=confirm_published) as session:
        return session.put(Modification, {"reference": reference}, **fields)


def record_status(
    modification: Modification,
    status: str,
    date: datetime.date,
    *,
    user: Actor = None,
    confirm_published: bool = False,
) -> StatusChange:
    """The modification's status from `date` on, typed into its history (a meeting's decision
    records its own: MeetingModification.record_status)."""
    with action(f"Status of {modification}", user, confirm_published=confirm_published) as session:
        return session.create(StatusChange, modification=modification, status=status, date=date)
