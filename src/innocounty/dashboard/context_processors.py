from django.conf import settings


def shell(request):
    return {"platform_name": settings.PLATFORM_NAME}
