"""Staff and judges' evaluation workspace (/kelola/evaluasi/...). Each area keeps its
patterns in its own module."""

from .views.judging import urlpatterns as judging_urls
from .views.periods import urlpatterns as period_urls
from .views.results import manage_urlpatterns as results_urls

app_name = "evaluations-manage"

urlpatterns = [*period_urls, *judging_urls, *results_urls]
