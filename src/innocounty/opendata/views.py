"""Open-data pages: the public index of data packages, one page per published run with its citation, and the
package itself at permanent URLs (``/open-data/runs/<id>/datapackage.json``, ``…/datapackage.zip`` and each CSV
next to the descriptor, so the descriptor's relative paths resolve).

Who sees a package: whoever may see the run's rankings (:mod:`innocounty.rankings.access`) — the public for runs
published to the public. Unpublished runs, and runs a visitor may not see, are 404 here: a permanent URL never
tells whether a hidden run exists.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from innocounty.evaluations.queries import run_by_id
from innocounty.opendata import package
from innocounty.rankings.access import can_view_results, visible_published_runs


def _run(request, pk: int):
    run = run_by_id(pk)
    if run is None or not run.published or not can_view_results(request.user, run):
        raise Http404(_("没有这个开放数据包。"))
    return run


def package_url(request, run) -> str:
    return request.build_absolute_uri(reverse("opendata:run", args=[run.pk]))


def index(request):
    runs = visible_published_runs(request.user).select_related("framework")[:200]
    items = [{"run": run, "citation": package.citation(run, package_url(request, run))} for run in runs]
    return render(request, "opendata/index.html", {"items": items, "license": package.license_info()})


def run_page(request, pk: int):
    run = _run(request, pk)
    descriptor, files = package.build(run, package_url(request, run))
    resources = [{**r, "size": len(files[r["path"]])} for r in descriptor["resources"]]
    return render(request, "opendata/run.html", {
        "run": run, "descriptor": descriptor, "resources": resources, "citation": descriptor["citation"],
        "license": descriptor["licenses"][0],
    })


def datapackage_json(request, pk: int):
    run = _run(request, pk)
    descriptor, _files = package.build(run, package_url(request, run))
    response = JsonResponse(descriptor, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def datapackage_zip(request, pk: int):
    run = _run(request, pk)
    descriptor, files = package.build(run, package_url(request, run))
    response = HttpResponse(package.as_zip(descriptor, files, run), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{descriptor["name"]}.zip"'
    return response


def resource_csv(request, pk: int, name: str):
    run = _run(request, pk)
    _descriptor, files = package.build(run, package_url(request, run))
    path = f"{name}.csv"
    if path not in files:
        raise Http404(_("没有这个数据文件。"))
    response = HttpResponse(files[path], content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{path}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
