"""A bare Django project in one file — one view returning a short text, no database, no middleware — served
by the same gunicorn settings as the platform, as the ceiling the publication-day benchmark compares with:

    gunicorn -w 2 -b 127.0.0.1:8766 --chdir benchmarks bare_django:application
"""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bare-benchmark-only",
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    USE_I18N=False,
)


def hello(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("", hello)]
application = get_wsgi_application()
