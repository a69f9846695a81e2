from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from groups.models import Kecamatan, Kelurahan, Kim, KimStatusChange, Membership


@admin.register(Kecamatan)
class KecamatanAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Kelurahan)
class KelurahanAdmin(admin.ModelAdmin):
    list_display = ["name", "kecamatan", "slug"]
    list_filter = ["kecamatan"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "kim"
    extra = 0
    raw_id_fields = ["user", "decided_by"]


class KimStatusChangeInline(admin.TabularInline):
    model = KimStatusChange
    extra = 0
    readonly_fields = ["actor", "from_status", "to_status", "note", "created_at"]
    can_delete = False


@admin.register(Kim)
class KimAdmin(admin.ModelAdmin):
    list_display = ["name", "kelurahan", "status", "decree_number", "registered_by", "created_at"]
    list_filter = ["status", "kelurahan__kecamatan", "kelurahan", "created_at"]
    search_fields = ["name", "slug", "decree_number", "email", "registered_by__email"]
    date_hierarchy = "created_at"
    raw_id_fields = ["registered_by"]
    # Status changes go through the Redaksi desk (groups.services), so they are recorded and
    # mailed; files are uploaded through the validated portal forms.
    readonly_fields = ["status", "logo", "decree_file", "statutes_file", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kelurahan", "status", "registered_by"]}),
        (
            _("Profile"),
            {"fields": ["address", "description", "logo", "founded_on", "focus_areas"]},
        ),
        (
            _("Founding decree"),
            {
                "fields": [
                    "decree_number",
                    "decree_date",
                    "decree_issuer",
                    "decree_file",
                    "statutes_file",
                ]
            },
        ),
        (
            _("Contact"),
            {
                "fields": [
                    "phone",
                    "email",
                    "website_url",
                    "facebook_url",
                    "instagram_url",
                    "youtube_url",
                ]
            },
        ),
        (None, {"fields": ["created_at", "updated_at"]}),
    ]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline, KimStatusChangeInline]


@admin.register(KimStatusChange)
class KimStatusChangeAdmin(admin.ModelAdmin):
    list_display = ["kim", "from_status", "to_status", "actor", "created_at"]
    list_filter = ["to_status", "created_at"]
    search_fields = ["kim__name", "actor__email", "note"]
    readonly_fields = ["kim", "actor", "from_status", "to_status", "note", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "kim", "role", "status", "requested_at"]
    list_filter = ["status", "role", "kim__kelurahan__kecamatan"]
    search_fields = ["user__email", "user__full_name", "kim__name"]
    raw_id_fields = ["user", "kim", "decided_by"]
