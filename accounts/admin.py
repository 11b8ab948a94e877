from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import exports, spreadsheets
from core.admin import ReadOnlyAdmin

from . import services
from .admin_scoping import CentreScopedAdminMixin
from .forms import AccountCreationForm
from .models import Centre, TermsAcceptance, TermsVersion, User


@login_not_required
def admin_login(request, extra_context=None):
    """The admin has no login form of its own: everyone goes through the
    site's throttled login (with two-factor authentication)."""
    target = request.GET.get("next") or reverse("admin:index")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("admin:index")
    if request.user.is_authenticated:
        return redirect(target if request.user.is_staff else "dashboard")
    return redirect(f"{reverse('login')}?{urlencode({'next': target})}")


admin.site.login = admin_login


@admin.register(User)
class UserAdmin(CentreScopedAdminMixin, DjangoUserAdmin):
    centre_field = "centre"
    add_form = AccountCreationForm
    add_fieldsets = (
        (
            None,
            {
                "fields": (
                    "username",
                    "first_name",
                    "last_name",
                    "email",
                    "centre",
                    "send_activation",
                )
            },
        ),
    )
    fieldsets = (
        *DjangoUserAdmin.fieldsets[:1],
        (
            _("Personal info"),
            {
                "fields": (
                    "first_name",
                    "last_name",
                    "display_name",
                    "email",
                    "pending_email",
                    "centre",
                )
            },
        ),
        *DjangoUserAdmin.fieldsets[2:],
        (_("Login"), {"fields": ("last_login_route",)}),
        (_("History"), {"fields": ("history",)}),
    )
    coordinator_fieldsets = (
        (None, {"fields": ("username",)}),
        (
            _("Personal info"),
            {
                "fields": (
                    "first_name",
                    "last_name",
                    "display_name",
                    "email",
                    "pending_email",
                    "centre",
                )
            },
        ),
        (_("Status"), {"fields": ("is_active", "date_joined", "last_login", "last_login_route")}),
        (_("History"), {"fields": ("history",)}),
    )
    readonly_fields = (
        "is_active",
        "last_login",
        "date_joined",
        "last_login_route",
        "pending_email",
        "history",
    )
    list_display = (
        "username",
        "email",
        "first_name",
        "last_name",
        "centre",
        "is_active",
        "last_login",
        "last_login_route",
    )
    list_filter = ("is_active", "last_login_route", ("centre", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("centre",)
    search_fields = ("username", "email", "first_name", "last_name", "display_name")
    actions = ["send_activation", "deactivate", "reactivate", "export_csv"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if not request.user.is_superuser:
            # Same rule as selectors.users_managed_by: staff are for admins.
            qs = qs.filter(is_staff=False, is_superuser=False)
        return qs

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not request.user.is_superuser:
            return self.coordinator_fieldsets
        return super().get_fieldsets(request, obj)

    @admin.display(description=_("History"))
    def history(self, obj):
        """What was done to the account (created, activation sent,
        deactivated...), newest first, from the site's audit log."""
        from django.utils.formats import date_format
        from django.utils.html import format_html, format_html_join

        from core import audit

        entries = audit.entries_about(obj, prefix="accounts.")[:20] if obj else []
        if not entries:
            return "-"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} — {}{}</li>",
                (
                    (
                        date_format(timezone.localtime(entry.at), "SHORT_DATETIME_FORMAT"),
                        audit.action_label(entry.action),
                        f" ({entry.actor})" if entry.actor_id else "",
                    )
                    for entry in entries
                ),
            ),
        )

    def get_list_filter(self, request):
        return self.list_filter

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("delete_selected", None)
        return actions

    def user_change_password(self, request, id, form_url=""):
        # Coordinators never set someone's password: they send the link.
        if not request.user.is_superuser:
            raise Http404
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, id)
            if user is not None:  # the holder is told, as for any password change
                services.security_notice(user=user, kind="password_changed")
        return response

    def save_model(self, request, obj, form, change):
        if change:
            email_changed = "email" in form.changed_data
            new_email = obj.email or ""
            if email_changed:
                # The address changes through the service only (confirmation
                # by the new address, notice to the old one).
                obj.email = User.objects.filter(pk=obj.pk).values_list("email", flat=True)[0]
            super().save_model(request, obj, form, change)
            if email_changed:
                self._change_email(request, obj, new_email)
            return
        try:
            services.user_create(
                actor=request.user,
                user=obj,
                send_activation=form.cleaned_data.get("send_activation", False),
            )
        except (PermissionDenied, ValidationError) as exc:
            raise PermissionDenied from exc

    def _change_email(self, request, user, email):
        try:
            changed_now = services.user_change_email(actor=request.user, user=user, email=email)
        except (PermissionDenied, ValidationError) as exc:
            detail = " ".join(getattr(exc, "messages", [])) or _("Not allowed.")
            self.message_user(request, f"{user}: {detail}", messages.ERROR)
            return
        if not changed_now and user.pending_email:
            self.message_user(
                request,
                _(
                    "A confirmation link was sent to %(new)s; the account keeps its "
                    "address until the link is followed, and its owner was told."
                )
                % {"new": user.pending_email},
                messages.WARNING,
            )

    def _apply(self, request, queryset, fn):
        done = 0
        for user in queryset:
            try:
                if fn(user) is not False:
                    done += 1
            except ValidationError as exc:
                self.message_user(request, f"{user}: {' '.join(exc.messages)}", messages.ERROR)
        return done

    @admin.action(description=_("Send the activation email again"), permissions=["change"])
    def send_activation(self, request, queryset):
        done = self._apply(
            request,
            queryset,
            lambda u: services.user_send_activation(actor=request.user, user=u),
        )
        self.message_user(
            request,
            ngettext(
                "Activation email queued for %(count)d account.",
                "Activation email queued for %(count)d accounts.",
                done,
            )
            % {"count": done},
        )

    @admin.action(description=_("Deactivate the selected accounts"), permissions=["change"])
    def deactivate(self, request, queryset):
        done = self._apply(
            request,
            queryset,
            lambda u: services.user_set_active(actor=request.user, user=u, active=False),
        )
        self.message_user(
            request,
            ngettext("%(count)d account deactivated.", "%(count)d accounts deactivated.", done)
            % {"count": done},
        )

    @admin.action(description=_("Reactivate the selected accounts"), permissions=["change"])
    def reactivate(self, request, queryset):
        done = self._apply(
            request,
            queryset,
            lambda u: services.user_set_active(actor=request.user, user=u, active=True),
        )
        self.message_user(
            request,
            ngettext("%(count)d account reactivated.", "%(count)d accounts reactivated.", done)
            % {"count": done},
        )

    @admin.action(description=_("Export the selected accounts (CSV)"), permissions=["view"])
    def export_csv(self, request, queryset):
        if (refused := exports.refusal(request)) is not None:
            return refused  # the export limit, shared by every export (core/exports.py)
        header = [
            _("username"),
            _("first name"),
            _("last name"),
            _("email address"),
            _("centre"),
            _("active"),
            _("last login"),
            _("last login route"),
        ]
        rows = (
            [
                user.username,
                user.first_name,
                user.last_name,
                user.email or "",
                user.centre.name if user.centre else "",
                _("yes") if user.is_active else _("no"),
                timezone.localtime(user.last_login) if user.last_login else "",
                user.get_last_login_route_display(),
            ]
            for user in queryset.select_related("centre").order_by("username")
        )
        return spreadsheets.csv_response("comptes.csv", header, rows)


