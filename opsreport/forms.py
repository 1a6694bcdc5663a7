"""The effort and website screens' forms, which the workbook's Effort and Website sheets read
their cells with too (opsreport/workbook/sheets/): both accept and refuse the same figures, in
the same words."""

from django import forms

from opsreport.lib.forms import MAX_WEBSITE, CountField, DaysField
from opsreport.models import EffortEntry, WebsiteMonth


class EffortEntryForm(forms.ModelForm):
    days = DaysField(label="Days")

    class Meta:
        model = EffortEntry
        fields = ["driver", "product", "grade", "days"]


class WebsiteMonthForm(forms.ModelForm):
    visits = CountField(maximum=MAX_WEBSITE, label="Visits")
    page_views = CountField(maximum=MAX_WEBSITE, label="Page views")
    new_visitors = CountField(maximum=MAX_WEBSITE, required=False, label="New visitors")
    returning_visitors = CountField(maximum=MAX_WEBSITE, required=False, label="Returning visitors")

    class Meta:
        model = WebsiteMonth
        fields = ["month", "visits", "page_views", "new_visitors", "returning_visitors"]
