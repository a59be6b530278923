from django.urls import path

from innocounty.approvals import views_public

app_name = "public"

urlpatterns = [
    path("notices/", views_public.notices, name="notices"),
    path("notices/<int:pk>/", views_public.notice, name="notice"),
    path("notices/<int:pk>/objection/", views_public.object_to, name="objection"),
    path("approved/", views_public.approved, name="approved"),
    path("approved/map.json", views_public.approved_map_data, name="approved_map_data"),
]
