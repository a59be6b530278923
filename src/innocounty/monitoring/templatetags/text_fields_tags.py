"""``{% text_fields_link round county %}``: a link to the county's free-text fields when the framework has any."""

from django import template
from django.urls import reverse

from innocounty.monitoring.text_fields import text_fields_of

register = template.Library()


@register.inclusion_tag("monitoring/_text_fields_link.html")
def text_fields_link(data_round, county):
    specs = text_fields_of(data_round.framework) if data_round is not None else []
    url = reverse("monitoring_texts:county_texts", args=[data_round.pk, county.code]) if specs else ""
    return {"specs": specs, "url": url}
