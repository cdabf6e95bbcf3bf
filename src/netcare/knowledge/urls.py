from django.urls import path

from netcare.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("library/", views.library_page, name="library"),
    path("library/save/", views.document_save, name="document_save"),
    path("library/import/", views.library_import, name="library_import"),
    path("library/<int:pk>/", views.document_detail, name="document_detail"),
    path("library/<int:pk>/file/", views.document_file, name="document_file"),
    path("packages/<int:pk>/", views.package_detail, name="package_detail"),
    path("packages/<int:pk>/add/", views.package_add, name="package_add"),
    path("packages/<int:pk>/push/", views.package_push, name="package_push"),
    path("items/<int:pk>/remove/", views.item_remove, name="item_remove"),
    path("<str:code>/packages/", views.packages_page, name="packages"),
    path("<str:code>/packages/propose/", views.package_propose, name="package_propose"),
    path("<str:code>/profile/", views.profile_save, name="profile_save"),
]
