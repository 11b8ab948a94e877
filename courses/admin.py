from django import forms
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.api import CentreScopedAdminMixin, coordinated_centre_ids
from core import exports, spreadsheets

from .forms import ActivityAdminForm, CandidateImportForm, RegistrationAdminForm
from .imports import MAX_BYTES, check_candidates_csv, decode_upload
from .models import (
    Activity,
    Course,
    Exam,
    ExamFamily,
    Preparation,
    Registration,
    Section,
    StaffRole,
    SupportRequest,
)
from .relations import tutors_of_centres


@admin.register(ExamFamily)
class ExamFamilyAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Exam)
class ExamAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "family", "category", "slug")
    list_filter = ("kind", "category", "family")
    search_fields = ("name", "slug")
    list_select_related = ("family",)

    def save_model(self, request, obj, form, change):
        """A new family or kind changes what its candidates are enrolled in."""
        from .services import exam_resync

        super().save_model(request, obj, form, change)
        if change and {"family", "kind"} & set(form.changed_data):
            changes = exam_resync(actor=request.user, exam=obj)
            self.message_user(request, changes.summary(), messages.INFO)


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ("title", "position", "is_essential")


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "family", "position", "is_visible")
    list_filter = ("kind", "is_visible", "family")
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    list_select_related = ("family",)
    inlines = [SectionInline]

    def save_model(self, request, obj, form, change):
        """A new course, or a new kind or family, changes who is enrolled in
        it: the registrations concerned are re-synced (docs/preparations.md)."""
        from .services import course_resync

        super().save_model(request, obj, form, change)
        if not change or {"family", "kind"} & set(form.changed_data):
            previous = form.initial.get("family") if change else None
            changes = course_resync(actor=request.user, course=obj, previous_family_id=previous)
            self.message_user(request, changes.summary(), messages.INFO)


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    form = ActivityAdminForm

    list_display = ("title", "course", "section", "kind", "completion_rule", "is_visible")
    list_filter = ("kind", "completion_rule", "is_visible", "course")
    search_fields = ("title",)
    list_select_related = ("course", "section")


# --- Coordinators: their centres' preparations and registrations -----------------


class RegistrationInline(admin.TabularInline):
    model = Registration
    fk_name = "preparation"
    extra = 0
    fields = ("candidate", "tutor", "status", "withdrawn_at")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("candidate", "tutor")


