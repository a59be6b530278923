from django import template

from innocounty.twofactor.reauth import FIELD, asks

register = template.Library()


@register.inclusion_tag("twofactor/_reauth_field.html", takes_context=True)
def reauth_field(context, name=""):
    """In a consequential act's confirmation: the one-time code field, when this user must re-authenticate."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"ask": asks(request, user), "field": FIELD, "name": name}
