"""The party-page forms: an applicant's accession in one step, and a party's later events; and
the completion screens' forms.

They check; opsreport.actions writes (accede, record_party_event, record_completion). The
workbook's Membership and Completions sheets check their rows with these same forms.
"""

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError

from parties.models import EventKind, MembershipEvent, Party, PartyCategory, TestCompletion, UEPCompletion, VotingGroup
from parties.reports import default_spells


class AccessionForm(forms.Form):
    """An applicant accedes: its Party (new, or the existing one of that name), the party's voting
    group (existing, or new) and so its category, and the dated Accession event."""

    date = forms.DateField(label="Acceded on", widget=AdminDateWidget, help_text="The date of the Accession Agreement.")
    party_name = forms.CharField(
        label="Party name", max_length=200, help_text="As the party is to be named in the paper's tables."
    )
    category = forms.ChoiceField(label="Party category", choices=PartyCategory.choices)
    voting_group = forms.ModelChoiceField(
        queryset=VotingGroup.objects.all(),
        required=False,
        label="Existing voting group",
        help_text="For an affiliate of a party already in the SEC; its category must be the one above.",
    )
    new_voting_group = forms.CharField(
        label="Or a new voting group",
        max_length=200,
        required=False,
        help_text="Left empty with no existing group chosen, the party gets a voting group of its own name.",
    )

    def __init__(self, *args, applicant, **kwargs):
        self.applicant = applicant
        kwargs.setdefault("initial", {"party_name": applicant.name, "category": applicant.category})
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        date, name, category = data.get("date"), data.get("party_name"), data.get("category")
        group, new_group = data.get("voting_group"), (data.get("new_voting_group") or "").strip()
        if date and date < self.applicant.applied_on:
            self.add_error(
                "date", f"The applicant applied on {self.applicant.applied_on:%d/%m/%Y}: it cannot accede before."
            )
        if group and new_group:
            self.add_error("new_voting_group", "Choose an existing voting group or name a new one, not both.")
        if group and category and group.category != category:
            self.add_error(
                "voting_group",
                f"{group} is a voting group of {group.get_category_display()}; choose a group of the party's category.",
            )
        party = Party.objects.filter(name=name).select_related("voting_group").first() if name else None
        if party is not None:
            self._check_existing_party(party, date, category, group, new_group)
        elif not group:
            new_group = new_group or name
            if new_group and VotingGroup.objects.filter(name=new_group).exists():
                self.add_error(
                    "new_voting_group",
                    f"A voting group named {new_group} exists: choose it as the existing voting group, or name a new one.",
                )
        data["party"], data["new_voting_group"] = party, new_group
        return data

    def _check_existing_party(self, party, date, category, group, new_group):
        """Linking a party already recorded: it must be the one this applicant became."""
        if party.is_dcc:
            self.add_error("party_name", "The DCC does not accede as an applicant.")
            return
        linked = getattr(party, "application", None)
        if linked is not None and linked.pk != self.applicant.pk:
            self.add_error(
                "party_name", f"{party} is already linked to the applicant {linked} ({linked.applied_on:%d/%m/%Y})."
            )
        accession = party.events.filter(kind=EventKind.ACCESSION).first()
        if accession and date and accession.date != date:
            self.add_error("date", f"{party} acceded on {accession.date:%d/%m/%Y}: enter that date to link it.")
        if party.voting_group_id and category and party.voting_group.category != category:
            self.add_error(
                "category", f"{party} is in {party.voting_group}, a group of {party.get_category_display()}."
            )
        if (group and group != party.voting_group) or (new_group and new_group != party.voting_group.name):
            self.add_error("voting_group", f"{party} already belongs to the voting group {party.voting_group}.")


# The events recorded from a party's page, with the words its buttons use.
PARTY_EVENT_ACTIONS = {
    EventKind.DEFAULT_ENTERED: "Entered default",
    EventKind.DEFAULT_LEFT: "Left default",
    EventKind.WITHDRAWAL: "Withdrew",
    EventKind.EXPULSION: "Expelled",
}


class PartyEventForm(forms.Form):
    """A party enters or leaves default, withdraws or is expelled, with its Table 3 footnote."""

    kind = forms.ChoiceField(choices=[(kind.value, label) for kind, label in PARTY_EVENT_ACTIONS.items()])
    date = forms.DateField(widget=AdminDateWidget)
    note = forms.CharField(
        label="Footnote",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Printed as a footnote in Table 3 (left default is not footnoted).",
    )

    def __init__(self, *args, party, **kwargs):
        self.party = party
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        kind, date = data.get("kind"), data.get("date")
        if kind in (EventKind.DEFAULT_ENTERED, EventKind.WITHDRAWAL, EventKind.EXPULSION) and not data.get("note"):
            self.add_error("note", "Table 3 prints this event with a footnote: enter its text.")
        if kind and date:
            self.event = MembershipEvent(party=self.party, kind=kind, date=date, note=data.get("note", ""))
            try:
                self.event.full_clean()
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    self.add_error(field if field in self.fields else None, messages)
            if kind == EventKind.DEFAULT_LEFT and not self._in_default_on(date):
                self.add_error("kind", f"{self.party} was not in default on {date:%d/%m/%Y}.")
        return data

    def _in_default_on(self, date):
        """By the rule Table 3 and the month page count with (parties.reports.default_spells)."""
        spells = default_spells(date, party=self.party.pk).get(self.party.pk, [])
        return any(spell.left is None for spell in spells)


class UEPCompletionForm(forms.ModelForm):
    """The UEP completion screen's form, which the workbook's Completions sheet checks its rows
    with too (opsreport/workbook/sheets/completions.py)."""

    class Meta:
        model = UEPCompletion
        fields = ["party", "roles", "completed_on"]
        error_messages = {"roles": {"required": "Name at least one DCC user role."}}


class TestCompletionForm(forms.ModelForm):
    __test__ = False  # not a test case, whatever pytest makes of the name

    class Meta:
        model = TestCompletion
        fields = ["kind", "party", "roles", "completed_on", "classification"]
        error_messages = {"roles": {"required": "Name at least one DCC user role."}}
