from django.contrib import admin

from news.models import Article, Category, ReviewEvent, Revision


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    prepopulated_fields = {"slug": ["name"]}


class ReviewEventInline(admin.TabularInline):
    model = ReviewEvent
    extra = 0
    can_delete = False
    readonly_fields = ["actor", "from_state", "to_state", "note", "revision", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "kim", "author", "state", "published_at"]
    list_filter = ["state", "categories"]
    search_fields = ["title", "summary"]
    # States move only through news.services, so the timeline stays true.
    readonly_fields = ["state", "submitted_at", "published_at", "author", "kim", "photo"]
    inlines = [ReviewEventInline]


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ["article", "number", "editor", "created_at"]
