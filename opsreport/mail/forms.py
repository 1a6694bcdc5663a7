from django import forms

from opsreport.mail.models import OutsideAddress, Preference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["publications", "attach_pdf", "workflow"]


class OutsideAddressForm(forms.ModelForm):
    class Meta:
        model = OutsideAddress
        fields = ["email", "name"]

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
