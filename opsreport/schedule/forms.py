"""The proposals page's formset: one form per proposed meeting, which the editor ticks, dates
and words as the meeting happened."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.forms.utils import ErrorDict

from meetings.models import Committee, MeetingLink
from meetings.schedule import NewMeeting, pattern_labels
from opsreport.lib.months import last_day, month_label

MAX_DATES = 10
MAX_LINKS = 10


def parse_dates(text, month):
    """'12/07/2018, 25/07/2018' -> [date, date], each in `month`, none twice."""
    parts = [p for p in re.split(r"[\s,;]+", text or "") if p]
    if not parts:
        raise ValidationError("Enter the meeting's date, e.g. 12/07/2018.")
    if len(parts) > MAX_DATES:
        raise ValidationError(f"A meeting has at most {MAX_DATES} dates.")
    dates = []
    for part in parts:
        try:
            day = datetime.datetime.strptime(part, "%d/%m/%Y").date()
        except ValueError:
            raise ValidationError(f"“{part[:20]}” is not a date written as dd/mm/yyyy, e.g. 12/07/2018.") from None
        if not month <= day <= last_day(month):
            raise ValidationError(f"{day:%d/%m/%Y} is not in {month_label(month)}: this page enters that month.")
        if day in dates:
            raise ValidationError(f"{day:%d/%m/%Y} is listed twice.")
        dates.append(day)
    return sorted(dates)


def parse_links(text):
    """One link a line, 'label | address'; the address may wait ('label |' or just 'label'); an
    address alone (http:// or https://) has no label yet (None): ProposedMeetingForm.clean
    gives it the committee's."""
    label_field = MeetingLink._meta.get_field("label")
    validate_url = URLValidator(schemes=["http", "https"])
    links = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        label, _, url = (part.strip() for part in line.partition("|"))
        if not url and re.match(r"https?://", label, re.IGNORECASE):
            label, url = None, label
        elif not label:
            raise ValidationError(f"Line {number}: write the link's label before the |.")
        if label and len(label) > label_field.max_length:
            raise ValidationError(f"Line {number}: a label has at most {label_field.max_length} characters.")
        if url:
            if "://" not in url:
                url = f"https://{url}"  # as the admin does: an address typed bare is the SEC website's
            try:
                validate_url(url)
            except ValidationError:
                raise ValidationError(f"Line {number}: “{url[:60]}” is not a web address.") from None
        links.append((label, url))
    if len(links) > MAX_LINKS:
        raise ValidationError(f"A meeting has at most {MAX_LINKS} links.")
    return links


class ProposedMeetingForm(forms.Form):
    include = forms.BooleanField(required=False, initial=True, label="Enter this meeting")
    committee = forms.ModelChoiceField(queryset=Committee.objects.all(), widget=forms.HiddenInput)
    name = forms.CharField(
        max_length=200, required=False, label="Meeting", help_text="Empty: the committee's name is printed."
    )
    dates = forms.CharField(
        max_length=200, required=False, label="Date(s)", help_text="dd/mm/yyyy; several separated by commas."
    )
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label="Summary of events")
    confidential = forms.BooleanField(required=False, label="Confidential")
    links = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        label="Links",
        help_text="One link a line: label | address, or an address alone. The labels proposed follow "
        "the meeting's dates and name as you enter them.",
    )

    def __init__(self, *args, month, committees, proposed_labels=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.month = month
        self.committees = committees  # {pk: Committee}, loaded once for the whole formset
        # {committee pk: [label]}: the link labels the schedule proposed, for the proposed dates
        self.proposed_labels = proposed_labels or {}
        self.fields["committee"].queryset = Committee.objects.filter(pk__in=list(committees))

    @property
    def committee_name(self):
        value = self["committee"].value()
        try:
            return self.committees[int(value)].name
        except (KeyError, TypeError, ValueError):
            return "Unknown committee"

    def full_clean(self):
        """A row left unticked is not entered, so nothing in it is checked."""
        if self.is_bound and not self.fields["include"].widget.value_from_datadict(
            self.data, self.files, self.add_prefix("include")
        ):
            self._errors = ErrorDict()
            self.cleaned_data = {"include": False}
            return
        super().full_clean()

    def clean_dates(self):
        return parse_dates(self.cleaned_data["dates"], self.month)

    def clean_links(self):
        return parse_links(self.cleaned_data["links"])

    def clean(self):
        """Label the links as the workbook does (meetings.schedule.pattern_labels): a label left
        as the schedule proposed it, for the proposed date and number, is made again for the
        dates and name entered (TABASC 32 1907 becomes TABASC 32 0507 when the meeting was on
        05/07), and an address alone is labelled the same way."""
        data = super().clean()
        if self.errors:
            return data
        committee = data["committee"]
        proposed = set(self.proposed_labels.get(committee.pk, []))
        links = [(None if label in proposed else label, url) for label, url in data["links"]]
        data["links"] = pattern_labels(committee, data["name"].strip(), data["dates"], self.month, links)
        return data

    def new_meeting(self):
        data = self.cleaned_data
        return NewMeeting(
            committee=data["committee"],
            name=data["name"].strip(),
            dates=data["dates"],
            summary=data["summary"].strip(),
            confidential=data["confidential"],
            links=data["links"],
        )


class BaseProposalFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            if form.cleaned_data.get("include"):
                committee = form.cleaned_data["committee"]
                if committee.pk in seen:
                    raise ValidationError(f"{committee.name} is listed twice.")
                seen.add(committee.pk)

    def chosen(self):
        return [form.new_meeting() for form in self.forms if form.cleaned_data.get("include")]


ProposalFormSet = forms.formset_factory(
    ProposedMeetingForm, formset=BaseProposalFormSet, extra=0, max_num=200, validate_max=True, absolute_max=200
)


def initial_for(proposal):
    return {
        "include": True,
        "committee": proposal.committee_id,
        "name": proposal.name,
        "dates": ", ".join(f"{day:%d/%m/%Y}" for day in proposal.dates),
        "summary": proposal.summary,
        "confidential": proposal.confidential,
        "links": "\n".join(f"{label} | " for label in proposal.links),
    }
