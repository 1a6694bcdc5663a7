"""The meeting screens' forms for committees, modifications, their statuses, releases and SEC
versions: the admin's screens use them, and the register's sheets (opsreport/register/) check
their rows with them, so both accept and refuse the same values in the same words."""

from django import forms

from meetings.models import Committee, Modification, Release, SECVersion, StatusChange


class CommitteeForm(forms.ModelForm):
    class Meta:
        model = Committee
        fields = ["name", "category", "position", "standard_summary", "link_pattern"]


class ReleaseForm(forms.ModelForm):
    class Meta:
        model = Release
        fields = ["name", "go_live", "document_only"]


class SECVersionForm(forms.ModelForm):
    class Meta:
        model = SECVersion
        fields = ["number", "go_live", "description"]


class ModificationForm(forms.ModelForm):
    class Meta:
        model = Modification
        fields = ["reference", "title", "target_release"]


class StatusChangeForm(forms.ModelForm):
    """A status typed into a modification's history (a meeting's decision writes its own)."""

    class Meta:
        model = StatusChange
        fields = ["date", "status"]
