"""The effort and website screens' forms, which the workbook's Effort and Website sheets read
their cells with too (opsreport/workbook/sheets/): both accept and refuse the same figures, in
the same words."""

from django import forms
from django.utils.text import capfirst

from opsreport.lib.forms import MAX_WEBSITE, CountField, DaysField
from opsreport.models import EffortEntry, WebsiteMonth


class EffortEntryForm(forms.ModelForm):
    days = DaysField(label="Days")

    class Meta:
        model = EffortEntry
        fields = ["driver", "product", "grade", "days"]


def _website_figures():
    """A count field for each of the month's figures (WebsiteMonth.figure_fields), required
    unless the model lets it be empty. Declared on the form, so the admin keeps them too."""
    return {
        f.name: CountField(maximum=MAX_WEBSITE, required=not f.null, label=capfirst(f.verbose_name))
        for f in WebsiteMonth.figure_fields()
    }


class _WebsiteMonthMeta:
    model = WebsiteMonth
    fields = ["month", *(f.name for f in WebsiteMonth.figure_fields())]


WebsiteMonthForm = type("WebsiteMonthForm", (forms.ModelForm,), {**_website_figures(), "Meta": _WebsiteMonthMeta})
