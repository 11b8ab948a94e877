from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Centre, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets[:1],
        (
            _("Personal info"),
            {"fields": ("first_name", "last_name", "display_name", "email", "centre")},
        ),
        *DjangoUserAdmin.fieldsets[2:],
    )
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "last_login")
    search_fields = ("username", "email", "first_name", "last_name", "display_name")


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "region", "contact_email")
    search_fields = ("name", "code")
    filter_horizontal = ("coordinators",)
