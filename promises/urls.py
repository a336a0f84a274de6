app_name = "promises"

urlpatterns = []
