from django.conf import settings


def portal(request):
    return {"DEMO": settings.DEMO}
