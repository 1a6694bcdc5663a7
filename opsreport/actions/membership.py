"""SEC Party membership: an accession, and a party's later events (default, withdrawal,
expulsion). The checks a person would be told about are the forms' (parties/forms.py); these
write, each in one transaction, and the models refuse what the forms could not see."""

import datetime

from opsreport.actions.core import Actor, Session, action
from parties.models import LEAVING_KINDS, Applicant, EventKind, MembershipEvent, Party, VotingGroup


def accede(
    party_name: str,
    date: datetime.date,
    *,
    category: str,
    applicant: Applicant | None = None,
    voting_group: VotingGroup | None = None,
    new_voting_group: str = "",
    note: str = "",
    user: Actor = None,
    confirm_published: bool = False,
) -> Party:
    """A party accedes on `date`: the Party (the existing one of that name, or a new one), its
    voting group (`voting_group`, or a new one named `new_voting_group`, by default the party's
    own name) of `category`, and the Accession event; an `applicant` is linked to the party,
    so Table 1 and Table 3 read one accession."""
    with action(f"Accession of {party_name}", user, confirm_published=confirm_published) as session:
        party = Party.objects.filter(name__iexact=party_name).first()
        if party is None:
            group = voting_group or session.get_or_create(
                VotingGroup, name=new_voting_group or party_name, category=category
            )
            party = session.create(Party, name=party_name, voting_group=group)
        if not party.events.filter(kind=EventKind.ACCESSION).exists():
            session.create(MembershipEvent, party=party, kind=EventKind.ACCESSION, date=date, note=note)
        if applicant is not None:
            session.update_fields(applicant, party=party, acceded_on=date)
        return party


def record_application(
    name: str,
    category: str,
    applied_on: datetime.date,
    *,
    user: Actor = None,
    confirm_published: bool = False,
) -> Applicant:
    """An organisation applied to accede on `applied_on`: Table 1 lists it until it accedes."""
    with action(f"Application of {name}", user, confirm_published=confirm_published) as session:
        return session.create(Applicant, name=name, category=category, applied_on=applied_on)


def record_party_event(
    party: Party,
    kind: str,
    date: datetime.date,
    note: str = "",
    *,
    user: Actor = None,
    confirm_published: bool = False,
) -> MembershipEvent:
    """The party acceded (a party on record without its accession), entered or left default,
    withdrew or was expelled on `date`, with its Table 3 footnote."""
    with action(f"{EventKind(kind).label}: {party}", user, confirm_published=confirm_published) as session:
        return session.create(MembershipEvent, party=party, kind=kind, date=date, note=note)


def set_event_note(
    event: MembershipEvent, note: str, *, user: Actor = None, confirm_published: bool = False
) -> MembershipEvent:
    """Correct the footnote of a party's event."""
    with action(f"{event.get_kind_display()}: {event.party}", user, confirm_published=confirm_published) as session:
        return session.update_fields(event, note=note)


def set_party_record(
    name: str,
    *,
    is_dcc: bool = False,
    category: str = "",
    voting_group: str = "",
    acceded_on: datetime.date | None = None,
    accession_note: str | None = None,
    left_on: datetime.date | None = None,
    how_left: str = "",
    leaving_note: str | None = None,
    user: Actor = None,
    confirm_published: bool = False,
) -> Party:
    """A party as the register records it: the party (made if new), its voting group (of
    `category`, made if new; none for the DCC), its accession and its leaving (a withdrawal or
    an expulsion, `how_left`). A date or note given as None leaves what is on record as it is;
    nothing is deleted."""
    with action(f"Register: {name}", user, confirm_published=confirm_published) as session:
        group = None if is_dcc else session.get_or_create(VotingGroup, name=voting_group, category=category)
        party = Party.objects.filter(name__iexact=name).first()
        if party is None:
            party = session.create(Party, name=name, voting_group=group, is_dcc=is_dcc)
        elif party.voting_group_id != (group.pk if group else None) or party.is_dcc != is_dcc:
            session.update_fields(party, voting_group=group, is_dcc=is_dcc)
        if acceded_on is not None or accession_note is not None:
            _set_event(session, party, [EventKind.ACCESSION], EventKind.ACCESSION, acceded_on, accession_note)
        if left_on is not None or leaving_note is not None:
            _set_event(session, party, list(LEAVING_KINDS), how_left, left_on, leaving_note)
        return party


def _set_event(
    session: Session,
    party: Party,
    kinds: list[str],
    kind: str,
    date: datetime.date | None,
    note: str | None,
) -> None:
    """The party's one event of `kinds` made, or corrected to `kind`, `date` and `note` (None:
    left as it is)."""
    event = party.events.filter(kind__in=kinds).first()
    if event is None:
        if date is not None:
            session.create(MembershipEvent, party=party, kind=kind, date=date, note=note or "")
        return
    fields: dict[str, object] = {}
    if date is not None:
        fields |= {"kind": kind or event.kind, "date": date}
    if note is not None:
        fields["note"] = note
    if any(getattr(event, field) != value for field, value in fields.items()):
        session.update_fields(event, **fields)


def set_default_spell(
    party: Party,
    entered: datetime.date,
    left: datetime.date | None = None,
    note: str | None = None,
    *,
    user: Actor = None,
    confirm_published: bool = False,
) -> MembershipEvent:
    """The party's default from `entered` (made if new) to `left` (made, or the spell's end
    corrected; None leaves it as it is), with its Table 3 footnote (None: left as it is)."""
    with action(f"Default: {party}", user, confirm_published=confirm_published) as session:
        event = party.events.filter(kind=EventKind.DEFAULT_ENTERED, date=entered).first()
        if event is None:
            event = session.create(
                MembershipEvent, party=party, kind=EventKind.DEFAULT_ENTERED, date=entered, note=note or ""
            )
        elif note is not None and note != event.note:
            session.update_fields(event, note=note)
        if left is not None:
            # The spell's end on record: the first "left default" after it began, before the next spell.
            following = party.events.filter(kind=EventKind.DEFAULT_ENTERED, date__gt=entered).order_by("date").first()
            ends = party.events.filter(kind=EventKind.DEFAULT_LEFT, date__gte=entered)
            if following is not None:
                ends = ends.filter(date__lt=following.date)
            end = ends.order_by("date").first()
            if end is None:
                session.create(MembershipEvent, party=party, kind=EventKind.DEFAULT_LEFT, date=left)
            elif end.date != left:
                session.update_fields(end, date=left)
        return event


def set_applicant_record(
    name: str,
    category: str,
    applied_on: datetime.date,
    party: Party | None = None,
    *,
    user: Actor = None,
    confirm_published: bool = False,
) -> Applicant:
    """An application as the register records it (made if new, its category corrected), linked
    to the `party` it became (None: the link is left as it is) with the party's accession date,
    as the Accede button links one."""
    with action(f"Application of {name}", user, confirm_published=confirm_published) as session:
        applicant = Applicant.objects.filter(name__iexact=name, applied_on=applied_on).first()
        if applicant is None:
            applicant = session.create(Applicant, name=name, category=category, applied_on=applied_on)
        elif applicant.category != category:
            session.update_fields(applicant, category=category)
        if party is not None and applicant.party_id != party.pk:
            accession = party.events.filter(kind=EventKind.ACCESSION).values_list("date", flat=True).first()
            session.update_fields(applicant, party=party, acceded_on=accession)
        return applicant
