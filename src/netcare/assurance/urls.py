from django.urls import path

from netcare.assurance import views

app_name = "assurance"

urlpatterns = [
    path("reviews/", views.my_reviews, name="my_reviews"),
    path("reviews/<int:pk>/decide/", views.review_decide, name="review_decide"),
    path("changes/<int:pk>/", views.change_detail, name="change_detail"),
    path("changes/<int:pk>/plan/", views.change_plan, name="change_plan"),
    path("changes/<int:pk>/submit/", views.change_submit, name="change_submit"),
    path("changes/<int:pk>/reviewer/", views.change_reviewer, name="change_reviewer"),
    path("changes/<int:pk>/roster/", views.change_roster, name="change_roster"),
    path("changes/<int:pk>/move/", views.change_move, name="change_move"),
    path("changes/<int:pk>/event/", views.change_event, name="change_event"),
    path("changes/<int:pk>/complete/", views.change_complete, name="change_complete"),
    path("changes/<int:pk>/publish/", views.change_publish, name="change_publish"),
    path("periods/<int:pk>/", views.period_detail, name="period_detail"),
    path("periods/<int:pk>/roster/", views.period_roster, name="period_roster"),
    path("periods/<int:pk>/item/", views.period_item, name="period_item"),
    path("periods/<int:pk>/event/", views.period_event, name="period_event"),
    path("periods/<int:pk>/move/", views.period_move, name="period_move"),
    path("periods/<int:pk>/summary/", views.period_summary, name="period_summary"),
    path("periods/<int:pk>/publish/", views.period_publish, name="period_publish"),
    path("items/<int:pk>/tick/", views.item_tick, name="item_tick"),
    path("<str:code>/changes/", views.change_list, name="change_list"),
    path("<str:code>/changes/file/", views.change_file, name="change_file"),
    path("<str:code>/periods/", views.period_list, name="period_list"),
    path("<str:code>/periods/open/", views.period_open, name="period_open"),
]
