from django.contrib import admin

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
    list_display = ["name", "kelurahan", "status", "created_at"]
    list_filter = ["status", "kelurahan__kecamatan", "kelurahan"]
    search_fields = ["name", "slug"]
    inlines = [MembershipInline, KimStatusChangeInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "kim", "role", "status", "requested_at"]
    list_filter = ["status", "role", "kim__kelurahan__kecamatan"]
    search_fields = ["user__email", "user__full_name", "kim__name"]
    raw_id_fields = ["user", "kim", "decided_by"]
