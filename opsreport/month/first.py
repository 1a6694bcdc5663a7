"""An empty start: the install has no paper yet, so no month to start the next from.

Home shows editors and the approver the go-live steps (templates/site/_go_live.html) and this
form, which starts the first month through opsreport.actions.start_first_month; every month
after is started from the one before (Start next month), including from an imported past
issue (opsreport/paper/imported.py).
"""

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils import timezone

from opsreport.lib.classification import Classification
from opsreport.lib.months import first_of_month, latest_month_allowed, month_key, month_label, parse_month_key
from opsreport.paper.imported import DATE_FORMATS, DEFAULT_AUTHOR

# The register's empty workbook (opsreport/register/), linked from the empty install's pages.
REGISTER_TEMPLATE_URL = reverse_lazy("register:template")


class FirstMonthForm(forms.Form):
    """The month and the front page Start next month would otherwise carry over."""

    month = forms.CharField(max_length=7, help_text="The first month to publish from here, as YYYY-MM.")
    panel_meeting_number = forms.IntegerField(min_value=1, max_value=32767, help_text="e.g. 58")
    panel_meeting_date = forms.DateField(input_formats=DATE_FORMATS, help_text="YYYY-MM-DD")
    paper_number = forms.IntegerField(min_value=1, max_value=32767, help_text="Its number in the meeting's pack.")
    issue_date = forms.DateField(label="Date of issue", input_formats=DATE_FORMATS, help_text="YYYY-MM-DD")
    author = forms.CharField(max_length=100, initial=DEFAULT_AUTHOR)
    classification = forms.ChoiceField(choices=Classification.choices, initial=Classification.WHITE)

    def clean_month(self) -> datetime.date:
        try:
            month = parse_month_key(self.cleaned_data["month"].strip())
        except ValueError as error:
            raise ValidationError(f"{error}.") from None
        if month > latest_month_allowed(timezone.localdate()):
            raise ValidationError(f"{month_label(month)} is more than a year ahead.")
        return month

    def front_page(self) -> dict[str, Any]:
        """The Paper's fields but the month, for the action."""
        return {name: value for name, value in self.cleaned_data.items() if name != "month"}


def first_month_form(month: datetime.date | None = None) -> FirstMonthForm:
    """The empty form, offering `month` (by default this one)."""
    return FirstMonthForm(initial={"month": month_key(first_of_month(month or timezone.localdate()))})
