from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    token = forms.CharField(
        label=_("动态码或恢复码"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
        help_text=_("身份验证器中的 6 位动态码；手机不在身边时可用一个恢复码。"),
    )


class EnrolForm(forms.Form):
    token = forms.CharField(
        label=_("身份验证器显示的 6 位动态码"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
