"""``{% open_data_citation run %}``: the citation line of a published run, linking to its data package."""

from django import template
from django.urls import reverse

from innocounty.opendata.package import citation

register = template.Library()


@register.inclusion_tag("opendata/_citation.html", takes_context=True)
def open_data_citation(context, run):
    if run is None or not getattr(run, "published", False):
        return {"run": None}
    request = context.get("request")
    path = reverse("opendata:run", args=[run.pk])
    url = request.build_absolute_uri(path) if request is not None else path
    return {"run": run, "citation": citation(run, url), "url": path}
