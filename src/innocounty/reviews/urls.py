from django.urls import path

from innocounty.reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.index, name="index"),
    path("batches/<int:batch_pk>/", views.overview, name="overview"),
    path("batches/<int:batch_pk>/provinces/<str:code>/", views.province_desk, name="province"),
    path("batches/<int:batch_pk>/provinces/<str:code>/submit/", views.province_submit_list, name="submit_list"),
    path("applications/<int:pk>/priority/", views.move_priority, name="priority"),
    path("batches/<int:batch_pk>/formal/", views.formal_list, name="formal_list"),
    path("applications/<int:pk>/formal/", views.formal_review, name="formal_review"),
    path("batches/<int:batch_pk>/data-evaluation/", views.data_evaluation, name="data_evaluation"),
    path(
        "batches/<int:batch_pk>/data-evaluation/indicators/",
        views.data_evaluation_indicators,
        name="data_evaluation_indicators",
    ),
    path("batches/<int:batch_pk>/data-evaluation/close/", views.close_evaluation, name="close_evaluation"),
    path("applications/<int:pk>/consultation/", views.mark, name="mark"),
]
