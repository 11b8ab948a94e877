"""Admin scoping for coordinators: a coordinator sees, in the Django admin,
only the rows of the centres they coordinate; another centre's row is a 404
even by URL. Other apps' admins use it as::

    @admin.register(Registration)
    class RegistrationAdmin(CentreScopedAdminMixin, admin.ModelAdmin):
        centre_field = "preparation__centre"
"""

from django.http import Http404

from . import selectors
from .models import Centre, User


def coordinated_centre_ids(request) -> list[int]:
    """Ids of the centres the requesting user coordinates (memoised on the
    request: the admin asks many times per page)."""
    if not hasattr(request, "_callisto_centre_ids"):
        request._callisto_centre_ids = list(
            selectors.centres_coordinated_by(request.user).values_list("pk", flat=True)
        )
    return request._callisto_centre_ids


class CentreScopedAdminMixin:
    """Limit a ModelAdmin to the coordinator's centres.

    - ``centre_field``: lookup from the model to its ``Centre`` ("centre",
      "preparation__centre", or "pk" on the Centre admin itself).
    - ``coordinator_permissions``: what a coordinator may do on rows in scope.
    Admins (superusers) keep the normal behaviour.
    """

    centre_field = "centre"
    coordinator_permissions = frozenset({"view", "add", "change"})

    def _is_admin(self, request) -> bool:
        return request.user.is_superuser

    def _is_coordinator(self, request) -> bool:
        return (
            request.user.is_active
            and request.user.is_staff
            and bool(coordinated_centre_ids(request))
        )

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if self._is_admin(request):
            return qs
        if not self._is_coordinator(request):
            return qs.none()
        return qs.filter(**{f"{self.centre_field}__in": coordinated_centre_ids(request)})

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            # Never tell a coordinator that another centre's row exists.
            raise Http404
        return obj

    def _coordinator_may(self, request, action, obj) -> bool:
        if action not in self.coordinator_permissions or not self._is_coordinator(request):
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_module_permission(self, request):
        return self._is_admin(request) or self._is_coordinator(request)

    def has_view_permission(self, request, obj=None):
        if self._is_admin(request):
            return super().has_view_permission(request, obj)
        return self._coordinator_may(request, "view", obj) or self._coordinator_may(
            request, "change", obj
        )

    def has_add_permission(self, request, *args):
        if self._is_admin(request):
            return super().has_add_permission(request, *args)
        return self._coordinator_may(request, "add", None)

    def has_change_permission(self, request, obj=None):
        if self._is_admin(request):
            return super().has_change_permission(request, obj)
        return self._coordinator_may(request, "change", obj)

    def has_delete_permission(self, request, obj=None):
        if self._is_admin(request):
            return super().has_delete_permission(request, obj)
        return self._coordinator_may(request, "delete", obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not self._is_admin(request):
            # A subclass that narrowed the choices itself keeps its queryset.
            if db_field.related_model is Centre:
                kwargs.setdefault(
                    "queryset", Centre.objects.filter(pk__in=coordinated_centre_ids(request))
                )
            elif db_field.related_model is User:
                kwargs.setdefault("queryset", selectors.users_managed_by(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if not self._is_admin(request):
            # A subclass that narrowed the choices itself keeps its queryset.
            if db_field.related_model is Centre:
                kwargs.setdefault(
                    "queryset", Centre.objects.filter(pk__in=coordinated_centre_ids(request))
                )
            elif db_field.related_model is User:
                kwargs.setdefault("queryset", selectors.users_managed_by(request.user))
        return super().formfield_for_manytomany(db_field, request, **kwargs)
