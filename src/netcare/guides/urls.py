from django.urls import path

from netcare.guides import views

app_name = "guides"

urlpatterns = [
    path("library/", views.check_library, name="check_library"),
    path("editions/<int:pk>/", views.guide_detail, name="guide_detail"),
    path("editions/<int:pk>/publish/", views.guide_publish, name="guide_publish"),
    path("sections/<int:pk>/agree/", views.section_agree, name="section_agree"),
    path("<str:code>/", views.guide_list, name="guide_list"),
    path("<str:code>/generate/", views.guide_generate, name="guide_generate"),
    path("<str:code>/sections/", views.section_add, name="section_add"),
]