@admin.register(Centre)
class CentreAdmin(CentreScopedAdminMixin, admin.ModelAdmin):
    centre_field = "pk"
    coordinator_permissions = frozenset({"view"})
    list_display = ("name", "code", "region", "contact_email")
    search_fields = ("name", "code")
    filter_horizontal = ("coordinators",)


@admin.register(TermsVersion)
class TermsVersionAdmin(admin.ModelAdmin):
    """Admins only (coordinators have no model permission on it)."""

    list_display = ("kind", "version", "published_at", "created_at")
    list_filter = ("kind",)
    actions = ["publish_now"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and not (obj and obj.acceptances.exists())

    def get_readonly_fields(self, request, obj=None):
        # Accepted: a record, shown but not editable (a change is a new version).
        if obj is not None and obj.is_accepted():
            return ("kind", "version", "text", "published_at", "created_at", "text_sha256")
        return ("text_sha256",)

    @admin.display(description=_("SHA-256 of the text"))
    def text_sha256(self, obj):
        return obj.text_sha256 if obj and obj.pk else "-"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and obj.is_accepted() and request.method == "GET":
            self.message_user(
                request,
                _(
                    "This version has been accepted: it can no longer be changed. "
                    "To change the text, add a new version."
                ),
                messages.INFO,
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        from .selectors import forget_current_terms

        forget_current_terms()

    @admin.action(description=_("Publish now (every user will be asked to accept)"))
    def publish_now(self, request, queryset):
        for version in queryset:
            try:
                services.terms_version_publish(actor=request.user, version=version)
            except ValidationError as exc:
                self.message_user(request, f"{version}: {' '.join(exc.messages)}", messages.ERROR)


@admin.register(TermsAcceptance)
class TermsAcceptanceAdmin(ReadOnlyAdmin):
    """Who accepted which terms, when: a record, for administrators."""

    list_display = ("user", "version", "accepted_at", "language", "ip_address")
    list_filter = ("version",)
    list_select_related = ("user", "version")
    search_fields = ("user__username", "user__email")
    readonly_fields = ("user", "version", "accepted_at", "language", "ip_address", "text_sha256")