@admin.register(Preparation)
class PreparationAdmin(CentreScopedAdminMixin, admin.ModelAdmin):
    centre_field = "centre"
    list_display = (
        "name",
        "centre",
        "session_year",
        "mode",
        "opens_on",
        "closes_on",
        "active_count",
        "withdrawn_count",
    )
    list_filter = ("session_year", "mode", ("centre", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name",)
    filter_horizontal = ("exams",)
    list_select_related = ("centre",)
    inlines = [RegistrationInline]
    change_form_template = "courses/admin/preparation_change_form.html"
    actions = ["resync_enrolments"]

    @admin.action(description=_("Re-sync the enrolments of the candidates"))
    def resync_enrolments(self, request, queryset):
        """Every registration of the chosen preparations (of the
        coordinator's centres: ``queryset`` is scoped) follows the rules
        again; the report says what changed."""
        from .services import preparation_resync

        for preparation in queryset:
            changes = preparation_resync(actor=request.user, preparation=preparation)
            self.message_user(
                request,
                _("%(preparation)s: %(summary)s")
                % {"preparation": preparation.name, "summary": changes.summary()},
                messages.SUCCESS,
            )

    def save_related(self, request, form, formsets, change):
        """The exams prepared changed: the candidates' courses follow."""
        from .services import preparation_resync

        super().save_related(request, form, formsets, change)
        if change and "exams" in form.changed_data:
            changes = preparation_resync(actor=request.user, preparation=form.instance)
            if changes.changed:
                self.message_user(request, changes.summary(), messages.INFO)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _active=Count("registrations", filter=Q(registrations__status="active")),
                _withdrawn=Count("registrations", filter=Q(registrations__status="withdrawn")),
            )
        )

    @admin.display(description=_("active candidates"), ordering="_active")
    def active_count(self, obj):
        return obj._active

    @admin.display(description=_("withdrawals"), ordering="_withdrawn")
    def withdrawn_count(self, obj):
        return obj._withdrawn

    def get_urls(self):
        return [
            path(
                "<int:object_id>/importer-des-stagiaires/",
                self.admin_site.admin_view(self.import_candidates_view),
                name="courses_preparation_import",
            ),
            path(
                "<int:object_id>/importer-des-stagiaires/modele.csv",
                self.admin_site.admin_view(self.import_template_view),
                name="courses_preparation_import_template",
            ),
            *super().get_urls(),
        ]

    def import_template_view(self, request, object_id):
        """The model file of the import: the French columns and one line per
        exam the preparation accepts (core.spreadsheets: Excel's CSV)."""
        from core.spreadsheets import csv_response

        from .imports import TEMPLATE_HEADER, template_rows

        preparation = self.get_object(request, object_id)
        if not self.has_change_permission(request, preparation):
            raise PermissionDenied
        return csv_response(
            f"modele-stagiaires-{preparation.pk}.csv", TEMPLATE_HEADER, template_rows(preparation)
        )

    def import_candidates_view(self, request, object_id):
        """CSV import: upload → checked preview → confirm (one transaction)."""
        from .services import candidates_import

        preparation = self.get_object(request, object_id)
        if not self.has_change_permission(request, preparation):
            raise PermissionDenied
        signer = signing.Signer(salt=f"courses.import.{preparation.pk}.{request.user.pk}")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "preparation": preparation,
            "title": _("Import candidates into “%(name)s”") % {"name": preparation.name},
            "form": CandidateImportForm(),
            "check": None,
        }
        if request.method == "POST" and "confirm" in request.POST:
            try:
                text = signer.unsign_object(request.POST.get("payload", ""))
            except signing.BadSignature as exc:
                raise PermissionDenied from exc
            check = check_candidates_csv(text, preparation)
            if check.ok:
                with transaction.atomic():
                    registrations = candidates_import(
                        actor=request.user, preparation=preparation, rows=check.rows
                    )
                self.message_user(
                    request,
                    ngettext(
                        "%(count)s candidate imported.",
                        "%(count)s candidates imported.",
                        len(registrations),
                    )
                    % {"count": len(registrations)},
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:courses_preparation_change", args=[preparation.pk]))
            context["check"] = check
        elif request.method == "POST":
            form = CandidateImportForm(request.POST, request.FILES)
            context["form"] = form
            if form.is_valid():
                upload = form.cleaned_data["file"]
                if upload.size > MAX_BYTES:
                    form.add_error("file", _("The file is too large (1 MB at most)."))
                else:
                    text = decode_upload(upload.read())
                    check = check_candidates_csv(text, preparation)
                    context["check"] = check
                    if check.ok:
                        context["payload"] = signer.sign_object(text, compress=True)
        return TemplateResponse(request, "courses/admin/import_candidates.html", context)


@admin.action(description=_("(Re)send the activation email"))
def resend_activation(modeladmin, request, queryset):
    from accounts.api import send_activation

    count = 0
    for registration in queryset.select_related("candidate"):
        try:
            send_activation(registration.candidate, actor=request.user)
        except ValidationError as exc:  # already activated, inactive, no address
            modeladmin.message_user(
                request, f"{registration.candidate}: {' '.join(exc.messages)}", messages.ERROR
            )
            continue
        count += 1
    modeladmin.message_user(
        request,
        ngettext(
            "Activation email queued for %(count)s candidate.",
            "Activation email queued for %(count)s candidates.",
            count,
        )
        % {"count": count},
        messages.SUCCESS,
    )


@admin.register(Registration)
class RegistrationAdmin(CentreScopedAdminMixin, admin.ModelAdmin):
    form = RegistrationAdminForm
    centre_field = "preparation__centre"
    list_display = ("candidate", "preparation", "tutor", "status", "withdrawn_at", "reason")
    # Related-only filters: the sidebar must not list other centres' preparations.
    list_filter = (
        "status",
        ("preparation", admin.RelatedOnlyFieldListFilter),
        ("withdrawn_at", admin.DateFieldListFilter),
    )
    search_fields = (
        "candidate__username",
        "candidate__email",
        "candidate__first_name",
        "candidate__last_name",
    )
    list_select_related = ("candidate", "preparation", "tutor")
    filter_horizontal = ("exams",)
    fields = (
        "candidate",
        "preparation",
        "exams",
        "tutor",
        "status",
        "created_at",
        "withdrawn_at",
        "withdrawal_reason",
    )
    readonly_fields = ("created_at", "withdrawn_at", "withdrawal_reason")
    actions = [resend_activation, "export_csv", "export_ods"]

    def _export(self, request, queryset, write):
        """The selected registrations (of the coordinator's centres only: the
        changelist's queryset) as a table, through ``core.spreadsheets`` (a
        name typed as a formula stays text) and the export limit."""
        if (refused := exports.refusal(request)) is not None:
            return refused
        header = [
            _("last name"),
            _("first name"),
            _("username"),
            _("email address"),
            _("preparation"),
            _("exams"),
            _("tutor"),
            _("status"),
            _("registered at"),
            _("withdrawn at"),
        ]
        registrations = queryset.select_related(
            "candidate", "preparation", "tutor"
        ).prefetch_related("exams")
        rows = (
            [
                r.candidate.last_name,
                r.candidate.first_name,
                r.candidate.username,
                r.candidate.email or "",
                r.preparation.name,
                ", ".join(exam.name for exam in r.exams.all()),
                r.tutor.get_display_name() if r.tutor else "",
                r.get_status_display(),
                timezone.localtime(r.created_at),
                timezone.localtime(r.withdrawn_at) if r.withdrawn_at else "",
            ]
            for r in registrations.order_by("candidate__last_name", "candidate__first_name", "pk")
        )
        return write(header, rows)

    @admin.action(description=_("Export the selected registrations (CSV)"), permissions=["view"])
    def export_csv(self, request, queryset):
        return self._export(
            request, queryset, lambda h, r: spreadsheets.csv_response("inscriptions.csv", h, r)
        )

    @admin.action(description=_("Export the selected registrations (ODS)"), permissions=["view"])
    def export_ods(self, request, queryset):
        return self._export(
            request,
            queryset,
            lambda h, r: spreadsheets.ods_response("inscriptions.ods", h, list(r), "Inscriptions"),
        )

    @admin.display(description=_("reason for withdrawal"))
    def reason(self, obj):
        text = obj.withdrawal_reason
        return text if len(text) <= 80 else text[:79] + "…"

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # Moving a registration to another candidate or preparation would
            # rewrite its history: create a new one instead.
            readonly += ["candidate", "preparation"]
        return readonly

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        from django.contrib.auth import get_user_model

        if not self._is_admin(request):
            centres = coordinated_centre_ids(request)
            if db_field.name == "preparation":
                kwargs["queryset"] = Preparation.objects.filter(centre__in=centres)
            elif db_field.name == "candidate":
                kwargs["queryset"] = get_user_model().objects.filter(
                    centre__in=centres, is_active=True
                )
            elif db_field.name == "tutor":
                # Who holds a tutor grant in the coordinator's centres; the
                # form refuses a tutor of another centre than the
                # preparation's and a candidate of the preparation.
                kwargs["queryset"] = tutors_of_centres(centres)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        """On an existing registration, a coordinator is offered the tutors
        of its preparation (``relations.eligible_tutors``), plus the one
        named. Administrators choose among everyone and read the rule's
        reason when it refuses (``RegistrationAdminForm``)."""
        from django.db.models import Q as _Q

        from .relations import eligible_tutors

        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and not self._is_admin(request) and "tutor" in form.base_fields:
            field = form.base_fields["tutor"]
            eligible = eligible_tutors(obj.preparation).values("pk")
            field.queryset = field.queryset.model.objects.filter(
                _Q(pk__in=eligible) | _Q(pk=obj.tutor_id)
            )
        return form

    def save_model(self, request, obj, form, change):
        """A status change goes through the registration service, as the
        candidate's own withdrawal does: dated, audited, emailed. The other
        fields are saved here."""
        from .services import registration_set_status

        if not change or "status" not in form.changed_data:
            super().save_model(request, obj, form, change)
            return
        status = obj.status
        obj.status = form.initial["status"]
        super().save_model(request, obj, form, change)
        saved = registration_set_status(actor=request.user, registration=obj, status=status)
        obj.status = saved.status
        obj.withdrawn_at = saved.withdrawn_at
        obj.withdrawal_reason = saved.withdrawal_reason

    def save_related(self, request, form, formsets, change):
        from .services import enrolments_sync

        super().save_related(request, form, formsets, change)
        enrolments_sync(registration=form.instance)


# --- Staff roles (decision 0017): the same services as /centre/equipe/ --------------


class StaffRoleAdminForm(forms.ModelForm):
    """A new grant. The right and the rule are the services' own
    (``permissions.can_grant_role``, ``relations.staff_role_refusal``), asked
    here too so that a refusal is a form error, not an error page."""

    class Meta:
        model = StaffRole
        fields = ("user", "role", "centre", "course")

    actor = None

    def clean(self):
        from .permissions import can_grant_role
        from .relations import staff_role_refusal

        cleaned = super().clean()
        user, role = cleaned.get("user"), cleaned.get("role")
        centre, course = cleaned.get("centre"), cleaned.get("course")
        if not (user and role and centre):
            return cleaned
        if role not in StaffRole.COURSE_ROLES:
            cleaned["course"] = course = None
        elif course is None:
            self.add_error("course", _("Choose the course."))
            return cleaned
        if not can_grant_role(self.actor, user=user, role=role, centre=centre, course=course):
            raise forms.ValidationError(_("You may not grant this role."))
        refusal = staff_role_refusal(user, role, centre, course)
        if refusal:
            raise forms.ValidationError(refusal)
        return cleaned

    def validate_unique(self):
        # An active grant of the same role is returned by role_grant as is.
        pass


@admin.action(description=_("Withdraw the selected roles"))
def withdraw_roles(modeladmin, request, queryset):
    from .services import role_withdraw

    count = 0
    for grant in queryset.filter(withdrawn_at=None).select_related("user", "centre", "course"):
        try:
            role_withdraw(actor=request.user, grant=grant)
        except (ValidationError, PermissionDenied) as error:
            reason = " ".join(getattr(error, "messages", [str(error)]))
            modeladmin.message_user(request, f"{grant}\u00a0: {reason}", messages.ERROR)
            continue
        count += 1
    if count:
        modeladmin.message_user(
            request,
            ngettext("%(count)s role withdrawn.", "%(count)s roles withdrawn.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(StaffRole)
class StaffRoleAdmin(CentreScopedAdminMixin, admin.ModelAdmin):
    """Grants of the coordinator's centres (all for administrators); a new
    one through ``services.role_grant``, withdrawn through
    ``services.role_withdraw`` (the action); never deleted."""

    form = StaffRoleAdminForm
    centre_field = "centre"
    list_display = ("user", "role", "centre", "course", "granted_at", "granted_by", "withdrawn_at")
    list_filter = (
        "role",
        ("withdrawn_at", admin.EmptyFieldListFilter),
        ("centre", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("user__username", "user__email", "user__first_name", "user__last_name")
    list_select_related = ("user", "centre", "course", "granted_by")
    actions = [withdraw_roles]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return (
                "user",
                "role",
                "centre",
                "course",
                "granted_at",
                "granted_by",
                "withdrawn_at",
                "withdrawn_by",
            )
        return ()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user
        return form

    def has_delete_permission(self, request, obj=None):
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        from .relations import courses_of_centre

        if not self._is_admin(request) and db_field.name == "course":
            centres = coordinated_centre_ids(request)
            condition = Q(pk__in=[])
            for centre_id in centres:
                condition |= Q(pk__in=courses_of_centre(centre_id).values("pk"))
            kwargs["queryset"] = Course.objects.filter(condition)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        from .services import role_grant

        if change:
            return
        grant = role_grant(
            actor=request.user,
            user=obj.user,
            role=obj.role,
            centre=obj.centre,
            course=form.cleaned_data.get("course"),
        )
        obj.pk = grant.pk
        obj.granted_at = grant.granted_at


# --- Coordinators: their candidates' support requests ------------------------------


class SupportRequestStatusFilter(admin.SimpleListFilter):
    """Open requests by default: the list is the coordinator's to-do."""

    title = _("status")
    parameter_name = "etat"

    def lookups(self, request, model_admin):
        return [("handled", _("handled")), ("all", _("all"))]

    def queryset(self, request, queryset):
        if self.value() == "all":
            return queryset
        if self.value() == "handled":
            return queryset.filter(status=SupportRequest.Status.HANDLED)
        return queryset.filter(status=SupportRequest.Status.OPEN)

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("to handle"),
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


@admin.action(description=_("Mark handled"))
def mark_handled(modeladmin, request, queryset):
    from .services import support_request_mark_handled

    count = 0
    for support_request in queryset:
        count += support_request_mark_handled(actor=request.user, support_request=support_request)
    modeladmin.message_user(
        request,
        ngettext("%(count)s request marked handled.", "%(count)s requests marked handled.", count)
        % {"count": count},
        messages.SUCCESS,
    )


@admin.register(SupportRequest)
class SupportRequestAdmin(CentreScopedAdminMixin, admin.ModelAdmin):
    """The support requests of the coordinator's centres, open ones first
    (read-only: the candidate wrote them; "Mark handled" closes them)."""

    centre_field = "registration__preparation__centre"
    coordinator_permissions = frozenset({"view", "change"})
    list_display = ("created_at", "candidate", "preparation", "kind", "status", "handled_by")
    list_filter = (SupportRequestStatusFilter, "kind")
    list_select_related = (
        "registration__candidate",
        "registration__preparation",
        "handled_by",
    )
    search_fields = (
        "registration__candidate__last_name",
        "registration__candidate__first_name",
        "registration__candidate__email",
    )
    fields = (
        "registration",
        "kind",
        "message",
        "created_at",
        "status",
        "handled_at",
        "handled_by",
    )
    readonly_fields = fields
    actions = [mark_handled]

    @admin.display(description=_("candidate"), ordering="registration__candidate__last_name")
    def candidate(self, obj):
        return obj.registration.candidate

    @admin.display(description=_("preparation"))
    def preparation(self, obj):
        return obj.registration.preparation

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
