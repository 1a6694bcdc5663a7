"""The helpdesk screen's forms, which the workbook's Helpdesk sheet reads its cells with too
(opsreport/workbook/sheets/helpdesk.py): both accept and refuse the same counts, in the same
words."""

from django import forms

from helpdesk.models import EmailTally, HelpdeskMonth
from opsreport.lib.forms import CountField


class HelpdeskMonthForm(forms.ModelForm):
    telephone_enquiries = CountField(required=False, label="Telephone enquiries")
    mailbox_total = CountField(
        required=False,
        label="Emails to the SECAS mailbox",
        help_text=HelpdeskMonth._meta.get_field("mailbox_total").help_text,
    )

    class Meta:
        model = HelpdeskMonth
        fields = ["month", "telephone_enquiries", "mailbox_total"]


class EmailTallyForm(forms.ModelForm):
    emails = CountField(label="Emails")

    class Meta:
        model = EmailTally
        fields = ["category", "emails"]
