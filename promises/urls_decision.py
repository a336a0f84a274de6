app_name = "promises_decision"

urlpatterns = []
