manage_urlpatterns = []
public_urlpatterns = []
